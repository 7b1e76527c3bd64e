// RFC 9112 §9.3.2 pipelining: requests are answered strictly in order, whatever the timing of
// the application and however the bytes are split across reads.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { start, raw, parseResponses, responses, sleep } from './helpers.mjs';

const echo = async (ctx) => {
  const body = await ctx.request.text();
  ctx.response.headers.set('X-Path', ctx.request.path);
  ctx.response.send(`${ctx.request.method} ${ctx.request.path} ${body}`);
};

test('16 pipelined requests in one write are answered in order', async () => {
  const s = await start(echo);
  try {
    const input = Array.from({ length: 16 }, (_, i) => `GET /${i} HTTP/1.1\r\nHost: x\r\n\r\n`).join('');
    const { text } = await raw(s.port, input, { until: responses(16) });
    assert.equal(parseResponses(text).map((r) => r.headers['x-path']), Array.from({ length: 16 }, (_, i) => `/${i}`));
  } finally { await s.close(); }
});

test('order holds when earlier requests take longer than later ones', async () => {
  const s = await start(async (ctx) => {
    const n = Number(ctx.request.path.slice(1));
    await sleep((5 - n) * 15);
    ctx.response.send(String(n));
  });
  try {
    const input = Array.from({ length: 6 }, (_, i) => `GET /${i} HTTP/1.1\r\nHost: x\r\n\r\n`).join('');
    const { text } = await raw(s.port, input, { until: responses(6) });
    assert.equal(parseResponses(text).map((r) => r.body), ['0', '1', '2', '3', '4', '5']);
  } finally { await s.close(); }
});

test('only one exchange runs at a time on a connection', async () => {
  let running = 0;
  let most = 0;
  const s = await start(async (ctx) => {
    most = Math.max(most, ++running);
    await sleep(5);
    running--;
    ctx.response.send('x');
  });
  try {
    const input = 'GET / HTTP/1.1\r\nHost: x\r\n\r\n'.repeat(5);
    await raw(s.port, input, { until: responses(5) });
    assert.is(most, 1);
  } finally { await s.close(); }
});

const PIPELINE = [
  'POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc',
  'POST /b HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nde\r\n1;x=y\r\nf\r\n0\r\nT: 1\r\n\r\n',
  'GET /c HTTP/1.1\r\nHost: x\r\n\r\n',
].join('');

test('a pipeline split at every byte gives the same three answers', async () => {
  const s = await start(echo);
  try {
    const want = ['POST /a abc', 'POST /b def', 'GET /c '];
    for (let at = 1; at < PIPELINE.length; at++) {
      const { text } = await raw(s.port, [PIPELINE.slice(0, at), PIPELINE.slice(at)], { gap: 2, until: responses(3) });
      const got = parseResponses(text).map((r) => r.body);
      assert.equal(got, want, `split at ${at}`);
    }
  } finally { await s.close(); }
});

test('a pipeline delivered one byte per read gives the same answers', async () => {
  const s = await start(echo);
  try {
    const { text } = await raw(s.port, [...PIPELINE], { gap: 1, until: responses(3), timeout: 10000 });
    assert.equal(parseResponses(text).map((r) => r.body), ['POST /a abc', 'POST /b def', 'GET /c ']);
  } finally { await s.close(); }
});

test('a request whose body the application ignores does not misframe the next one', async () => {
  const s = await start((ctx) => ctx.response.send(ctx.request.path));
  try {
    const input = 'POST /skip HTTP/1.1\r\nHost: x\r\nContent-Length: 14\r\n\r\nGET /evil HTTP' +
      'POST /skip2 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n' +
      'GET /next HTTP/1.1\r\nHost: x\r\n\r\n';
    const { text } = await raw(s.port, input, { until: responses(3) });
    assert.equal(parseResponses(text).map((r) => r.body), ['/skip', '/skip2', '/next']);
  } finally { await s.close(); }
});

test.run();
