// Kestrel's limits and timeouts over real sockets, with small configured values so each case
// runs in a few seconds at most (reference/kestrel.md §1.4, reference/security.md §3).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import net from 'node:net';
import { start, raw, parseResponses, responses, sleep } from './helpers.mjs';

const readAll = async (ctx) => ctx.response.send(String((await ctx.request.bytes()).length));

test('MaxRequestBodySize: a Content-Length above the limit → 413 when the body is read', async () => {
  const s = await start(readAll, { limits: { maxRequestBodySize: 10 } });
  try {
    const { text, closed } = await raw(s.port, 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello world');
    assert.ok(closed);
    assert.is(parseResponses(text)[0].status, 413);
    assert.is(s.errors.length, 0, 'a limit is not an application error');
  } finally { await s.close(); }
});

test('MaxRequestBodySize: a chunked body growing past the limit → 413', async () => {
  const s = await start(readAll, { limits: { maxRequestBodySize: 10 } });
  try {
    const { text, closed } = await raw(s.port, 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nhello \r\n6\r\nworld!\r\n0\r\n\r\n');
    assert.ok(closed);
    assert.is(parseResponses(text)[0].status, 413);
  } finally { await s.close(); }
});

test('MaxRequestBodySize: raised per request before reading; locked afterwards', async () => {
  let lockedCode;
  const s = await start(async (ctx) => {
    ctx.request.maxRequestBodySize = 100;
    const body = await ctx.request.text();
    try { ctx.request.maxRequestBodySize = 5; } catch (error) { lockedCode = error.code; }
    ctx.response.send(body);
  }, { limits: { maxRequestBodySize: 5 } });
  try {
    const { text } = await raw(s.port, 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello world', { until: responses(1) });
    assert.is(parseResponses(text)[0].body, 'hello world');
    assert.is(lockedCode, 'ERR_LIMIT_LOCKED');
  } finally { await s.close(); }
});

test('MaxRequestLineSize → 414', async () => {
  const s = await start(readAll, { limits: { maxRequestLineSize: 64 } });
  try {
    const ok = await raw(s.port, `GET /${'a'.repeat(40)} HTTP/1.1\r\nHost: x\r\n\r\n`, { until: responses(1) });
    assert.is(parseResponses(ok.text)[0].status, 200);
    const { text, closed } = await raw(s.port, `GET /${'a'.repeat(100)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    assert.ok(closed);
    assert.is(parseResponses(text)[0].status, 414);
  } finally { await s.close(); }
});

test('MaxRequestHeaderCount and MaxRequestHeadersTotalSize → 431', async () => {
  const s = await start(readAll, { limits: { maxRequestHeaderCount: 4, maxRequestHeadersTotalSize: 200 } });
  try {
    const fields = (n) => Array.from({ length: n }, (_, i) => `X-${i}: 1\r\n`).join('');
    const ok = await raw(s.port, `GET / HTTP/1.1\r\nHost: x\r\n${fields(3)}\r\n`, { until: responses(1) });
    assert.is(parseResponses(ok.text)[0].status, 200);
    const many = await raw(s.port, `GET / HTTP/1.1\r\nHost: x\r\n${fields(4)}\r\n`);
    assert.is(parseResponses(many.text)[0].status, 431);
    const big = await raw(s.port, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(300)}\r\n\r\n`);
    assert.is(parseResponses(big.text)[0].status, 431);
  } finally { await s.close(); }
});

test('MaxRequestBufferSize: reading pauses while the application does not consume', async () => {
  let release;
  const gate = new Promise((resolve) => { release = resolve; });
  const s = await start(async (ctx) => { await gate; await readAll(ctx); }, { limits: { maxRequestBufferSize: 16 * 1024 } });
  try {
    const total = 8 * 1024 * 1024;
    const result = raw(s.port, [`POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${total}\r\n\r\n`, Buffer.alloc(total, 97)], { until: responses(1), timeout: 10000 });
    await sleep(300);
    const [conn] = s.server.connections;
    assert.ok(conn.paused, 'socket paused');
    const body = conn.current.body;
    assert.ok(body.queued <= 16 * 1024 + 256 * 1024, `queued ${body.queued}`);
    assert.ok(body.received < total, 'the client is held back');
    release();
    const { text } = await result;
    assert.is(parseResponses(text)[0].body, String(total));
  } finally { await s.close(); }
});

test('MaxConcurrentConnections: connections over the limit are closed at once', async () => {
  const s = await start(readAll, { limits: { maxConcurrentConnections: 1 } });
  try {
    const first = net.connect(s.port, '127.0.0.1');
    await new Promise((resolve) => first.on('connect', resolve));
    await sleep(50);
    const { text, closed } = await raw(s.port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n', { timeout: 2000 });
    assert.ok(closed);
    assert.is(text, '');
    first.destroy();
  } finally { await s.close(); }
});

test('RequestHeadersTimeout: a slowloris head gets 408 and the connection closes', async () => {
  const s = await start(readAll, { limits: { requestHeadersTimeout: 1000 } });
  try {
    const drip = [...'GET / HTTP/1.1\r\nHost: x\r\nX-Slow: 1234567890\r\n'];
    const began = Date.now();
    const { text, closed } = await raw(s.port, drip, { gap: 200, timeout: 6000 });
    assert.ok(closed);
    assert.is(parseResponses(text)[0].status, 408);
    const elapsed = Date.now() - began;
    assert.ok(elapsed >= 1000, `closed after ${elapsed} ms: a timeout never fires early`);
  } finally { await s.close(); }
});

test('RequestHeadersTimeout applies to the next head on a kept-alive connection, not KeepAliveTimeout', async () => {
  const s = await start(readAll, { limits: { requestHeadersTimeout: 1000, keepAliveTimeout: 60_000 } });
  try {
    const drip = ['GET / HTTP/1.1\r\nHost: x\r\n\r\n', ...'GET /second HTTP/1.1\r\nHost: x\r\nX-Slow: 123456789'];
    const { text, closed } = await raw(s.port, drip, { gap: 150, timeout: 6000 });
    assert.ok(closed);
    assert.equal(parseResponses(text).map((r) => r.status), [200, 408]);
  } finally { await s.close(); }
});

test('RequestHeadersTimeout also bounds a connection that sends nothing', async () => {
  const s = await start(readAll, { limits: { requestHeadersTimeout: 1000 } });
  try {
    const { text, closed } = await raw(s.port, [], { timeout: 5000 });
    assert.ok(closed);
    assert.is(parseResponses(text)[0].status, 408);
  } finally { await s.close(); }
});

test('KeepAliveTimeout: an idle connection is closed without a response', async () => {
  const s = await start(readAll, { limits: { keepAliveTimeout: 1000 } });
  try {
    const began = Date.now();
    const { text, closed } = await raw(s.port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n', { timeout: 6000 });
    assert.ok(closed);
    assert.is(parseResponses(text).length, 1);
    assert.ok(Date.now() - began >= 1000);
  } finally { await s.close(); }
});

test('MinRequestBodyDataRate: a slow body gets 408 after the grace period', async () => {
  const s = await start(readAll, { limits: { minRequestBodyDataRate: { bytesPerSecond: 1000, gracePeriod: 1000 } } });
  try {
    const drip = ['POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n', ...Array(40).fill('x')];
    const { text, closed } = await raw(s.port, drip, { gap: 150, timeout: 8000 });
    assert.ok(closed);
    assert.is(parseResponses(text)[0].status, 408);
  } finally { await s.close(); }
});

test('MinResponseDataRate: a client that stops reading is disconnected', async () => {
  let aborted = false;
  const s = await start(async (ctx) => {
    const chunk = Buffer.alloc(256 * 1024, 120);
    ctx.request.signal.addEventListener('abort', () => { aborted = true; });
    while (!ctx.request.aborted) await ctx.response.write(chunk);
  }, { limits: { minResponseDataRate: { bytesPerSecond: 500_000, gracePeriod: 1000 } } });
  try {
    const socket = net.connect(s.port, '127.0.0.1');
    socket.on('error', () => {});
    socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    socket.pause();
    const closed = await Promise.race([new Promise((resolve) => s.server.once('connectionClosed', () => resolve(true))), sleep(8000).then(() => false)]);
    socket.destroy();
    assert.ok(closed, 'server dropped the connection');
    assert.ok(aborted, 'the request signal fired');
  } finally { await s.close(); }
});

test.run();
