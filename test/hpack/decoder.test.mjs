// Decoder rules per RFC 7541 section, each error class with its stable code, the limits,
// never-indexed fields, the lazy view and table resizing, on every build.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { HpackDecoder, HpackError } from '../../dist/bindings/hpack/index.js';
import { BUILDS, appendixC, fromHex } from './helpers.mjs';

const C = Object.fromEntries(appendixC().stories.flatMap((s) => s.cases.map((c) => [c.rfc_section, c])));
const wire = (section) => fromHex(C[section].wire);
const pairs = (section) => C[section].headers.map((h) => Object.entries(h)[0]);

function rejects(decoder, hex, code, offset) {
  try {
    decoder.decode(typeof hex === 'string' ? fromHex(hex) : hex);
  } catch (error) {
    assert.instance(error, HpackError);
    assert.is(error.code, code);
    if (offset !== undefined) assert.is(error.offset, offset, 'offset');
    assert.is(typeof error.errno, 'number');
    assert.ok(error.message.startsWith(code));
    return error;
  }
  assert.unreachable(`expected ${code}`);
}

for (const build of BUILDS) {
  const test = suite(`hpack decoder (${build.name})`);
  const make = (options = {}) => new HpackDecoder({ ...options, wasm: build.wasm });

  test('§6.1: index 0 is HPACK_INDEX_ZERO', () => {
    rejects(make(), '80', 'HPACK_INDEX_ZERO', 0);
    rejects(make(), '8280', 'HPACK_INDEX_ZERO', 1);
  });

  test('§2.3.3: an index past the tables is HPACK_INDEX_OUT_OF_RANGE (indexed and name index)', () => {
    rejects(make(), 'be', 'HPACK_INDEX_OUT_OF_RANGE', 0);
    rejects(make(), '7e0161', 'HPACK_INDEX_OUT_OF_RANGE');
    rejects(make(), '0f2f0161', 'HPACK_INDEX_OUT_OF_RANGE');
    const d = make();
    d.decode(wire('C.3.1')); // one dynamic entry: index 62 exists, 63 does not
    assert.equal(d.decode(fromHex('be')), [[':authority', 'www.example.com']]);
    rejects(d, 'bf', 'HPACK_INDEX_OUT_OF_RANGE');
  });

  test('§5.1: integer overflow and truncation', () => {
    rejects(make(), 'ffffffffff0f', 'HPACK_INTEGER_OVERFLOW', 0);
    rejects(make(), 'ff8080808080808000', 'HPACK_INTEGER_OVERFLOW', 0);
    rejects(make(), 'ff', 'HPACK_INTEGER_TRUNCATED', 0);
    rejects(make(), '400a', 'HPACK_STRING_TRUNCATED');
    rejects(make(), '407f', 'HPACK_INTEGER_TRUNCATED');
  });

  test('§5.2: string literals running past the block are HPACK_STRING_TRUNCATED', () => {
    rejects(make(), '40', 'HPACK_STRING_TRUNCATED');
    rejects(make(), '40056162', 'HPACK_STRING_TRUNCATED');
    rejects(make(), '4001616', 'HPACK_STRING_TRUNCATED'); // hex of 3 octets: name 'a', no value
    rejects(make(), '41', 'HPACK_STRING_TRUNCATED');
    rejects(make(), '418561', 'HPACK_STRING_TRUNCATED');
  });

  test('§5.2: Huffman EOS, long padding and bad padding in names and values', () => {
    rejects(make(), '4084ffffffff0161', 'HPACK_HUFFMAN_EOS');
    rejects(make(), '4081ff0161', 'HPACK_HUFFMAN_PADDING_TOO_LONG');
    rejects(make(), '40811801610', 'HPACK_HUFFMAN_PADDING_INVALID');
    rejects(make(), '4181ff', 'HPACK_HUFFMAN_PADDING_TOO_LONG');
    rejects(make(), '418118', 'HPACK_HUFFMAN_PADDING_INVALID');
    assert.equal(make().decode(fromHex('41811f')), [[':authority', 'a']]);
  });

  test('§4.2: a size update after the first field is HPACK_SIZE_UPDATE_NOT_AT_START', () => {
    rejects(make(), '823fe11f', 'HPACK_SIZE_UPDATE_NOT_AT_START', 1);
    rejects(make(), '20823f00', 'HPACK_SIZE_UPDATE_NOT_AT_START', 2);
  });

  test('§4.2: updates at the start are applied in order and evict', () => {
    const d = make();
    d.decode(wire('C.3.1'));
    d.decode(wire('C.3.2'));
    assert.is(d.dynamicTable().length, 2);
    assert.equal(d.decode(fromHex('203fe11f82')), [[':method', 'GET']]); // to 0, then 4096
    assert.is(d.dynamicTable().length, 0);
    assert.is(d.tableSize, 0);
    assert.is(d.maxTableSize, 4096);
    assert.equal(d.decode(fromHex('3f00')), []); // only an update: an empty list
  });

  test('§6.3: an update above the acknowledged setting is HPACK_SIZE_UPDATE_TOO_LARGE', () => {
    rejects(make(), '3fe21f', 'HPACK_SIZE_UPDATE_TOO_LARGE', 0); // 4097 > 4096
    assert.equal(make().decode(fromHex('3fe11f')), []);
    rejects(make({ maxTableSize: 100 }), '3f46', 'HPACK_SIZE_UPDATE_TOO_LARGE'); // 101
    assert.equal(make({ maxTableSize: 100 }).decode(fromHex('3f45')), []);
  });

  test('§4.2: after the setting fell below the table size, the next block must start with an update', () => {
    const d = make();
    d.decode(wire('C.3.1'));
    d.setMaxTableSize(1024);
    rejects(d, '82', 'HPACK_SIZE_UPDATE_MISSING', 0);
    const e = make();
    e.setMaxTableSize(1024);
    rejects(e, '', 'HPACK_SIZE_UPDATE_MISSING');
    rejects(e, '3fe207', 'HPACK_SIZE_UPDATE_TOO_LARGE'); // 1025 > 1024
    assert.equal(e.decode(fromHex('3fe10782')), [[':method', 'GET']]); // update to 1024
    assert.equal(e.decode(fromHex('82')), [[':method', 'GET']]);
  });

  test('§4.2: raising the setting needs no update, and the table keeps its size until one comes', () => {
    const d = make();
    d.decode(wire('C.3.1'));
    d.setMaxTableSize(8192);
    assert.equal(d.decode(fromHex('be')), [[':authority', 'www.example.com']]);
    assert.is(d.maxTableSize, 4096);
    assert.equal(d.decode(fromHex('3fe13fbe')), [[':authority', 'www.example.com']]); // update to 8192
    assert.is(d.maxTableSize, 8192);
  });

  test('§4.2: a setting above the context capacity moves the table and keeps its entries', () => {
    const d = make({ maxTableSize: 256 });
    for (const section of ['C.5.1', 'C.5.2']) d.decode(wire(section));
    const before = d.dynamicTable();
    d.setMaxTableSize(65536);
    assert.equal(d.dynamicTable(), before);
    assert.equal(d.decode(fromHex('3fe1ff03bebf')), [before[0], before[1]].map((e) => [e.name, e.value]));
    assert.is(d.maxTableSize, 65536);
  });

  test('§6.2.3: never-indexed fields are reported and not added to the table (C.2.3)', () => {
    const d = make();
    assert.equal(d.decodeWithFlags(wire('C.2.3')), [['password', 'secret', true]]);
    assert.is(d.dynamicTable().length, 0);
    assert.equal(d.decodeWithFlags(wire('C.2.1')), [['custom-key', 'custom-header', false]]);
    assert.equal(d.decodeWithFlags(wire('C.2.2')), [[':path', '/sample/path', false]]);
    const view = d.decodeView(fromHex('1008' + Buffer.from('password').toString('hex') + '06' + Buffer.from('secret').toString('hex') + '82'));
    assert.is(view.count, 2);
    assert.ok(view.neverIndexed(0));
    assert.not.ok(view.neverIndexed(1));
  });

  test('limits: a field over maxFieldSize is HPACK_FIELD_TOO_LARGE (raw and Huffman literals)', () => {
    const long = 'a'.repeat(100);
    const literal = fromHex('4001' + '61' + '64' + Buffer.from(long).toString('hex'));
    rejects(make({ maxFieldSize: 132 }), literal, 'HPACK_FIELD_TOO_LARGE');
    assert.equal(make({ maxFieldSize: 133 }).decode(literal), [['a', long]]);
    const huffman = fromHex('00811f' + hexHuffmanA(64)); // name 'a', value 'a' x 64, both Huffman
    rejects(make({ maxFieldSize: 96 }), huffman, 'HPACK_FIELD_TOO_LARGE');
    assert.equal(make({ maxFieldSize: 97 }).decode(huffman), [['a', 'a'.repeat(64)]]);
    const d = make({ maxFieldSize: 133 });
    d.decode(literal); // inserted: 133 octets, within the limit, so also as an indexed field
    assert.equal(d.decode(fromHex('bebe')), [['a', long], ['a', long]]);
  });

  test('limits: a list over maxHeaderListSize is HPACK_HEADER_LIST_TOO_LARGE, recoverable, table in step', () => {
    const d = make({ maxHeaderListSize: 120 });
    const error = rejects(d, wire('C.3.1'), 'HPACK_HEADER_LIST_TOO_LARGE');
    assert.ok(error.recoverable);
    assert.equal(d.dynamicTable(), C['C.3.1'].dynamic_table.map(({ name, value, size }) => ({ name, value, size })));
    rejects(d, wire('C.3.2'), 'HPACK_HEADER_LIST_TOO_LARGE');
    assert.equal(d.dynamicTable(), C['C.3.2'].dynamic_table.map(({ name, value, size }) => ({ name, value, size })));
    assert.equal(d.decode(fromHex('bebf')), [['cache-control', 'no-cache'], [':authority', 'www.example.com']]);
    assert.is(make({ maxHeaderListSize: 180 }).decode(wire('C.3.1')).length, 4); // exactly 180
    rejects(make({ maxHeaderListSize: 179 }), wire('C.3.1'), 'HPACK_HEADER_LIST_TOO_LARGE');
  });

  test('errors other than the list limit are not recoverable; the decoder stays callable', () => {
    const d = make();
    const error = rejects(d, '80', 'HPACK_INDEX_ZERO');
    assert.not.ok(error.recoverable);
    assert.equal(d.decode(fromHex('82')), [[':method', 'GET']]);
  });

  test('lazy view: names by static id, values on demand, octets, stale reads refused', () => {
    const d = make();
    const other = make();
    d.decode(wire('C.3.1'));
    const view = d.decodeView(wire('C.3.2'));
    assert.is(view.count, 5);
    assert.is(view.nameId(0), 2);
    assert.is(view.nameId(4), 24);
    assert.is(view.name(4), 'cache-control');
    assert.is(view.value(4), 'no-cache');
    assert.is(view.name(3), ':authority');
    assert.is(view.nameId(3), 1);
    assert.is(Buffer.from(view.valueBytes(3)).toString(), 'www.example.com');
    assert.is(Buffer.from(view.nameBytes(4)).toString(), 'cache-control');
    assert.equal(view.toArray(), pairs('C.3.2'));
    assert.throws(() => view.name(5), RangeError);
    other.decode(wire('C.3.1'));
    assert.throws(() => view.value(0), /after a later call/);
  });

  test('the string cache never serves another entry as slots are reused (C.5, emptied each round)', () => {
    const d = make({ maxTableSize: 256 });
    for (let round = 0; round < 40; round++) {
      // §4.2: an update to 0 then back to 256 empties the table at the start of C.5.1's block.
      assert.equal(d.decode(fromHex('203fe101' + C['C.5.1'].wire)), pairs('C.5.1'), `round ${round}`);
      if (round % 2) {
        const view = d.decodeView(wire('C.5.2'));
        for (let i = view.count - 1; i >= 0; i--) assert.equal([view.name(i), view.value(i)], pairs('C.5.2')[i]);
      } else {
        assert.equal(d.decode(wire('C.5.2')), pairs('C.5.2'));
      }
      assert.equal(d.decode(wire('C.5.3')), pairs('C.5.3'));
    }
  });

  test('§4.4: an indexed field keeps its value when later fields of the same block overwrite its entry', () => {
    // Entries of 7 + 11 octets (size 50) in a 100-octet table: the ring holds 100 octets, so
    // the writes come round and overwrite an evicted entry's bytes.
    const hex = (text) => Buffer.from(text).toString('hex');
    const literal = (name, value) => '4007' + hex(name) + '0b' + hex(value);
    const fill = (k) => literal(`x-fill${k}`, `value-0000${k}`);
    const setup = fill(1) + fill(2) + fill(3) + fill(4) + literal('x-first', 'alpha-value'); // x-first at ring [72, 90)
    const block = fromHex('be' + fill(5) + fill(6) + fill(7) + fill(8) + fill(9)); // the last one writes [62, 80)
    const want = [['x-first', 'alpha-value'], ...[5, 6, 7, 8, 9].map((k) => [`x-fill${k}`, `value-0000${k}`])];
    const d = make({ maxTableSize: 100 });
    d.decode(fromHex(setup));
    assert.equal(d.decode(block), want);
    const e = make({ maxTableSize: 100 });
    e.decode(fromHex(setup));
    const view = e.decodeView(block);
    assert.is(Buffer.from(view.valueBytes(0)).toString(), 'alpha-value');
    assert.is(view.value(0), 'alpha-value');
    assert.equal(e.dynamicTable().map((x) => x.name), ['x-fill9', 'x-fill8']);
  });

  test('dispose() frees the context; later use throws', () => {
    const d = make();
    d.dispose();
    d.dispose();
    assert.throws(() => d.decode(fromHex('82')), /after dispose/);
  });

  test('options are validated', () => {
    assert.throws(() => make({ maxTableSize: -1 }), RangeError);
    assert.throws(() => make({ maxHeaderListSize: 1.5 }), RangeError);
    assert.throws(() => make({ maxFieldSize: 2 ** 40 }), RangeError);
  });

  test.run();
}

/** Huffman-coded 'a' * n as hex (00011 repeated, then EOS-prefix padding), with its length prefix. */
function hexHuffmanA(n) {
  let bits = '00011'.repeat(n);
  bits += '1'.repeat((8 - (bits.length % 8)) % 8);
  const bytes = bits.match(/.{8}/g).map((b) => parseInt(b, 2));
  if (bytes.length >= 127) throw new Error('too long for this helper');
  return (0x80 | bytes.length).toString(16) + Buffer.from(bytes).toString('hex');
}
