// Encoder: round trip of every raw-data story through our decoder and hpack.js, output size
// against nghttp2's wires for the same lists, the indexing rule (encoder-policy.ts), Huffman
// modes, size updates (RFC 7541 §4.2) and RFC 7541 Appendix C encodings, on every build.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createRequire } from 'node:module';
import { HpackDecoder, HpackEncoder, HpackError } from '../../dist/bindings/hpack/index.js';
import { runtimeFor } from '../../dist/bindings/hpack/runtime.js';
import { BUILDS, corpus, appendixC, fromHex, toHex } from './helpers.mjs';

const hpackjs = createRequire(import.meta.url)('hpack.js');
const C = Object.fromEntries(appendixC().stories.flatMap((s) => s.cases.map((c) => [c.rfc_section, c])));
const pairs = (section) => C[section].headers.map((h) => Object.entries(h)[0]);

/** hpack.js as an independent decoder: one decompressor per story. */
function hpackJsDecode(decompressor, block) {
  decompressor.write(Buffer.from(block));
  decompressor.execute();
  const out = [];
  for (let h = decompressor.read(); h !== null; h = decompressor.read()) out.push([h.name, h.value]);
  return out;
}

/** Representation kind of the first field of a block: 'indexed' | 'incremental' | 'without' | 'never' | 'update'. */
function kindAt(block, at = 0) {
  const b = block[at];
  if (b & 0x80) return 'indexed';
  if (b & 0x40) return 'incremental';
  if ((b & 0xe0) === 0x20) return 'update';
  return b & 0x10 ? 'never' : 'without';
}

let sizeReported = false;

for (const build of BUILDS) {
  const test = suite(`hpack encoder (${build.name})`);
  const encoder = (options = {}) => new HpackEncoder({ ...options, wasm: build.wasm });
  const decoder = (options = {}) => new HpackDecoder({ ...options, wasm: build.wasm });

  test('raw-data stories: every list survives our decoder and hpack.js; no larger than nghttp2', () => {
    const { raw, encoded } = corpus();
    let ours = 0;
    let lists = 0;
    const mismatches = [];
    for (const [name, story] of Object.entries(raw)) {
      const enc = encoder();
      const dec = decoder();
      const other = hpackjs.decompressor.create({ table: { maxSize: 4096 } });
      story.cases.forEach((list, i) => {
        const block = enc.encode(list);
        ours += block.length;
        lists++;
        const mine = dec.decode(block);
        const theirs = hpackJsDecode(other, block);
        if (JSON.stringify(mine) !== JSON.stringify(list)) mismatches.push(`${name} #${i} (ours)`);
        if (JSON.stringify(theirs) !== JSON.stringify(list)) mismatches.push(`${name} #${i} (hpack.js)`);
      });
      enc.dispose();
      dec.dispose();
    }
    assert.is(lists, 3384);
    assert.equal(mismatches.slice(0, 5), []);
    let nghttp2 = 0;
    for (const story of encoded) if (story.dir === 'nghttp2') for (const c of story.cases) nghttp2 += c.wire.length / 2;
    if (!sizeReported) {
      sizeReported = true;
      console.log(`\n  hpack encoder: ${lists} raw-data lists -> ${ours} octets; nghttp2 stories: ${nghttp2} octets ` +
        `(ours/nghttp2 = ${(ours / nghttp2).toFixed(4)})`);
    }
    assert.ok(ours <= nghttp2, `ours ${ours} > nghttp2 ${nghttp2}`);
  });

  test('C.3 (no Huffman) and C.4 (Huffman): the RFC request blocks, octet for octet', () => {
    for (const [huffman, story] of [['never', 'C.3'], ['always', 'C.4'], ['auto', 'C.4']]) {
      const enc = encoder({ huffman });
      for (const n of [1, 2, 3]) {
        assert.is(toHex(enc.encode(pairs(`${story}.${n}`))), C[`${story}.${n}`].wire, `${story}.${n} huffman=${huffman}`);
      }
    }
  });

  test('C.5 and C.6 responses with a 256-octet table round-trip (date, location not indexed)', () => {
    for (const story of ['C.5', 'C.6']) {
      const enc = encoder({ maxTableSize: 256 });
      const dec = decoder({ maxTableSize: 256 });
      for (const n of [1, 2, 3]) assert.equal(dec.decode(enc.encode(pairs(`${story}.${n}`))), pairs(`${story}.${n}`));
      assert.ok(enc.dynamicTable().every((e) => e.name !== 'location'));
      assert.equal(enc.dynamicTable(), dec.dynamicTable());
    }
  });

  test('§6.1: full static matches are one octet', () => {
    const enc = encoder();
    assert.is(toHex(enc.encode([[':method', 'GET'], [':status', '200'], ['accept-encoding', 'gzip, deflate'], [':path', '/']])), '82889084');
  });

  test('§6.2.1: a repeated list is all indexed fields the second time', () => {
    const enc = encoder();
    const list = [[':authority', 'example.org'], ['user-agent', 'windhover-test/1.0'], ['x-custom', 'one']];
    const first = enc.encode(list);
    const second = enc.encode(list);
    assert.is(kindAt(first), 'incremental');
    assert.is(toHex(second), 'c0bfbe'); // 64, 63, 62: oldest entry first in list order
    const dec = decoder();
    assert.equal(dec.decode(first), list);
    assert.equal(dec.decode(second), list);
  });

  test('§7.1.3: authorization, proxy-authorization, short cookies and marked fields are never indexed', () => {
    const enc = encoder();
    const dec = decoder();
    const list = [['authorization', 'Bearer abc'], ['proxy-authorization', 'Basic xyz'], ['cookie', 'id=1234567890abcde'],
      ['x-token', 'secret', true], ['cookie', 'session=0123456789abcdefghij']];
    const block = enc.encode(list);
    assert.equal(dec.decodeWithFlags(block).map((f) => f[2]), [true, true, true, true, false]);
    assert.equal(enc.dynamicTable().map((e) => e.name), ['cookie']);
    assert.equal(dec.dynamicTable(), enc.dynamicTable());
    const again = enc.encode(list);
    assert.equal(dec.decodeWithFlags(again).map((f) => f[2]), [true, true, true, true, false]);
  });

  test('indexing rule: churning fields are literals without indexing; :path only when short without a query', () => {
    const enc = encoder();
    const churn = [['content-length', '123'], ['etag', '"abc"'], ['age', '10'], ['set-cookie', 'a=b'], ['location', '/x'],
      ['if-none-match', '"abc"'], ['if-modified-since', 'x'], ['if-unmodified-since', 'x'], ['content-range', 'bytes 0-1/2'],
      [':path', '/search?q=1'], [':path', '/a/rather/long/path/name']];
    const block = enc.encode(churn);
    assert.equal(decoder().decodeWithFlags(block).map((f) => f[2]), churn.map(() => false));
    assert.is(enc.dynamicTable().length, 0);
    enc.encode([[':path', '/short'], ['date', 'Mon, 21 Oct 2013 20:13:21 GMT']]);
    assert.equal(enc.dynamicTable().map((e) => e.name), ['date', ':path']);
    const big = encoder({ maxTableSize: 256 });
    big.encode([['x-big', 'v'.repeat(200)]]); // 237 > 3/4 of 256
    assert.is(big.dynamicTable().length, 0);
  });

  test('Huffman modes: auto picks the shorter, always and never as told', () => {
    const value = '\u00ff\u00fe\u00fd'; // Huffman codes of high octets are long
    const auto = encoder().encode([['x-a', value]]);
    const always = encoder({ huffman: 'always' }).encode([['x-a', value]]);
    const never = encoder({ huffman: 'never' }).encode([['x-a', 'aaaaaaaaaa']]);
    assert.ok(always.length > auto.length);
    assert.is(never[1] & 0x80, 0);
    for (const block of [auto, always]) assert.equal(decoder().decode(block), [['x-a', value]]);
    assert.equal(decoder().decode(never), [['x-a', 'aaaaaaaaaa']]);
    assert.throws(() => encoder({ huffman: 'sometimes' }), RangeError);
  });

  test('§4.2: setMaxTableSize emits the smallest then the final size at the start of the next block', () => {
    const enc = encoder();
    const dec = decoder();
    dec.decode(enc.encode([['x-a', 'one']]));
    enc.setMaxTableSize(0);
    enc.setMaxTableSize(4096);
    const block = enc.encode([[':method', 'GET']]);
    assert.is(toHex(block), '203fe11f82');
    assert.equal(dec.decode(block), [[':method', 'GET']]);
    assert.is(dec.tableSize, 0);
    enc.setMaxTableSize(100000); // more than it may use: stays at 4096, nothing to signal
    assert.is(toHex(enc.encode([[':method', 'GET']])), '82');
    enc.setMaxTableSize(1000);
    assert.is(kindAt(enc.encode([[':method', 'GET']])), 'update');
    assert.is(enc.maxTableSize, 1000);
  });

  test('§4.2: an encoder using less than 4096 says so in its first block; 0 disables indexing', () => {
    const enc = encoder({ maxTableSize: 0 });
    const block = enc.encode([['x-a', 'b']]);
    assert.is(toHex(block.subarray(0, 1)), '20');
    assert.is(enc.dynamicTable().length, 0);
    assert.equal(hpackJsDecode(hpackjs.decompressor.create({ table: { maxSize: 4096 } }), block), [['x-a', 'b']]);
  });

  test('latin1: octets 0x80-0xff round-trip; characters above U+00FF are HPACK_INVALID_CHARACTER', () => {
    const enc = encoder();
    const value = Array.from({ length: 128 }, (_, i) => String.fromCharCode(128 + i)).join('');
    assert.equal(decoder().decode(enc.encode([['x-latin1', value]])), [['x-latin1', value]]);
    const bad = [[[['x-a', 'caf\u0113']], 0], [[[':method', 'GET'], ['x-\u20ac', 'v']], 1],
      [[['x-a', 'b'], [':path', '/'], ['x-c', 'x'.repeat(40) + '\u20ac']], 2]];
    for (const [list, field] of bad) {
      try {
        encoder().encode(list);
        assert.unreachable();
      } catch (error) {
        assert.instance(error, HpackError);
        assert.is(error.code, 'HPACK_INVALID_CHARACTER');
        assert.is(error.offset, field, 'offset is the index of the field');
      }
    }
    assert.throws(() => encoder().encode([['x-a', 5]]), TypeError);
  });

  test('large values and many fields grow the windows; encodeInto writes into a caller buffer', () => {
    const enc = encoder();
    const dec = decoder({ maxHeaderListSize: 1 << 20 });
    const rt = runtimeFor(build.wasm);
    const staticIn = rt.inPtr;
    const list = [['x-big', 'z'.repeat(200000)], ...Array.from({ length: 3000 }, (_, i) => [`x-h${i}`, `${i}`])];
    assert.equal(dec.decode(enc.encode(list)), list);
    assert.ok(rt.inPtr !== staticIn && rt.inCap >= 200000, 'the input window moved to a larger heap block');
    const target = new Uint8Array(64);
    const n = encoder().encodeInto([[':method', 'GET'], [':path', '/']], target, 10);
    assert.is(toHex(target.subarray(10, 10 + n)), '8284');
    assert.throws(() => encoder().encodeInto([['x-a', 'b'.repeat(100)]], new Uint8Array(8)), RangeError);
  });

  test('thousands of contexts: memory is reused after dispose()', () => {
    const rt = runtimeFor(build.wasm);
    const round = () => {
      const all = [];
      for (let i = 0; i < 2000; i++) all.push(encoder(), decoder());
      for (const c of all) c.dispose();
    };
    round();
    const used = rt.exports.hpackHeapUsed();
    round();
    round();
    assert.is(rt.exports.hpackHeapUsed(), used);
  });

  test.run();
}
