// serve({ fetch }): Web-standard Request in, Response out, on the same server and pipeline.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import net from 'node:net';
import { serve } from '../../dist/src/index.js';
import { raw, parseResponses, responses, sleep } from './helpers.mjs';

async function withServe(fetchHandler, run, options = {}) {
  const app = serve({ fetch: fetchHandler, port: 0, hostname: '127.0.0.1', onError: () => {}, ...options });
  const { port } = await app.ready;
  try {
    await run(port, app);
  } finally {
    await app.shutdown({ timeout: 500 });
  }
}

test('a string Response goes out with Content-Length; the Request carries url, method, headers', async () => {
  let seen;
  await withServe((request) => {
    seen = { url: request.url, method: request.method, accept: request.headers.get('accept') };
    return new Response('hi there', { status: 201, headers: { 'content-type': 'text/plain', 'set-cookie': 'a=1' } });
  }, async (port) => {
    const { text } = await raw(port, 'GET /p?q=1 HTTP/1.1\r\nHost: example.test\r\nAccept: x/y\r\n\r\n', { until: responses(1) });
    const [r] = parseResponses(text);
    assert.is(r.status, 201);
    assert.is(r.body, 'hi there');
    assert.is(r.headers['content-length'], '8');
    assert.is(r.headers['set-cookie'], 'a=1');
    assert.equal(seen, { url: 'http://example.test/p?q=1', method: 'GET', accept: 'x/y' });
  });
});

test('multiple Set-Cookie values stay separate fields', async () => {
  await withServe(() => {
    const headers = new Headers();
    headers.append('set-cookie', 'a=1');
    headers.append('set-cookie', 'b=2');
    return new Response(null, { status: 204, headers });
  }, async (port) => {
    const { text } = await raw(port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n', { until: responses(1) });
    assert.is(text.match(/set-cookie: /gi).length, 2);
  });
});

test('a streaming request body is readable as a stream; a streaming Response is chunked', async () => {
  await withServe(async (request) => {
    const text = await request.text();
    const encoder = new TextEncoder();
    let i = 0;
    return new Response(new ReadableStream({
      async pull(controller) {
        await sleep(5);
        if (i === 3) controller.close();
        else controller.enqueue(encoder.encode(`${text}${i++};`));
      },
    }));
  }, async (port) => {
    const { text } = await raw(port, 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n0\r\n\r\n', { until: responses(1) });
    const [r] = parseResponses(text);
    assert.is(r.headers['transfer-encoding'], 'chunked');
    assert.is(r.body, 'ab0;ab1;ab2;');
  });
});

test('request.signal aborts when the client disconnects', async () => {
  let aborted = false;
  await withServe(async (request) => {
    await new Promise((resolve) => request.signal.addEventListener('abort', resolve));
    aborted = true;
    return new Response('late');
  }, async (port) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', () => {});
    await new Promise((resolve) => socket.on('connect', resolve));
    socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    await sleep(50);
    socket.destroy();
    for (let i = 0; i < 100 && !aborted; i++) await sleep(10);
    assert.ok(aborted);
  });
});

test('a handler that throws gives 500; a non-Response gives 500', async () => {
  await withServe((request) => {
    if (request.url.endsWith('/throw')) throw new Error('boom');
    return 'not a response';
  }, async (port) => {
    for (const path of ['/throw', '/bad']) {
      const { text } = await raw(port, `GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`);
      assert.is(parseResponses(text)[0].status, 500, path);
    }
  });
});

test('a Hono-style app object runs unchanged through app.fetch', async () => {
  // The shape Hono exposes: an object whose `fetch(request, env, executionCtx)` is bound.
  const app = {
    routes: new Map([['/hello', (c) => c.json({ hello: 'world' })]]),
    fetch(request, env) {
      const url = new URL(request.url);
      const handler = this.routes.get(url.pathname);
      const c = { json: (v) => Response.json(v), env };
      return handler ? handler(c) : new Response('404 Not Found', { status: 404 });
    },
  };
  await withServe(app.fetch.bind(app), async (port) => {
    const res = await fetch(`http://127.0.0.1:${port}/hello`);
    assert.is(res.status, 200);
    assert.equal(await res.json(), { hello: 'world' });
    assert.is(res.headers.get('content-type'), 'application/json');
    assert.is((await fetch(`http://127.0.0.1:${port}/nope`)).status, 404);
  });
});

test('HEAD through fetch sends no body', async () => {
  await withServe(() => new Response('abc', { headers: { 'content-length': '3' } }), async (port) => {
    const { text } = await raw(port, 'HEAD / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n', { until: (t) => t.endsWith('abc') });
    assert.is(text.split('abc').length, 2, 'one body only');
  });
});

test('an AbortSignal passed to serve() shuts the server down', async () => {
  const controller = new AbortController();
  let listened;
  const app = serve({ fetch: () => new Response('x'), port: 0, hostname: '127.0.0.1', signal: controller.signal, onListen: (addr) => { listened = addr; } });
  const { port } = await app.ready;
  assert.is(listened.port, port);
  controller.abort();
  await app.finished;
  const { text, closed } = await raw(port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n', { timeout: 500 });
  assert.ok(closed || text === '');
});

test.run();
