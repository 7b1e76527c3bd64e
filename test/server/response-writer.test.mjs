// HTTP/1.1 response serialization: RFC 9112 §4 (status line), §6 (framing), §7.1 (chunked),
// §9.6 (Connection: close), RFC 9110 §6.4.1 (no content for 1xx/204/304, HEAD).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ResponseHeaders } from '../../dist/src/index.js';
import { planFraming, renderHead, statusLine, chunkHeader, lastChunk, wantsClose } from '../../dist/src/h1/response-writer.js';

const LENGTH = 0, CHUNKED = 1, CLOSE = 2, NONE = 3;
const DATE = 'Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n';

function plan(overrides) {
  return { status: 200, reason: undefined, headers: new ResponseHeaders(), framing: LENGTH, length: 0,
    keepAlive: true, http10: false, dateLine: DATE, serverLine: '', trailerNames: '', ...overrides };
}

test('RFC 9110 §6.4.1: framing for statuses without content and for HEAD', () => {
  for (const status of [100, 101, 103, 204, 304]) assert.is(planFraming(status, false, 5, false, false), NONE, String(status));
  assert.is(planFraming(200, true, 5, false, false), LENGTH);
  assert.is(planFraming(200, true, -1, false, false), NONE);
});

test('RFC 9112 §6-7: Content-Length when known, chunked when not, close-delimited for HTTP/1.0', () => {
  assert.is(planFraming(200, false, 0, false, false), LENGTH);
  assert.is(planFraming(200, false, -1, false, false), CHUNKED);
  assert.is(planFraming(200, false, 10, false, true), CHUNKED, 'trailers force chunked');
  assert.is(planFraming(200, false, -1, true, false), CLOSE);
  assert.is(planFraming(200, false, 10, true, true), LENGTH, 'HTTP/1.0 drops trailers');
});

test('status line uses the registry reason phrase or the given one', () => {
  assert.is(statusLine(200), 'HTTP/1.1 200 OK\r\n');
  assert.is(statusLine(413), 'HTTP/1.1 413 Content Too Large\r\n');
  assert.is(statusLine(299), 'HTTP/1.1 299 \r\n');
  assert.is(statusLine(200, 'Fine'), 'HTTP/1.1 200 Fine\r\n');
});

test('head: application fields in order, then Date, Content-Length', () => {
  const headers = new ResponseHeaders().set('Content-Type', 'text/plain').append('X-A', '1').append('x-a', '2');
  assert.is(renderHead(plan({ headers, length: 13 })),
    'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-A: 1\r\nx-a: 2\r\n' + DATE + 'Content-Length: 13\r\n\r\n');
});

test('head: managed fields from the application are not emitted as given', () => {
  const headers = new ResponseHeaders().set('Connection', 'upgrade').set('Keep-Alive', 'timeout=5')
    .set('Transfer-Encoding', 'chunked').set('Content-Length', '99');
  assert.is(renderHead(plan({ headers, length: 2 })), 'HTTP/1.1 200 OK\r\n' + DATE + 'Content-Length: 2\r\n\r\n');
});

test('head: application Date and Server win over the server\'s', () => {
  const headers = new ResponseHeaders().set('date', 'x').set('server', 'y');
  assert.is(renderHead(plan({ headers, serverLine: 'Server: windhover\r\n', framing: NONE, status: 204 })),
    'HTTP/1.1 204 No Content\r\ndate: x\r\nserver: y\r\n\r\n');
  assert.is(renderHead(plan({ serverLine: 'Server: windhover\r\n', framing: NONE, status: 204 })),
    'HTTP/1.1 204 No Content\r\n' + DATE + 'Server: windhover\r\n\r\n');
});

test('head: chunked with a Trailer declaration; close; HTTP/1.0 keep-alive', () => {
  assert.is(renderHead(plan({ framing: CHUNKED, trailerNames: 'x-sum' })),
    'HTTP/1.1 200 OK\r\n' + DATE + 'Transfer-Encoding: chunked\r\nTrailer: x-sum\r\n\r\n');
  const declared = new ResponseHeaders().set('Trailer', 'X-Sum');
  assert.is(renderHead(plan({ headers: declared, framing: CHUNKED, trailerNames: 'x-sum' })),
    'HTTP/1.1 200 OK\r\nTrailer: X-Sum\r\n' + DATE + 'Transfer-Encoding: chunked\r\n\r\n');
  assert.is(renderHead(plan({ framing: CLOSE, keepAlive: false, http10: true })),
    'HTTP/1.1 200 OK\r\n' + DATE + 'Connection: close\r\n\r\n');
  assert.is(renderHead(plan({ length: 0, http10: true })),
    'HTTP/1.1 200 OK\r\n' + DATE + 'Content-Length: 0\r\nConnection: keep-alive\r\n\r\n');
});

test('RFC 9112 §7.1: chunk size in hex, last chunk with trailers', () => {
  assert.is(chunkHeader(1), '1\r\n');
  assert.is(chunkHeader(255), 'ff\r\n');
  assert.is(chunkHeader(65536), '10000\r\n');
  assert.is(lastChunk(null), '0\r\n\r\n');
  const trailers = new ResponseHeaders(true).set('X-Sum', 'abc').append('x-more', '1');
  assert.is(lastChunk(trailers), '0\r\nX-Sum: abc\r\nx-more: 1\r\n\r\n');
});

test('Connection: close requested by the application is recognised as a token', () => {
  assert.ok(wantsClose(new ResponseHeaders().set('Connection', 'close')));
  assert.ok(wantsClose(new ResponseHeaders().set('Connection', 'foo, Close')));
  assert.not.ok(wantsClose(new ResponseHeaders().set('Connection', 'closed')));
  assert.not.ok(wantsClose(new ResponseHeaders()));
});

test.run();
