// RFC 7541 §5.2 Huffman coding (code of Appendix B), through the hpackHuffman* primitives.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runtimeFor } from '../../dist/bindings/hpack/runtime.js';
import { BUILDS, fromHex, toHex, prng } from './helpers.mjs';

const HUFFMAN_EOS = -4;
const HUFFMAN_PADDING_TOO_LONG = -5;
const HUFFMAN_PADDING_INVALID = -6;
const OUTPUT_FULL = -14;

for (const build of BUILDS) {
  const test = suite(`hpack huffman (${build.name})`);
  const rt = runtimeFor(build.wasm);
  const x = rt.exports;
  const src = () => rt.inPtr;
  const dst = () => rt.outPtr;

  const encode = (bytes) => {
    rt.u8.set(bytes, src());
    const n = x.hpackHuffmanEncode(src(), bytes.length, dst());
    assert.is(x.hpackHuffmanEncodedLength(src(), bytes.length), n, 'encoded length agrees');
    return rt.u8.slice(dst(), dst() + n);
  };
  const decode = (bytes, cap = 4096) => {
    rt.u8.set(bytes, src());
    const n = x.hpackHuffmanDecode(src(), bytes.length, dst(), cap);
    return n < 0 ? n : rt.u8.slice(dst(), dst() + n);
  };
  const ascii = (s) => Uint8Array.from(Buffer.from(s, 'latin1'));
  const text = (bytes) => Buffer.from(bytes).toString('latin1');

  test('C.4.1: "www.example.com" codes to f1e3 c2e5 f23a 6ba0 ab90 f4ff', () => {
    assert.is(toHex(encode(ascii('www.example.com'))), 'f1e3c2e5f23a6ba0ab90f4ff');
    assert.is(text(decode(fromHex('f1e3c2e5f23a6ba0ab90f4ff'))), 'www.example.com');
  });

  test('C.4.2 and C.6.1: "no-cache", "302", the Date value', () => {
    assert.is(toHex(encode(ascii('no-cache'))), 'a8eb10649cbf');
    assert.is(toHex(encode(ascii('302'))), '6402');
    assert.is(toHex(encode(ascii('Mon, 21 Oct 2013 20:13:21 GMT'))), 'd07abe941054d444a8200595040b8166e082a62d1bff');
  });

  test('every octet value round-trips alone and in random strings', () => {
    for (let b = 0; b < 256; b++) assert.equal(decode(encode(Uint8Array.of(b))), Uint8Array.of(b), `octet ${b}`);
    const rand = prng(7541);
    for (let i = 0; i < 300; i++) {
      const bytes = Uint8Array.from({ length: Math.floor(rand() * 200) }, () => Math.floor(rand() * 256));
      assert.equal(decode(encode(bytes)), bytes);
    }
  });

  test('§5.2: the empty string is zero octets', () => {
    assert.is(encode(new Uint8Array(0)).length, 0);
    assert.equal(decode(new Uint8Array(0)), new Uint8Array(0));
  });

  test('§5.2: an EOS symbol inside a string is HUFFMAN_EOS', () => {
    assert.is(decode(fromHex('fffffffc')), HUFFMAN_EOS); // EOS (30 ones) + 00
    assert.is(decode(fromHex('1fffffffff')), HUFFMAN_EOS); // 'a' (00011) then EOS
  });

  test('§5.2: padding longer than 7 bits is HUFFMAN_PADDING_TOO_LONG', () => {
    assert.is(decode(fromHex('ff')), HUFFMAN_PADDING_TOO_LONG);
    assert.is(decode(fromHex('1fff')), HUFFMAN_PADDING_TOO_LONG); // 'a' + 11 ones
    assert.is(decode(fromHex('ffff')), HUFFMAN_PADDING_TOO_LONG);
  });

  test('§5.2: padding that is not the EOS prefix is HUFFMAN_PADDING_INVALID', () => {
    assert.is(decode(fromHex('18')), HUFFMAN_PADDING_INVALID); // 'a' (00011) + 000
    assert.is(decode(fromHex('00')), HUFFMAN_PADDING_INVALID); // '0' (00000) + 000
    assert.is(decode(fromHex('fe')), HUFFMAN_PADDING_INVALID); // 1111111 0: a code cut short
  });

  test('§5.2: 1 to 7 bits of all-ones padding are accepted', () => {
    assert.is(text(decode(fromHex('07'))), '0'); // 00000 + 111
    assert.is(text(decode(fromHex('1f'))), 'a'); // 00011 + 111
    assert.is(text(decode(fromHex('0000007f'))), '00000'); // 25 bits + 7 bits of padding
    assert.is(text(decode(fromHex('0001'))), '000'); // 15 bits + 1 bit of padding
  });

  test('decoding stops at the destination capacity instead of writing past it', () => {
    const coded = encode(ascii('www.example.com'));
    assert.is(decode(coded, 14), OUTPUT_FULL);
    assert.is(text(decode(coded, 15)), 'www.example.com');
  });

  test.run();
}
