// The low-level engine the server drives: lazy head views over the result record, body
// pieces as subarrays of the pushed chunk, the shared input window handed between parsers,
// a slab that grows without a cap, pieces larger than the window and a full result record.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lowLevel, RequestParser } from '../../dist/bindings/parser/index.js';
import { BUILDS } from './harness.mjs';

const { H1Engine, EVENT_HEAD, EVENT_BODY, EVENT_END, EVENT_UPGRADE, EVENT_H2_PREFACE, EVENT_ERROR, HEADER_IDS, HEADER_NAMES } = lowLevel;
const enc = (text) => new Uint8Array(Buffer.from(text, 'latin1'));

/** Drives an engine over `chunks` and records every event in plain form. */
function drive(engine, chunks) {
  const events = [];
  for (const chunk of chunks) {
    let offset = 0;
    do {
      offset = engine.push(chunk, offset);
      let kind;
      while ((kind = engine.next()) !== 0) {
        if (kind === EVENT_HEAD) {
          const head = engine.head();
          events.push(['head', head.method, head.target, head.headers()]);
        } else if (kind === EVENT_BODY) events.push(['body', Buffer.from(engine.body()).toString('latin1')]);
        else if (kind === EVENT_END) events.push(['end', engine.trailers()]);
        else if (kind === EVENT_ERROR) events.push(['error', engine.error.code, engine.error.offset]);
        else events.push([kind === EVENT_UPGRADE ? 'upgrade' : 'h2', engine.streamOffset, Buffer.from(engine.rest()).toString('latin1')]);
      }
    } while (offset < chunk.length && !engine.isStopped);
  }
  return events;
}

for (const [build, wasm] of Object.entries(BUILDS)) {
  test(`${build}: a head view makes strings on access; known names are interned`, () => {
    const engine = new H1Engine('request', { wasm });
    engine.push(enc('PATCH /a?b HTTP/1.1\r\nHost: h\r\nX-Custom-Thing: v1\r\nCOOKIE: c=1\r\nx-custom-thing: v2\r\n\r\n'));
    assert.equal(engine.next(), EVENT_HEAD);
    const head = engine.head();
    assert.equal([head.method, head.methodId > 0, head.target, head.versionMajor, head.versionMinor], ['PATCH', true, '/a?b', 1, 1]);
    assert.equal(head.headerCount, 4);
    assert.equal(head.knownIdAt(2), HEADER_IDS.get('cookie'));
    assert.ok(head.nameAt(2) === HEADER_NAMES[HEADER_IDS.get('cookie')]);
    assert.equal([head.nameAt(1), head.rawNameAt(1), head.rawNameAt(2)], ['x-custom-thing', 'X-Custom-Thing', 'COOKIE']);
    assert.equal(head.getKnown(HEADER_IDS.get('host')), 'h');
    assert.equal(head.get('X-CUSTOM-THING'), 'v1');
    assert.equal(head.get('cookie'), 'c=1');
    assert.equal(head.get('missing'), undefined);
    assert.equal(head.rawHeaders(), ['Host', 'h', 'X-Custom-Thing', 'v1', 'COOKIE', 'c=1', 'x-custom-thing', 'v2']);
    assert.equal([head.keepAlive, head.noBody, head.contentLength], [true, true, null]);
    assert.equal(engine.next(), EVENT_END);
    assert.equal(engine.next(), 0);
    engine.dispose();
  });

  test(`${build}: unknown methods are read from the input`, () => {
    const engine = new H1Engine('request', { wasm });
    engine.push(enc('BREW /pot HTTP/1.1\r\nHost: h\r\n\r\n'));
    engine.next();
    assert.equal([engine.head().method, engine.head().methodId], ['BREW', 0]);
    engine.dispose();
  });

  test(`${build}: a view is stale after the next push anywhere; retain() keeps it`, () => {
    const a = new H1Engine('request', { wasm });
    const b = new H1Engine('request', { wasm });
    a.push(enc('GET /one HTTP/1.1\r\nHost: h\r\nAccept: x\r\n\r\n'));
    a.next();
    const stale = a.head();
    const kept = a.head().retain();
    b.push(enc('GET /two HTTP/1.1\r\nHost: h\r\n\r\n'));
    assert.throws(() => stale.target, /retain/);
    assert.equal([kept.target, kept.headers()], ['/one', [['host', 'h'], ['accept', 'x']]]);
    a.dispose();
    b.dispose();
  });

  test(`${build}: body pieces are views of the pushed chunk, not copies`, () => {
    const engine = new H1Engine('request', { wasm });
    const chunk = enc('POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello');
    engine.push(chunk);
    assert.equal(engine.next(), EVENT_HEAD);
    assert.equal(engine.next(), EVENT_BODY);
    const body = engine.body();
    assert.ok(body.buffer === chunk.buffer);
    assert.equal([engine.bodyStart, engine.bodyEnd], [chunk.length - 5, chunk.length]);
    engine.dispose();
  });

  test(`${build}: parsers fed in alternation share the window without mixing bytes`, () => {
    const inputs = [
      'POST /a HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n0\r\nT: 1\r\n\r\n',
      'GET /b HTTP/1.1\r\nHost: b\r\nCookie: long-cookie-value-here\r\n\r\n',
      'PUT /c HTTP/1.1\r\nHost: c\r\nContent-Length: 4\r\n\r\ndata',
    ];
    const engines = inputs.map(() => new H1Engine('request', { wasm }));
    const expected = inputs.map((input) => drive(new H1Engine('request', { wasm }), [enc(input)]));
    const got = inputs.map(() => []);
    const longest = Math.max(...inputs.map((s) => s.length));
    for (let i = 0; i < longest; i++) {
      inputs.forEach((input, k) => {
        if (i < input.length) got[k].push(...drive(engines[k], [enc(input[i])]));
      });
    }
    assert.equal(got.map((events) => events.filter((e) => e[0] !== 'body')), expected.map((e) => e.filter((x) => x[0] !== 'body')));
    assert.equal(got.map((events) => events.filter((e) => e[0] === 'body').map((e) => e[1]).join('')), ['abc', '', 'data']);
    for (const engine of engines) engine.dispose();
  });

  test(`${build}: the HTTP/2 preface split across pushes: rest() includes the carried bytes`, () => {
    const engine = new H1Engine('request', { wasm });
    const events = drive(engine, [enc('PRI * HTTP/2.0\r\n\r\nSM'), enc('\r\n\r\nFRAME')]);
    assert.equal(events, [['h2', 0, 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\nFRAME']]);
    assert.ok(engine.restOffset < 0);
    engine.dispose();
  });

  test(`${build}: stream offsets count across pushes and restart at reset()`, () => {
    const engine = new H1Engine('request', { wasm });
    const events = drive(engine, [enc('GET / HTTP/1.1\r\nHost: h\r\n\r\nGET / HT'), enc('TP/1.1\r\nHost: h\r\nBad\x01: x\r\n')]);
    assert.equal(events.at(-1), ['error', 'INVALID_HEADER_TOKEN', 27 + 25 + 3]);
    assert.equal(engine.isStopped, true);
    engine.reset();
    assert.equal(drive(engine, [enc('GET / HTTP/1.1\r\nHost: h\r\n\r\nX')]).length, 2);
    assert.equal(drive(engine, [enc('\x01')]), [['error', 'INVALID_METHOD', 28]]);
    engine.dispose();
  });

  test(`${build}: a piece larger than the window and a result record that fills up`, () => {
    // 1-byte chunks: ~22k BODY events in a 128 KiB window overflow the record (STATUS_AGAIN).
    const body = 'x'.repeat(40000);
    let chunked = '';
    for (const ch of body) chunked += `1\r\n${ch}\r\n`;
    const input = `POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n${chunked}0\r\n\r\n`;
    const parser = new RequestParser({ wasm });
    const { messages, error } = parser.push(enc(input));
    assert.equal(error, null);
    assert.equal(Buffer.from(messages[0].body).toString(), body);
    const big = 'y'.repeat(300000);
    const result = parser.push(enc(`PUT / HTTP/1.1\r\nHost: h\r\nContent-Length: ${big.length}\r\n\r\n${big}GET / HTTP/1.1\r\nHost: h\r\n\r\n`));
    assert.equal(result.messages.map((m) => m.body.length), [300000, 0]);
    parser.dispose();
  });

  test(`${build}: thousands of parsers at once (the slab grows from JS)`, () => {
    const engines = Array.from({ length: 5000 }, () => new H1Engine('request', { wasm }));
    engines.forEach((engine, i) => engine.push(enc(`GET /${i} HTTP/1.1\r\nHost: h\r\n`)));
    engines.forEach((engine, i) => {
      engine.push(enc('\r\n'));
      assert.equal(engine.next(), EVENT_HEAD);
      assert.equal(engine.head().target, `/${i}`);
    });
    for (const engine of engines) engine.dispose();
  });

  test(`${build}: a long value fed byte by byte is parsed (resumed inside the value)`, () => {
    const cookie = 'k=' + 'v'.repeat(20000);
    const input = `GET / HTTP/1.1\r\nHost: h\r\nCookie:  ${cookie} \r\nX: y\r\n\r\n`;
    const engine = new H1Engine('request', { wasm });
    const events = drive(engine, Array.from(input, (ch) => enc(ch)));
    assert.equal(events[0][3], [['host', 'h'], ['cookie', cookie], ['x', 'y']]);
    engine.dispose();
  });
}

test('finish() after a close-delimited response yields END; the default build is SIMD when supported', () => {
  const engine = new H1Engine('response');
  assert.equal(drive(engine, [enc('HTTP/1.1 200 OK\r\n\r\nab')]).map((e) => e[0]), ['head', 'body']);
  engine.finish();
  assert.equal(engine.next(), EVENT_END);
  assert.equal(engine.flavor, 'simd');
  engine.dispose();
});

test('progress: idle between messages, head while one is incomplete, body, stopped', () => {
  const engine = new H1Engine('request');
  const { PROGRESS_IDLE, PROGRESS_HEAD, PROGRESS_BODY, PROGRESS_STOPPED } = lowLevel;
  assert.equal([engine.progress, engine.inHead], [PROGRESS_IDLE, false]);
  drive(engine, [enc('POST / HTTP/1.1\r\nHo')]);
  assert.equal([engine.progress, engine.inHead], [PROGRESS_HEAD, true]);
  drive(engine, [enc('st: a\r\nContent-Length: 3\r\n\r\nab')]);
  assert.equal(engine.progress, PROGRESS_BODY);
  drive(engine, [enc('c\r\n')]);
  assert.equal(engine.progress, PROGRESS_IDLE);
  drive(engine, [enc('\x01')]);
  assert.equal(engine.progress, PROGRESS_STOPPED);
  engine.dispose();
});

test('event kinds are distinct numbers', () => {
  const kinds = [EVENT_HEAD, EVENT_BODY, EVENT_END, EVENT_UPGRADE, EVENT_H2_PREFACE, EVENT_ERROR];
  assert.equal(new Set(kinds).size, kinds.length);
  assert.not.ok(kinds.includes(0));
});

test.run();
