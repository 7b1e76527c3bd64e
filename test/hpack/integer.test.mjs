// RFC 7541 §5.1 integer representation, through the hpackInteger* primitives of each build.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runtimeFor } from '../../dist/bindings/hpack/runtime.js';
import { BUILDS, fromHex, toHex } from './helpers.mjs';

const INTEGER_OVERFLOW = -1;
const INTEGER_TRUNCATED = -2;

for (const build of BUILDS) {
  const test = suite(`hpack integer (${build.name})`);
  const rt = runtimeFor(build.wasm);
  const x = rt.exports;

  const encode = (value, prefix, first = 0) => {
    const n = x.hpackIntegerEncode(rt.inPtr, value, prefix, first);
    return toHex(rt.u8.slice(rt.inPtr, rt.inPtr + n));
  };
  const decode = (hex, prefix) => {
    const bytes = fromHex(hex);
    rt.u8.set(bytes, rt.inPtr);
    const v = x.hpackIntegerDecode(rt.inPtr, bytes.length, prefix);
    return v < 0 ? v : [v, rt.status(4)];
  };

  test('C.1.1: 10 with a 5-bit prefix is one octet', () => {
    assert.is(encode(10, 5), '0a');
    assert.equal(decode('0a', 5), [10, 1]);
  });

  test('C.1.2: 1337 with a 5-bit prefix is 1f 9a 0a', () => {
    assert.is(encode(1337, 5), '1f9a0a');
    assert.equal(decode('1f9a0a', 5), [1337, 3]);
  });

  test('C.1.3: 42 at an octet boundary (8-bit prefix)', () => {
    assert.is(encode(42, 8), '2a');
    assert.equal(decode('2a', 8), [42, 1]);
  });

  test('§5.1: pattern bits above the prefix are kept on encode and ignored on decode', () => {
    assert.is(encode(5, 4, 0x10), '15');
    assert.equal(decode('e5', 5), [5, 1]);
    assert.equal(decode('ff00', 7), [127, 2]);
  });

  test('§5.1: round trip at every prefix size around the boundaries', () => {
    for (let prefix = 1; prefix <= 8; prefix++) {
      const max = (1 << prefix) - 1;
      for (const v of [0, 1, max - 1, max, max + 1, max + 127, max + 128, 16383, 2 ** 21, 2 ** 28, 2 ** 31 - 1]) {
        const hex = encode(v, prefix);
        assert.equal(decode(hex, prefix), [v, hex.length / 2], `value ${v} prefix ${prefix}`);
      }
    }
  });

  test('§5.1: the largest accepted value is 2^31 - 1; larger is INTEGER_OVERFLOW', () => {
    assert.equal(decode('1fe0ffffff07', 5), [2 ** 31 - 1, 6]);
    assert.is(decode('1fe1ffffff07', 5), INTEGER_OVERFLOW);
    assert.is(decode('ffffffffff0f', 8), INTEGER_OVERFLOW);
  });

  test('§5.1: more than five continuation octets is INTEGER_OVERFLOW, even as zero padding', () => {
    assert.equal(decode('1f8080808000', 5), [31, 6]);
    assert.is(decode('1f808080808000', 5), INTEGER_OVERFLOW);
    assert.is(decode('1f' + '80'.repeat(100) + '00', 5), INTEGER_OVERFLOW);
  });

  test('§5.1: a block ending inside an integer is INTEGER_TRUNCATED', () => {
    assert.is(decode('1f', 5), INTEGER_TRUNCATED);
    assert.is(decode('1f9a', 5), INTEGER_TRUNCATED);
    assert.is(decode('', 5), INTEGER_TRUNCATED);
  });

  test.run();
}
