// Middleware composition (Koa / ASP.NET Core shape) and exchange outcomes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compose, Context, Request, Response, FieldList } from '../../dist/src/index.js';
import { runExchange } from '../../dist/src/pipeline.js';

const CONN = { remoteAddress: '127.0.0.1', remotePort: 1, localAddress: '127.0.0.1', localPort: 2, encrypted: false };

function exchange() {
  const log = [];
  const sink = {
    sendWhole(res, body, length) { log.push(`whole ${res.status} ${body ?? ''} ${length}`); },
    sendHead(res, length) { log.push(`head ${res.status} ${length}`); },
    writeBody(chunk) { log.push(`data ${chunk}`); return true; },
    drain() { return Promise.resolve(); },
    finish() { log.push('finish'); },
  };
  const ctx = new Context(new Request({ method: 'GET', target: '/' }, 'HTTP/1.1', new FieldList([]), null, CONN), new Response(sink, false));
  let settled;
  const done = new Promise((resolve) => { settled = resolve; });
  const owner = {
    reportError(error) { log.push(`report ${error.code ?? error.message}`); },
    rejectExchange(_ctx, status) { log.push(`reject ${status}`); },
    abortExchange(_ctx, error) { log.push(`abort ${error.message}`); },
    settleExchange() { log.push('settled'); settled(); },
  };
  return { ctx, log, owner, done };
}

test('middleware runs in order around next(); sync middleware settles synchronously', () => {
  const order = [];
  const app = compose([
    (ctx, next) => { order.push('a1'); next(); order.push('a2'); },
    (ctx) => { order.push('b'); ctx.response.send('hi'); },
  ]);
  const { ctx, log, owner } = exchange();
  runExchange(app, ctx, owner);
  assert.equal(order, ['a1', 'b', 'a2']);
  assert.equal(log, ['whole 200 hi 2', 'settled']);
});

test('async middleware: awaited next() resumes after downstream completes', async () => {
  const order = [];
  const app = compose([
    async (ctx, next) => { order.push('a1'); await next(); order.push('a2'); ctx.response.headers.set('x', '1'); },
    async (ctx) => { await null; order.push('b'); ctx.response.status = 201; },
  ]);
  const { ctx, log, owner, done } = exchange();
  runExchange(app, ctx, owner);
  await done;
  assert.equal(order, ['a1', 'b', 'a2']);
  assert.equal(log, ['whole 201  0', 'settled']);
  assert.is(ctx.response.headers.get('x'), '1');
});

test('the end of the pipeline answers 404 when nothing was sent', async () => {
  const { ctx, log, owner, done } = exchange();
  runExchange(compose([(ctx, next) => next()]), ctx, owner);
  await done;
  assert.equal(log, ['whole 404  0', 'settled']);
  const second = exchange();
  runExchange(compose([]), second.ctx, second.owner);
  assert.equal(second.log, ['whole 404  0', 'settled']);
});

test('a middleware that neither sends nor calls next ends with 200 and no body', () => {
  const { ctx, log, owner } = exchange();
  runExchange(compose([() => {}]), ctx, owner);
  assert.equal(log, ['whole 200  0', 'settled']);
});

test('next() called twice rejects with ERR_NEXT_CALLED_TWICE and becomes a 500', async () => {
  const { ctx, log, owner, done } = exchange();
  runExchange(compose([async (ctx, next) => { await next(); await next(); }, () => {}]), ctx, owner);
  await done;
  assert.equal(log, ['report ERR_NEXT_CALLED_TWICE', 'reject 500', 'settled']);
});

test('sync throw and async rejection before sending become 500, reported once', async () => {
  const a = exchange();
  runExchange(compose([() => { throw new Error('sync'); }]), a.ctx, a.owner);
  assert.equal(a.log, ['report sync', 'reject 500', 'settled']);
  const b = exchange();
  runExchange(compose([async () => { throw new Error('async'); }]), b.ctx, b.owner);
  await b.done;
  assert.equal(b.log, ['report async', 'reject 500', 'settled']);
});

test('an error carrying a status (413 from a body read) is answered with that status, unreported', async () => {
  const { ctx, log, owner, done } = exchange();
  const { WindhoverError } = await import('../../dist/src/index.js');
  runExchange(compose([async () => { throw new WindhoverError('ERR_BODY_TOO_LARGE', 'x', 413); }]), ctx, owner);
  await done;
  assert.equal(log, ['reject 413', 'settled']);
});

test('an error after the head was sent aborts; after the response completed it is only reported', async () => {
  const a = exchange();
  runExchange(compose([async (ctx) => { await ctx.response.write('x'); throw new Error('mid'); }]), a.ctx, a.owner);
  await a.done;
  assert.equal(a.log, ['head 200 -1', 'data x', 'report mid', 'abort mid', 'settled']);
  const b = exchange();
  runExchange(compose([(ctx) => { ctx.response.send('ok'); throw new Error('late'); }]), b.ctx, b.owner);
  assert.equal(b.log, ['whole 200 ok 2', 'report late', 'settled']);
});

test('a streamed response is ended when the pipeline completes', async () => {
  const { ctx, log, owner, done } = exchange();
  runExchange(compose([async (ctx) => { await ctx.response.write('a'); }]), ctx, owner);
  await done;
  assert.equal(log, ['head 200 -1', 'data a', 'finish', 'settled']);
});

test('an un-awaited send(stream) keeps the exchange open until the stream ends', async () => {
  const { ctx, log, owner, done } = exchange();
  let push;
  const stream = new ReadableStream({ start(c) { push = c; } });
  runExchange(compose([(ctx) => { ctx.response.send(stream); }]), ctx, owner);
  await new Promise((r) => setImmediate(r));
  assert.equal(log, ['head 200 -1']);
  push.enqueue('z');
  push.close();
  await done;
  assert.equal(log, ['head 200 -1', 'data z', 'finish', 'settled']);
});

test('compose rejects non-functions', () => {
  assert.throws(() => compose([42]), /middleware must be a function/);
});

test.run();
