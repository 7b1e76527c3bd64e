// Message-level behaviour: pipelining, start lines (RFC 9112 §3, §4), the HTTP/2 preface,
// upgrades and CONNECT, response bodies that depend on the request or status (HEAD, 1xx,
// 204, 304, CONNECT 2xx), close-delimited responses completed by finish(), keep-alive.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { request, response, errorOf } from './harness.mjs';
import { RequestParser, ResponseParser, parseRequest, parseResponse } from '../../dist/bindings/parser/index.js';

const enc = (text) => new Uint8Array(Buffer.from(text, 'latin1'));

test('RFC 9112 §9.3.2: 16 pipelined requests in one buffer are all parsed by one push', () => {
  let input = '';
  for (let i = 0; i < 16; i++) {
    input += i % 4 === 3
      ? `POST /p${i} HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n`
      : i % 2 ? `PUT /p${i} HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc`
        : `GET /p${i} HTTP/1.1\r\nHost: a\r\nAccept: */*\r\n\r\n`;
  }
  const parser = new RequestParser();
  const { messages, error } = parser.push(enc(input));
  assert.equal(error, null);
  assert.equal(messages.map((m) => m.url), Array.from({ length: 16 }, (_, i) => `/p${i}`));
  assert.ok(messages.every((m) => m.complete && m.keepAlive));
  assert.equal(Buffer.from(messages[3].body).toString(), 'ok');
  assert.equal(Buffer.from(messages[1].body).toString(), 'abc');
  parser.dispose();
  // The same stream at every split point and bytewise, on every build:
  assert.equal(request(input).messages.length, 16);
});

test('RFC 9112 §2.2: empty lines before a request line are ignored', () => {
  const outcome = request('\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\n');
  assert.equal(outcome.messages.map((m) => m.url), ['/', '/2']);
  assert.equal(errorOf(request('\rGET / HTTP/1.1\r\nHost: a\r\n\r\n')), 'LF_EXPECTED');
});

test('RFC 9110 §9.1: a method is any case-sensitive token', () => {
  for (const method of ['GET', 'get', 'FOO', 'M-SEARCH', 'X!#$%&\'*+-.^_`|~9']) {
    assert.equal(request(`${method} / HTTP/1.1\r\nHost: a\r\n\r\n`).messages[0].method, method);
  }
  assert.equal(errorOf(request('G(T / HTTP/1.1\r\n')), 'INVALID_METHOD');
  assert.equal(errorOf(request(' GET / HTTP/1.1\r\n')), 'INVALID_METHOD');
});

test('RFC 9112 §3.2: request-target forms and the methods that may use them', () => {
  const ok = (line) => assert.equal(request(`${line}\r\nHost: a:1\r\n\r\n`).error, null, line);
  const bad = (line) => assert.equal(errorOf(request(`${line}\r\nHost: a:1\r\n\r\n`)), 'INVALID_TARGET', line);
  ok('GET /a/b?c=d&e HTTP/1.1');
  ok('GET http://a:1/x?y HTTP/1.1');
  ok('OPTIONS * HTTP/1.1');
  ok('CONNECT a:1 HTTP/1.1');
  ok('CONNECT [::1]:443 HTTP/1.1');
  bad('GET * HTTP/1.1');
  bad('OPTIONS *x HTTP/1.1');
  bad('GET 1a:1 HTTP/1.1');
  bad('GET [::1]:80 HTTP/1.1');
  bad('CONNECT /x HTTP/1.1');
  // Found by differential fuzzing: IP-literals that are neither IPv6address nor IPvFuture.
  bad('CONNECT [:":1]:8080 HTTP/1.1');
  bad('CONNECT []:80 HTTP/1.1');
  bad('CONNECT [zz]:80 HTTP/1.1');
  bad('CONNECT [::1"]:8080 HTTP/1.1');
  ok('CONNECT [v1.a]:80 HTTP/1.1');
  bad('CONNECT a HTTP/1.1');
  bad('CONNECT a: HTTP/1.1');
  bad('GET  / HTTP/1.1');
  bad('GET /caf\xe9 HTTP/1.1');
  bad('GET /a\x7f HTTP/1.1');
  bad('GET /a\tb HTTP/1.1');
});

test('RFC 9112 §2.3: HTTP/1.0 and 1.1 parse; other well-formed versions are VERSION_NOT_SUPPORTED', () => {
  assert.equal(request('GET / HTTP/1.0\r\n\r\n').messages[0].version, '1.0');
  for (const version of ['HTTP/2.0', 'HTTP/1.2', 'HTTP/0.9', 'HTTP/3.0']) {
    const outcome = request(`GET / ${version}\r\nHost: a\r\n\r\n`);
    assert.equal(outcome.error, { code: 'VERSION_NOT_SUPPORTED', offset: 6 }, version);
  }
  for (const version of ['http/1.1', 'HTTP/1.10', 'HTTP/11', 'HTTP/1.1 ', 'HTTP/1.x', 'HTTPS/1.1']) {
    assert.equal(errorOf(request(`GET / ${version}\r\nHost: a\r\n\r\n`)), 'INVALID_VERSION', version);
  }
});

test('RFC 9113 §3.4: the HTTP/2 preface stops the parser at its first byte', () => {
  const preface = 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n';
  const outcome = request(`${preface}\x00\x00\x12\x04`);
  assert.equal(outcome.upgrade, { kind: 'h2-preface', offset: 0, rest: `${preface}\x00\x00\x12\x04` });
  assert.equal(outcome.messages, []);
  const later = request(`GET / HTTP/1.1\r\nHost: a\r\n\r\n${preface}`);
  assert.equal(later.upgrade.offset, 27);
  assert.equal(later.messages.length, 1);
  assert.equal(errorOf(request('PRI * HTTP/2.0\r\n\r\nXX\r\n\r\n')), 'INVALID_H2_PREFACE');
});

test('RFC 9110 §7.8: Connection: upgrade + Upgrade stops after the message; the rest is reported', () => {
  const head = 'GET /chat HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, Upgrade\r\nUpgrade: websocket\r\n\r\n';
  const outcome = request(`${head}\x81\x85frame`);
  assert.equal(outcome.messages.length, 1);
  assert.equal(outcome.messages[0].upgrade, true);
  assert.equal(outcome.upgrade, { kind: 'upgrade', offset: head.length, rest: '\x81\x85frame' });
  // Upgrade without the Connection option is only a field.
  const plain = request('GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n');
  assert.equal(plain.upgrade, null);
  assert.equal(plain.messages.length, 2);
});

test('RFC 9110 §7.8: an upgrade request with a body is read to its end first', () => {
  const input = 'POST / HTTP/1.1\r\nHost: a\r\nConnection: upgrade\r\nUpgrade: h2c\r\nContent-Length: 4\r\n\r\nbodyPRI';
  const outcome = request(input);
  assert.equal(outcome.messages[0].body, 'body');
  assert.equal(outcome.upgrade.offset, input.length - 3);
  assert.equal(outcome.upgrade.rest, 'PRI');
});

test('RFC 9110 §9.3.6: CONNECT has no content; the tunnel starts after the head', () => {
  const head = 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\nContent-Length: 10\r\n\r\n';
  const outcome = request(`${head}\x16\x03\x01`);
  assert.equal(outcome.messages[0].method, 'CONNECT');
  assert.equal(outcome.messages[0].body, '');
  assert.equal(outcome.upgrade.offset, head.length);
});

test('RFC 9112 §6.3 item 1: no body in responses to HEAD (expectResponseTo) or with 1xx/204/304', () => {
  const outcome = response('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc',
    { expect: ['HEAD', 'GET'] });
  assert.equal(outcome.messages.map((m) => [m.status, m.body, m.complete]), [[200, '', true], [200, 'abc', true]]);
  const statuses = response('HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n'
    + 'HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n'
    + 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </s>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
  assert.equal(statuses.messages.map((m) => [m.status, m.body]), [[204, ''], [304, ''], [100, ''], [103, ''], [200, 'ok']]);
});

test('RFC 9112 §6.3: 1xx responses do not use up a HEAD expectation', () => {
  const outcome = response('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n', { expect: ['HEAD'] });
  assert.equal(outcome.messages.map((m) => [m.status, m.complete]), [[100, true], [200, true]]);
});

test('RFC 9112 §6.3 item 2: a 2xx to CONNECT opens a tunnel; 101 switches protocols', () => {
  const tunnel = response('HTTP/1.1 200 Connection established\r\n\r\nTLS', { expect: ['CONNECT'] });
  assert.equal(tunnel.upgrade, { kind: 'upgrade', offset: 39, rest: 'TLS' });
  const refused = response('HTTP/1.1 407 Auth\r\nContent-Length: 2\r\n\r\nno', { expect: ['CONNECT'] });
  assert.equal([refused.upgrade, refused.messages[0].body], [null, 'no']);
  const switched = response('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n\x81\x00');
  assert.equal(switched.upgrade.rest, '\x81\x00');
});

test('expectations beyond the 16 queued in Wasm are fed in as responses arrive', () => {
  const parser = new ResponseParser();
  const methods = Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? 'HEAD' : 'GET'));
  for (const method of methods) parser.expectResponseTo(method);
  const input = methods.map(() => 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n').join('')
    + methods.filter((m) => m === 'GET').map(() => '').join('');
  // Bodies only for the GETs: rebuild the stream accordingly.
  const stream = methods.map((m) => `HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n${m === 'GET' ? 'ok' : ''}`).join('');
  const { messages, error } = parser.push(enc(stream));
  assert.equal(error, null);
  assert.equal(messages.length, 40);
  assert.equal(messages.map((m) => Buffer.from(m.body).toString()), methods.map((m) => (m === 'GET' ? 'ok' : '')));
  assert.ok(input.length > 0);
  parser.dispose();
});

test('RFC 9112 §6.3 item 8: a response without framing ends when the connection does (finish)', () => {
  const outcome = response('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end', { finish: true });
  assert.equal(outcome.messages[0].body, 'until the end');
  assert.equal(outcome.messages[0].complete, true);
  assert.equal(outcome.messages[0].keepAlive, false);
  const tePlain = response('HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nzz', { finish: true });
  assert.equal([tePlain.messages[0].body, tePlain.messages[0].complete], ['zz', true]);
  const oneShot = parseResponse(enc('HTTP/1.1 200 OK\r\n\r\nabc'), { end: true });
  assert.equal(Buffer.from(oneShot.messages[0].body).toString(), 'abc');
});

test('finish() inside any other message reports INCOMPLETE_MESSAGE at the end of the stream', () => {
  for (const input of ['GET / HTTP/1.1\r\nHost: a\r\n', 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 9\r\n\r\nabc',
    'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nab', 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX: 1\r\n']) {
    assert.equal(request(input, { finish: true }).error, { code: 'INCOMPLETE_MESSAGE', offset: input.length }, input);
  }
  assert.equal(request('GET / HTTP/1.1\r\nHost: a\r\n\r\n', { finish: true }).error, null);
  assert.equal(parseRequest(enc('GET / HTTP/1.1\r\nHost: a\r\n'), { end: true }).error.code, 'INCOMPLETE_MESSAGE');
});

test('RFC 9112 §9.3: keep-alive: 1.1 unless close; 1.0 only with keep-alive; tokens are a list', () => {
  const keep = (head) => request(`${head}\r\n`).messages[0].keepAlive;
  assert.equal(keep('GET / HTTP/1.1\r\nHost: a\r\n'), true);
  assert.equal(keep('GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n'), false);
  assert.equal(keep('GET / HTTP/1.1\r\nHost: a\r\nConnection: foo, CLOSE \r\n'), false);
  assert.equal(keep('GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive\r\nConnection: close\r\n'), false);
  assert.equal(keep('GET / HTTP/1.0\r\n'), false);
  assert.equal(keep('GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n'), true);
  assert.equal(keep('GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n'), false);
  assert.equal(keep('GET / HTTP/1.1\r\nHost: a\r\nProxy-Connection: close\r\n'), true);
});

test('RFC 9110 §10.1.1: Expect: 100-continue is flagged (case-insensitive)', async () => {
  const { lowLevel } = await import('../../dist/bindings/parser/index.js');
  const engine = new lowLevel.H1Engine('request');
  engine.push(enc('POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-Continue\r\nContent-Length: 1\r\n\r\n'));
  assert.equal(engine.next(), lowLevel.EVENT_HEAD);
  assert.equal(engine.head().expectContinue, true);
  engine.dispose();
});

test('RFC 9112 §4: status line: three digits, optional reason, obs-text allowed in the reason', () => {
  assert.equal(response('HTTP/1.1 404 Not Found\r\n\r\n').messages[0].reason, 'Not Found');
  assert.equal(response('HTTP/1.1 200 \r\n\r\n').messages[0].reason, '');
  assert.equal(response('HTTP/1.1 200\r\n\r\n').messages[0].reason, '');
  assert.equal(response('HTTP/1.1 200 Gr\xfc\xdfe\r\n\r\n').messages[0].reason, Buffer.from('Gr\xfc\xdfe', 'latin1').toString('utf8'));
  for (const line of ['HTTP/1.1 20 OK', 'HTTP/1.1 2000 OK', 'HTTP/1.1 099 X', 'HTTP/1.1 abc OK']) {
    assert.equal(errorOf(response(`${line}\r\n\r\n`)), 'INVALID_STATUS', line);
  }
  assert.equal(errorOf(response('HTTP/1.1 200 O\x01K\r\n\r\n')), 'INVALID_REASON');
});

test('HTTP/1.0 responses: TE is processed but the connection is not kept (RFC 9112 §6.1)', () => {
  const outcome = response('HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n');
  assert.equal([outcome.messages[0].body, outcome.messages[0].keepAlive], ['ok', false]);
});

test('streaming callbacks: head first, body pieces as they arrive, then completion', () => {
  const events = [];
  const parser = new RequestParser({
    onHeaders: (m) => events.push(['head', m.url, m.complete]),
    onBody: (m, piece) => events.push(['body', Buffer.from(piece).toString()]),
    onMessage: (m) => events.push(['end', m.url, m.complete, m.body.length]),
  });
  parser.push(enc('POST /u HTTP/1.1\r\nHost: a\r\nContent-Length: 6\r\n\r\nab'));
  parser.push(enc('cd'));
  const { messages } = parser.push(enc('ef'));
  assert.equal(events, [['head', '/u', false], ['body', 'ab'], ['body', 'cd'], ['body', 'ef'], ['end', '/u', true, 0]]);
  assert.equal(messages.length, 1);
  parser.dispose();
});

test('errors are ParseErrors with stable codes, numbers, reasons, statuses and stream offsets', async () => {
  const { ParseError } = await import('../../dist/bindings/parser/index.js');
  const parser = new RequestParser();
  parser.push(enc('GET / HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\n'));
  const { error } = parser.push(enc('Host: a\r\nX : y\r\n\r\n'));
  assert.ok(error instanceof ParseError && error instanceof Error);
  assert.equal([error.code, error.errno, error.offset, error.status], ['WHITESPACE_BEFORE_COLON', 9, 53, 400]);
  assert.match(error.reason, /colon/);
  // A stopped parser stays stopped until reset().
  assert.equal(parser.push(enc('GET / HTTP/1.1\r\nHost: a\r\n\r\n')).messages, []);
  parser.reset();
  assert.equal(parser.push(enc('GET / HTTP/1.1\r\nHost: a\r\n\r\n')).messages.length, 1);
  parser.dispose();
});

test.run();
