// The request body queue: ordering, back-pressure signals, limits, consumers, trailers.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RequestBody } from '../../dist/src/body.js';
import { FieldList } from '../../dist/src/index.js';

function transport() {
  return {
    events: [],
    bodyReadStarted() { this.events.push('start'); },
    bodyDrained() { this.events.push('drained'); },
    bodyStopped() { this.events.push('stopped'); },
  };
}
const enc = (s) => new TextEncoder().encode(s);

test('segments come out in order; text() decodes UTF-8 across segment edges', async () => {
  const t = transport();
  const body = new RequestBody(t, null, 1 << 20, -1);
  const bytes = enc('héllo wörld');
  body.push(bytes.subarray(0, 2));
  body.push(bytes.subarray(2, 7));
  const pending = body.text();
  body.push(bytes.subarray(7));
  body.end();
  assert.is(await pending, 'héllo wörld');
  assert.equal(t.events, ['start']);
});

test('push reports back-pressure at the high-water mark and reading below it resumes', async () => {
  const t = transport();
  const body = new RequestBody(t, null, 10, -1);
  assert.ok(body.push(enc('12345')));
  assert.not.ok(body.push(enc('67890')), 'at 10 queued bytes the transport must pause');
  assert.is((await body.read()).length, 5);
  assert.equal(t.events, ['start', 'drained']);
  assert.is(body.queued, 5);
});

test('MaxRequestBodySize: exceeding the limit fails the body with a 413 error', async () => {
  const t = transport();
  const body = new RequestBody(t, 8, 1 << 20, -1);
  body.push(enc('1234567890'));
  assert.not.ok(body.failed, 'not checked before reading starts (the limit may still change)');
  const first = body.read();
  assert.ok(body.failed);
  assert.equal(t.events, ['stopped'], 'refused before the transport sends 100 Continue');
  try { await first; assert.unreachable(); } catch (error) { assert.is(error.status, 413); }
  const other = new RequestBody(transport(), 8, 1 << 20, -1);
  const all = other.bytes();
  other.push(enc('12345678'));
  assert.not.ok(other.failed);
  other.push(enc('9'));
  try {
    await all;
    assert.unreachable();
  } catch (error) {
    assert.is(error.code, 'ERR_BODY_TOO_LARGE');
    assert.is(error.status, 413);
  }
});

test('a body is consumed once; the stream getter returns the same stream', async () => {
  const body = new RequestBody(transport(), null, 1 << 20, 3);
  const stream = body.toStream();
  assert.is(body.toStream(), stream);
  try { await body.text(); assert.unreachable(); } catch (error) { assert.is(error.code, 'ERR_BODY_USED'); }
});

test('ReadableStream pulls only on demand and ends with the body', async () => {
  const t = transport();
  const body = new RequestBody(t, null, 1 << 20, -1);
  const reader = body.toStream().getReader();
  assert.equal(t.events, [], 'no read before the consumer asks');
  const first = reader.read();
  body.push(enc('ab'));
  assert.equal(new TextDecoder().decode((await first).value), 'ab');
  body.end();
  assert.ok((await reader.read()).done);
});

test('async iteration and bytes() of a multi-segment body', async () => {
  const body = new RequestBody(transport(), null, 1 << 20, 6);
  body.push(enc('abc'));
  body.push(enc('def'));
  body.end();
  const parts = [];
  for await (const chunk of body) parts.push(new TextDecoder().decode(chunk));
  assert.equal(parts, ['abc', 'def']);
  const other = new RequestBody(transport(), null, 1 << 20, 6);
  other.push(enc('abc'));
  other.push(enc('def'));
  other.end();
  const all = await other.arrayBuffer();
  assert.is(all.byteLength, 6);
});

test('json() parses; invalid JSON rejects with SyntaxError', async () => {
  const ok = new RequestBody(transport(), null, 1 << 20, -1);
  ok.push(enc('{"a":[1,2]}'));
  ok.end();
  assert.equal(await ok.json(), { a: [1, 2] });
  const bad = new RequestBody(transport(), null, 1 << 20, -1);
  bad.push(enc('{'));
  bad.end();
  try { await bad.json(); assert.unreachable(); } catch (error) { assert.instance(error, SyntaxError); }
});

test('trailers settle after the body ends; failure rejects pending reads and trailers', async () => {
  const body = new RequestBody(transport(), null, 1 << 20, -1);
  const trailers = body.waitTrailers();
  body.push(enc('x'));
  body.end(new FieldList(['X-Sum', '1']));
  assert.is((await trailers).get('x-sum'), '1');

  const failing = new RequestBody(transport(), null, 1 << 20, -1);
  const read = failing.read();
  const tr = failing.waitTrailers();
  failing.fail(new Error('gone'));
  for (const p of [read, tr]) {
    try { await p; assert.unreachable(); } catch (error) { assert.is(error.message, 'gone'); }
  }
});

test('cancel drops queued bytes, discards later ones but still counts them', () => {
  const t = transport();
  const body = new RequestBody(t, 4, 1 << 20, -1);
  body.push(enc('ab'));
  body.cancel();
  assert.is(body.queued, 0);
  assert.ok(body.push(enc('c')));
  assert.is(body.queued, 0);
  assert.is(body.received, 3);
  body.push(enc('de'));
  assert.ok(body.failed, 'the limit still applies to discarded bytes');
  assert.equal(t.events, ['stopped', 'stopped']);
});

test.run();
