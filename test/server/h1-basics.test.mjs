// HTTP/1.1 exchanges over real sockets: framing of responses (RFC 9112 §6-7), HEAD and
// no-content statuses (RFC 9110 §6.4.1), persistence (RFC 9112 §9), bodies both ways,
// trailers both ways, errors from the application.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { start, raw, parseResponses, responses } from './helpers.mjs';

const hello = (ctx) => {
  ctx.response.headers.set('Content-Type', 'text/plain');
  ctx.response.send('Hello, World!');
};

test('GET answered with Content-Length, Date, and kept alive', async () => {
  const s = await start(hello);
  try {
    const { text } = await raw(s.port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n', { until: responses(1) });
    const [r] = parseResponses(text);
    assert.is(r.status, 200);
    assert.is(r.body, 'Hello, World!');
    assert.is(r.headers['content-length'], '13');
    assert.is(r.headers['content-type'], 'text/plain');
    assert.match(r.headers.date, /^\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT$/);
    assert.not.ok('connection' in r.headers);
  } finally { await s.close(); }
});

test('fetch (undici) gets the body, several times', async () => {
  const s = await start(hello);
  try {
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`http://127.0.0.1:${s.port}/`);
      assert.is(await res.text(), 'Hello, World!');
    }
  } finally { await s.close(); }
});

test('RFC 9110 §9.3.2: HEAD gets the GET headers and no body', async () => {
  const s = await start(hello);
  try {
    const { text } = await raw(s.port, 'HEAD / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n', { until: (t) => t.endsWith('Hello, World!') });
    assert.ok(text.startsWith('HTTP/1.1 200 OK\r\n'));
    const headEnd = text.indexOf('\r\n\r\n');
    assert.match(text.slice(0, headEnd), /Content-Length: 13/);
    assert.ok(text.slice(headEnd + 4).startsWith('HTTP/1.1 200 OK'), 'no body after the HEAD response');
  } finally { await s.close(); }
});

test('RFC 9110 §6.4.1: 204 and 304 carry no body and no Content-Length', async () => {
  const s = await start((ctx) => { ctx.response.status = ctx.request.path === '/204' ? 204 : 304; });
  try {
    const { text } = await raw(s.port, 'GET /204 HTTP/1.1\r\nHost: x\r\n\r\nGET /304 HTTP/1.1\r\nHost: x\r\n\r\n', { until: responses(2) });
    const [a, b] = parseResponses(text);
    assert.is(a.status, 204);
    assert.is(b.status, 304);
    assert.not.ok('content-length' in a.headers || 'transfer-encoding' in a.headers);
    assert.not.ok('content-length' in b.headers);
  } finally { await s.close(); }
});

test('RFC 9112 §9.3: HTTP/1.0 closes by default, stays open with keep-alive', async () => {
  const s = await start(hello);
  try {
    const closed = await raw(s.port, 'GET / HTTP/1.0\r\n\r\n');
    assert.ok(closed.closed);
    assert.match(closed.text, /Connection: close\r\n/);
    const kept = await raw(s.port, 'GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n', { until: responses(1), timeout: 1000 });
    assert.match(kept.text, /Connection: keep-alive\r\n/);
    assert.not.ok(kept.closed);
  } finally { await s.close(); }
});

test('RFC 9112 §6.3/§7.1: HTTP/1.0 streaming is close-delimited, HTTP/1.1 streaming is chunked', async () => {
  const s = await start(async (ctx) => { await ctx.response.write('a'); await ctx.response.write('bc'); });
  try {
    const old = await raw(s.port, 'GET / HTTP/1.0\r\n\r\n');
    assert.ok(old.closed);
    assert.ok(old.text.endsWith('\r\n\r\nabc'));
    assert.not.match(old.text, /Transfer-Encoding/);
    const now = await raw(s.port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n', { until: responses(1) });
    assert.match(now.text, /Transfer-Encoding: chunked\r\n/);
    assert.ok(now.text.endsWith('\r\n\r\n1\r\na\r\n2\r\nbc\r\n0\r\n\r\n'));
  } finally { await s.close(); }
});

test('request bodies: Content-Length and chunked, echoed back', async () => {
  const s = await start(async (ctx) => ctx.response.send(await ctx.request.text()));
  try {
    const { text } = await raw(s.port, [
      'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello',
      'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\n\r\n',
    ], { until: responses(2) });
    const [a, b] = parseResponses(text);
    assert.is(a.body, 'hello');
    assert.is(b.body, 'abcde');
  } finally { await s.close(); }
});

test('RFC 9112 §7.1.2: request trailers reach the application; response trailers are declared', async () => {
  const s = await start(async (ctx) => {
    const body = await ctx.request.text();
    const trailers = await ctx.request.trailers;
    ctx.response.trailers.set('X-Echo', trailers.get('x-sum') ?? 'none');
    ctx.response.send(body);
  });
  try {
    const { text } = await raw(s.port, 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\nX-Sum: 42\r\n\r\n', { until: responses(1) });
    const [r] = parseResponses(text);
    assert.is(r.headers['transfer-encoding'], 'chunked');
    assert.is(r.headers.trailer, 'x-echo');
    assert.is(r.body, 'hi');
    assert.equal(r.trailers, { 'x-echo': '42' });
  } finally { await s.close(); }
});

test('application Connection: close ends the connection after the response', async () => {
  const s = await start((ctx) => { ctx.response.headers.set('Connection', 'close'); ctx.response.send('bye'); });
  try {
    const { text, closed } = await raw(s.port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /never HTTP/1.1\r\nHost: x\r\n\r\n');
    assert.ok(closed);
    assert.is(parseResponses(text).length, 1);
    assert.match(text, /Connection: close\r\n/);
  } finally { await s.close(); }
});

test('no middleware answer → 404; an exception → 500 with Connection: close, reported once', async () => {
  const s = await start([(ctx, next) => (ctx.request.path === '/boom' ? Promise.reject(new Error('boom')) : next())]);
  try {
    const a = await raw(s.port, 'GET /none HTTP/1.1\r\nHost: x\r\n\r\n', { until: responses(1) });
    assert.is(parseResponses(a.text)[0].status, 404);
    const b = await raw(s.port, 'GET /boom HTTP/1.1\r\nHost: x\r\n\r\n');
    assert.ok(b.closed);
    assert.is(parseResponses(b.text)[0].status, 500);
    assert.is(s.errors.length, 1);
    assert.is(s.errors[0].message, 'boom');
  } finally { await s.close(); }
});

test('a CR/LF in an application header value throws to the app and never reaches the wire', async () => {
  const s = await start((ctx) => { ctx.response.headers.set('X-Bad', 'a\r\nSet-Cookie: evil=1'); ctx.response.send('x'); });
  try {
    const { text } = await raw(s.port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    assert.is(parseResponses(text)[0].status, 500);
    assert.not.match(text, /evil/);
    assert.is(s.errors[0].code, 'ERR_INVALID_HEADER_VALUE');
  } finally { await s.close(); }
});

test('Server header is opt-in; request info is exposed', async () => {
  let seen;
  const s = await start((ctx) => {
    const r = ctx.request;
    seen = { method: r.method, target: r.target, path: r.path, q: r.query.get('q'), protocol: r.protocol,
      host: r.headers.get('host'), remote: r.remoteAddress, local: r.localPort };
    ctx.response.send('ok');
  }, { serverHeader: true });
  try {
    const { text } = await raw(s.port, 'GET /p/a?q=1 HTTP/1.1\r\nHost: example\r\n\r\n', { until: responses(1) });
    assert.match(parseResponses(text)[0].headers.server, /^windhover\/\d+\.\d+\.\d+$/);
    assert.equal(seen, { method: 'GET', target: '/p/a?q=1', path: '/p/a', q: '1', protocol: 'HTTP/1.1', host: 'example', remote: '127.0.0.1', local: s.port });
  } finally { await s.close(); }
});

const hasCurl = spawnSync('curl', ['--version']).status === 0;
test(`curl interoperates (upload, chunked download)${hasCurl ? '' : ' [skipped: curl not installed]'}`, async () => {
  if (!hasCurl) return;
  const s = await start(async (ctx) => {
    const body = await ctx.request.text();
    await ctx.response.write(`got ${body.length} `);
    await ctx.response.write('bytes');
  });
  try {
    const { spawn } = await import('node:child_process');
    const child = spawn('curl', ['-sS', '--max-time', '5', '-d', 'x'.repeat(1000), `http://127.0.0.1:${s.port}/`]);
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    const code = await new Promise((resolve) => child.on('exit', resolve));
    assert.is(code, 0);
    assert.is(out, 'got 1000 bytes');
  } finally { await s.close(); }
});

test.run();
