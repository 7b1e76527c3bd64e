// Request and Response over a recording sink: the protocol-neutral context API.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Request, Response, FieldList, WindhoverError } from '../../dist/src/index.js';

const CONN = { remoteAddress: '127.0.0.1', remotePort: 5000, localAddress: '127.0.0.1', localPort: 80, encrypted: false };

function sink() {
  const log = [];
  let blocked = false;
  return {
    log,
    block(v) { blocked = v; },
    sendWhole(res, body, length) { log.push(['whole', res.status, body === null ? null : String(typeof body === 'string' ? body : Buffer.from(body)), length]); },
    sendHead(res, length) { log.push(['head', res.status, length]); },
    writeBody(chunk, length) { log.push(['data', String(typeof chunk === 'string' ? chunk : Buffer.from(chunk)), length]); return !blocked; },
    drain() { log.push(['drain']); return Promise.resolve(); },
    finish(res) { log.push(['finish', res.trailerSection ? [...res.trailerSection] : null]); },
  };
}

function codeOf(fn) {
  try { fn(); } catch (error) { assert.instance(error, WindhoverError); return error.code; }
  return 'no error';
}

test('request target: path, search, lazy query; absolute-form and asterisk-form', () => {
  const r = (target) => new Request({ method: 'GET', target: target }, 'HTTP/1.1', new FieldList(['Host', 'h:1']), null, CONN);
  assert.is(r('/a/b?x=1&y=%20').path, '/a/b');
  assert.is(r('/a/b?x=1&y=%20').search, '?x=1&y=%20');
  assert.is(r('/a/b?x=1&y=%20').query.get('y'), ' ');
  assert.is(r('/').search, '');
  assert.is(r('/?').search, '');
  assert.is(r('http://example.com/p?q=1').path, '/p');
  assert.is(r('http://example.com/p?q=1').authority, 'example.com');
  assert.is(r('http://example.com?q=1').path, '/');
  assert.is(r('http://example.com?q=1').search, '?q=1');
  assert.is(r('*').path, '*');
  assert.is(r('/x').authority, 'h:1');
  assert.is(r('/x').scheme, 'http');
  assert.is(r('/x').remotePort, 5000);
});

test('request without a body reads as empty', async () => {
  const r = new Request({ method: 'GET', target: '/' }, 'HTTP/1.1', new FieldList([]), null, CONN);
  assert.is(await r.text(), '');
  assert.is((await r.bytes()).length, 0);
  assert.is(r.body, null);
  assert.is((await r.trailers).size, 0);
  assert.is(r.maxRequestBodySize, null);
});

test('signal is created lazily and reflects an abort that happened before access', () => {
  const r = new Request({ method: 'GET', target: '/' }, 'HTTP/1.1', new FieldList([]), null, CONN);
  r.abortRequest(new Error('gone'));
  assert.ok(r.aborted);
  assert.ok(r.signal.aborted);
  const s = new Request({ method: 'GET', target: '/' }, 'HTTP/1.1', new FieldList([]), null, CONN);
  const signal = s.signal;
  let fired = 0;
  signal.addEventListener('abort', () => fired++);
  s.abortRequest(new Error('gone'));
  s.abortRequest(new Error('again'));
  assert.is(fired, 1);
});

test('send(string) computes the UTF-8 length; headers lock after sending', () => {
  const k = sink();
  const res = new Response(k, false);
  res.headers.set('content-type', 'text/plain');
  res.send('héllo');
  assert.equal(k.log, [['whole', 200, 'héllo', 6]]);
  assert.ok(res.headersSent && res.finished);
  assert.is(codeOf(() => res.headers.set('x', 'y')), 'ERR_HEADERS_SENT');
  assert.is(codeOf(() => res.send('again')), 'ERR_HEADERS_SENT');
  assert.is(codeOf(() => { res.status = 500; }), 'ERR_HEADERS_SENT');
});

test('status validation and statuses that forbid content', () => {
  const res = new Response(sink(), false);
  assert.is(codeOf(() => { res.status = 99; }), 'ERR_INVALID_STATUS');
  assert.is(codeOf(() => { res.status = 200.5; }), 'ERR_INVALID_STATUS');
  res.status = 204;
  assert.is(codeOf(() => res.send('x')), 'ERR_BODY_NOT_ALLOWED');
  res.status = 103;
  assert.is(codeOf(() => res.send(null)), 'ERR_INVALID_STATUS');
  assert.is(codeOf(() => res.send(42)), 'ERR_INVALID_BODY');
});

test('Content-Length set by the application must match; HEAD may declare it without a body', () => {
  const res = new Response(sink(), false);
  res.headers.set('content-length', '3');
  assert.is(codeOf(() => res.send('four')), 'ERR_CONTENT_LENGTH_MISMATCH');
  const k = sink();
  const head = new Response(k, true);
  head.headers.set('content-length', '1234');
  head.send(null);
  assert.equal(k.log, [['whole', 200, null, 1234]]);
});

test('write/end streams: head once, chunks, finish with trailers; drain when blocked', async () => {
  const k = sink();
  const res = new Response(k, false);
  res.trailers.set('x-sum', '9');
  await res.write('ab');
  k.block(true);
  await res.write(new Uint8Array([0x63]));
  await res.write('');
  res.end('d');
  res.end();
  assert.equal(k.log, [['head', 200, -1], ['data', 'ab', 2], ['data', 'c', 1], ['drain'], ['data', 'd', 1], ['finish', [['x-sum', '9']]]]);
  assert.is(codeOf(() => res.end('more')), 'ERR_RESPONSE_ENDED');
  assert.is(codeOf(() => res.write('more')), 'ERR_RESPONSE_ENDED');
});

test('end() before any write sends the whole response with a known length', () => {
  const k = sink();
  const res = new Response(k, false);
  res.end('xyz');
  assert.equal(k.log, [['whole', 200, 'xyz', 3]]);
});

test('send(ReadableStream) pipes chunks and ends; an abort cancels the source', async () => {
  const k = sink();
  const res = new Response(k, false);
  await res.send(new ReadableStream({ start(c) { c.enqueue(new Uint8Array([104, 105])); c.close(); } }));
  assert.equal(k.log, [['head', 200, -1], ['data', 'hi', 2], ['finish', null]]);

  let cancelled = null;
  const endless = new ReadableStream({ pull() { return new Promise(() => {}); }, cancel(reason) { cancelled = reason; } });
  const res2 = new Response(sink(), false);
  const piping = res2.send(endless);
  await new Promise((r) => setImmediate(r));
  res2.abortResponse(new WindhoverError('ERR_REQUEST_ABORTED'));
  await piping;
  assert.is(cancelled?.code, 'ERR_REQUEST_ABORTED');
  assert.is(codeOf(() => res2.write('x')), 'ERR_REQUEST_ABORTED');
});

test('send(async iterable) pipes strings and bytes', async () => {
  const k = sink();
  const res = new Response(k, false);
  async function* gen() { yield 'a'; yield new Uint8Array([98]); }
  await res.send(gen());
  assert.equal(k.log, [['head', 200, -1], ['data', 'a', 1], ['data', 'b', 1], ['finish', null]]);
});

test('hasTrailers is true for set trailers or a declared Trailer field', () => {
  const a = new Response(sink(), false);
  assert.not.ok(a.hasTrailers);
  a.headers.set('Trailer', 'x-sum');
  assert.ok(a.hasTrailers);
  const b = new Response(sink(), false);
  b.trailers.set('x-sum', '1');
  assert.ok(b.hasTrailers);
});

test.run();
