// Exchange lifecycle: Expect: 100-continue (RFC 9110 §10.1.1), client disconnects firing the
// request's AbortSignal, graceful shutdown (nothing that got a response started is cut), and
// the upgrade hook.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import net from 'node:net';
import { start, raw, parseResponses, responses, sleep } from './helpers.mjs';

function connect(port) {
  const socket = net.connect(port, '127.0.0.1');
  socket.setEncoding('latin1');
  socket.on('error', () => {});
  let text = '';
  socket.on('data', (d) => { text += d; });
  const closed = new Promise((resolve) => socket.on('close', resolve));
  return { socket, closed, text: () => text, ready: new Promise((resolve) => socket.on('connect', resolve)) };
}

async function waitFor(predicate, ms = 3000) {
  const until = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > until) return false;
    await sleep(10);
  }
  return true;
}

test('100 Continue is sent when the application first reads the body', async () => {
  const s = await start(async (ctx) => ctx.response.send(`got ${await ctx.request.text()}`));
  const c = connect(s.port);
  try {
    await c.ready;
    c.socket.write('POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n');
    assert.ok(await waitFor(() => c.text().includes('100 Continue')));
    assert.is(c.text(), 'HTTP/1.1 100 Continue\r\n\r\n');
    c.socket.write('hello');
    assert.ok(await waitFor(() => c.text().endsWith('got hello')));
  } finally { c.socket.destroy(); await s.close(); }
});

test('no 100 Continue when the application answers without reading; the connection then closes', async () => {
  const s = await start((ctx) => { ctx.response.status = 401; ctx.response.send('no'); });
  try {
    const { text, closed } = await raw(s.port, 'POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n');
    assert.ok(closed);
    assert.not.match(text, /100 Continue/);
    const [r] = parseResponses(text);
    assert.is(r.status, 401);
    assert.is(r.headers.connection, 'close');
  } finally { await s.close(); }
});

test('an unknown expectation gets 417 and the application never runs', async () => {
  let ran = false;
  const s = await start((ctx) => { ran = true; ctx.response.send('x'); });
  try {
    const { text, closed } = await raw(s.port, 'POST / HTTP/1.1\r\nHost: x\r\nExpect: teapot\r\nContent-Length: 0\r\n\r\n');
    assert.ok(closed);
    assert.is(parseResponses(text)[0].status, 417);
    assert.not.ok(ran);
  } finally { await s.close(); }
});

test('a client disconnect fires ctx.request.signal and fails a pending body read', async () => {
  let signalled = false;
  let readError;
  const s = await start(async (ctx) => {
    ctx.request.signal.addEventListener('abort', () => { signalled = true; });
    try { await ctx.request.text(); } catch (error) { readError = error.code; }
  });
  const c = connect(s.port);
  try {
    await c.ready;
    c.socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc');
    await sleep(50);
    c.socket.destroy();
    assert.ok(await waitFor(() => signalled && readError !== undefined));
    assert.is(readError, 'ERR_REQUEST_ABORTED');
  } finally { await s.close(); }
});

test('a streamed response is cancelled at its source when the client goes away', async () => {
  let cancelled = false;
  const s = await start((ctx) => {
    let n = 0;
    return ctx.response.send(new ReadableStream({
      async pull(controller) { await sleep(5); controller.enqueue(new TextEncoder().encode(`event ${n++}\n`)); },
      cancel() { cancelled = true; },
    }));
  });
  const c = connect(s.port);
  try {
    await c.ready;
    c.socket.write('GET /events HTTP/1.1\r\nHost: x\r\n\r\n');
    assert.ok(await waitFor(() => c.text().includes('event 2')));
    c.socket.destroy();
    assert.ok(await waitFor(() => cancelled), 'source stream cancelled');
    assert.ok(await waitFor(() => s.server.connections.size === 0));
  } finally { await s.close(); }
});

test('graceful close: idle connections close at once, in-flight ones finish with Connection: close', async () => {
  let release;
  const gate = new Promise((resolve) => { release = resolve; });
  const s = await start(async (ctx) => {
    if (ctx.request.path === '/slow') await gate;
    ctx.response.send(`done ${ctx.request.path}`);
  });
  const idle = connect(s.port);
  const busy = connect(s.port);
  try {
    await Promise.all([idle.ready, busy.ready]);
    idle.socket.write('GET /fast HTTP/1.1\r\nHost: x\r\n\r\n');
    assert.ok(await waitFor(() => idle.text().endsWith('done /fast')));
    busy.socket.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\n');
    await sleep(30);
    const closing = s.server.close({ timeout: 5000 });
    await idle.closed;
    assert.is(parseResponses(idle.text()).length, 1, 'the idle connection got nothing more');
    const refused = await raw(s.port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n', { timeout: 500 });
    assert.is(refused.text, '', 'no new connections are served');
    release();
    await busy.closed;
    const [r] = parseResponses(busy.text());
    assert.is(r.body, 'done /slow');
    assert.is(r.headers.connection, 'close');
    await closing;
  } finally { idle.socket.destroy(); busy.socket.destroy(); }
});

test('graceful close: a streaming response already started runs to its end', async () => {
  const s = await start(async (ctx) => {
    for (let i = 0; i < 5; i++) { await ctx.response.write(`part${i};`); await sleep(40); }
  });
  const c = connect(s.port);
  try {
    await c.ready;
    c.socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    assert.ok(await waitFor(() => c.text().includes('part0')));
    await s.server.close({ timeout: 5000 });
    await c.closed;
    const [r] = parseResponses(c.text());
    assert.is(r.body, 'part0;part1;part2;part3;part4;');
    assert.ok(c.text().endsWith('0\r\n\r\n'), 'chunked body terminated');
  } finally { c.socket.destroy(); }
});

test('graceful close: what is still running at the deadline is cut', async () => {
  let aborted = false;
  const s = await start(async (ctx) => {
    ctx.request.signal.addEventListener('abort', () => { aborted = true; });
    await new Promise(() => {});
  });
  const c = connect(s.port);
  try {
    await c.ready;
    c.socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    await sleep(30);
    const began = Date.now();
    await s.server.close({ timeout: 300 });
    assert.ok(Date.now() - began >= 250);
    await c.closed;
    assert.ok(aborted);
  } finally { c.socket.destroy(); }
});

test('upgrade hook receives the request, the raw socket and the bytes read past the head', async () => {
  const s = await start((ctx) => ctx.response.send('plain'));
  let got;
  s.server.on('upgrade', (request, socket, head) => {
    got = { path: request.path, upgrade: request.headers.get('upgrade'), head: Buffer.from(head).toString() };
    socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n');
    socket.on('data', (d) => socket.write(d));
    if (head.length) socket.write(head);
  });
  const c = connect(s.port);
  try {
    await c.ready;
    c.socket.write('GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\nearly');
    assert.ok(await waitFor(() => c.text().endsWith('early')));
    c.socket.write('+more');
    assert.ok(await waitFor(() => c.text().endsWith('early+more')));
    assert.equal(got, { path: '/ws', upgrade: 'echo', head: 'early' });
    assert.is(s.server.connections.size, 0, 'the upgraded socket left the HTTP connection set');
  } finally { c.socket.destroy(); await s.close(); }
});

test('bytes sent after an upgrade queued behind a slow request all reach the upgrade listener', async () => {
  const s = await start(async (ctx) => { await sleep(150); ctx.response.send('slow'); });
  let received = '';
  s.server.on('upgrade', (request, socket, head) => {
    received += Buffer.from(head).toString();
    socket.on('data', (d) => { received += d; });
  });
  const c = connect(s.port);
  try {
    await c.ready;
    c.socket.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\nGET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\nA');
    await sleep(50);
    c.socket.write('B');
    assert.ok(await waitFor(() => received === 'AB'), `got ${JSON.stringify(received)}`);
    assert.ok(c.text().includes('slow'));
  } finally { c.socket.destroy(); await s.close(); }
});

test('a reset on an upgraded socket whose listener has no error handler does not crash the process', async () => {
  const s = await start((ctx) => ctx.response.send('plain'));
  let upgraded;
  s.server.on('upgrade', (request, socket) => {
    upgraded = socket;
    socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\nConnection: Upgrade\r\n\r\n');
    socket.write(Buffer.alloc(256 * 1024, 120)); // unread by the client: the reset hits a busy socket
  });
  const c = connect(s.port);
  try {
    await c.ready;
    c.socket.write('GET / HTTP/1.1\r\nHost: x\r\nUpgrade: x\r\nConnection: Upgrade\r\n\r\n');
    assert.ok(await waitFor(() => c.text().includes('101')));
    c.socket.resetAndDestroy();
    assert.ok(await waitFor(() => upgraded.destroyed), 'the upgraded socket was destroyed');
  } finally { c.socket.destroy(); await s.close(); }
});

test('MaxConcurrentUpgradedConnections: an upgrade over the limit is refused', async () => {
  const s = await start((ctx) => ctx.response.send('plain'), { limits: { maxConcurrentUpgradedConnections: 1 } });
  const held = [];
  s.server.on('upgrade', (request, socket) => { held.push(socket); socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\nConnection: Upgrade\r\n\r\n'); });
  const upgrade = 'GET / HTTP/1.1\r\nHost: x\r\nUpgrade: x\r\nConnection: Upgrade\r\n\r\n';
  const first = connect(s.port);
  try {
    await first.ready;
    first.socket.write(upgrade);
    assert.ok(await waitFor(() => first.text().includes('101')));
    const second = await raw(s.port, upgrade);
    assert.ok(second.closed);
    assert.is(parseResponses(second.text)[0].status, 500);
    assert.is(held.length, 1);
  } finally { first.socket.destroy(); await s.close(); }
});

test('an unread body too large to drain closes the connection after the response', async () => {
  const s = await start((ctx) => ctx.response.send('early'));
  try {
    const { text, closed } = await raw(s.port, `POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${10 * 1024 * 1024}\r\n\r\nabc`);
    assert.ok(closed);
    const [r] = parseResponses(text);
    assert.is(r.body, 'early');
    assert.is(r.headers.connection, 'close');
  } finally { await s.close(); }
});

test('without an upgrade listener an Upgrade request is served normally, then the connection closes', async () => {
  const s = await start((ctx) => ctx.response.send('plain'));
  try {
    const { text, closed } = await raw(s.port, 'GET / HTTP/1.1\r\nHost: x\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n');
    assert.ok(closed);
    assert.is(parseResponses(text)[0].body, 'plain');
  } finally { await s.close(); }
});

test('the server survives garbage of every kind', async () => {
  const s = await start((ctx) => ctx.response.send('ok'));
  try {
    const inputs = ['\x00\x01\x02', '\r\n\r\n\r\n', 'GET', ' / HTTP/1.1\r\n', '\x16\x03\x01\x02\x00\x01\x00', 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', '\xff'.repeat(9000)];
    for (const input of inputs) await raw(s.port, Buffer.from(input, 'latin1'), { timeout: 300, end: true });
    const { text } = await raw(s.port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n', { until: responses(1) });
    assert.is(parseResponses(text)[0].body, 'ok');
  } finally { await s.close(); }
});

test.run();
