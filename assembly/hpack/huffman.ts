// Huffman string coding (RFC 7541 §5.2, code of Appendix B in huffman-table.ts).
// Decoding enforces the three MUSTs of §5.2: the EOS symbol inside a string, padding longer
// than 7 bits, and padding that is not the most significant bits of EOS (all ones) are each a
// distinct error. Bits are read through a 64-bit accumulator; missing bits past the end are
// taken as ones, so a code that only completes with padding is detected as "too long".
// Owns no memory: callers pass the source and a destination bounded by `limit`.
import { HpackErrorCode } from './errors';
import {
  HUFFMAN_CODES, HUFFMAN_LENGTHS, HUFFMAN_PRIMARY, HUFFMAN_PRIMARY_BITS, HUFFMAN_LONG_COUNT,
  HUFFMAN_LONG_LIMIT, HUFFMAN_LONG_SHIFT, HUFFMAN_LONG_BASE, HUFFMAN_LONG_SYMBOLS, HUFFMAN_EOS,
} from './huffman-table';

/** Returned (negated) when the destination limit would be passed. */
// @ts-ignore: decorator
@inline export const HUFFMAN_LIMIT: i32 = -1000;

// The decoder keeps its bits left-aligned in a 64-bit accumulator: the top `n` bits are
// unread input, the rest zeros. `acc | (ALL_ONES >> n)` is then the input padded with ones,
// so one shift peeks at the next bits whether or not that many remain.

// @ts-ignore: decorator
@inline const ALL_ONES: u64 = 0xffffffffffffffff;

/** Symbol and length (length << 9 | symbol) of a code longer than the primary table's bits. */
function decodeLong(padded: u64): u32 {
  const bits = <u32>(padded >> 34);
  for (let k: u32 = 0; k < HUFFMAN_LONG_COUNT; k++) {
    if (bits < load<u32>(HUFFMAN_LONG_LIMIT + (k << 2))) {
      const shift = <u32>load<u8>(HUFFMAN_LONG_SHIFT + k);
      const index = (bits >> shift) + load<u32>(HUFFMAN_LONG_BASE + (k << 2));
      return ((30 - shift) << 9) | <u32>load<u16>(HUFFMAN_LONG_SYMBOLS + (index << 1));
    }
  }
  return (30 << 9) | HUFFMAN_EOS; // unreachable: 30 ones are EOS, below the last limit
}

/**
 * Decodes `len` Huffman-coded octets at src into dst, writing no byte at or past `limit`.
 * Returns the end of the output (as a non-negative isize) or a negated error
 * (HpackErrorCode, or HUFFMAN_LIMIT when `limit` would be passed).
 */
export function huffmanDecode(src: usize, len: u32, dst: usize, limit: usize): isize {
  const end = src + len;
  let p = src;
  let o = dst;
  let acc: u64 = 0;
  let n: u32 = 0;
  while (true) {
    // Keep n < 64 (a 64-bit shift is a no-op in Wasm) and n >= 30 (the longest code)
    // while input remains.
    if (n < 32) {
      if (end - p >= 4) {
        acc |= <u64>bswap<u32>(load<u32>(p)) << (32 - n);
        p += 4;
        n += 32;
      } else {
        while (p < end) { acc |= <u64>load<u8>(p++) << (56 - n); n += 8; }
        if (n == 0) break;
      }
    }
    // Fast loop: with at least PRIMARY_BITS real bits, an entry's codes are all real input.
    while (n >= HUFFMAN_PRIMARY_BITS) {
      const e = load<u32>(HUFFMAN_PRIMARY + (<usize>(acc >> (64 - HUFFMAN_PRIMARY_BITS)) << 2));
      const count = e >> 26;
      if (count == 0 || o + 1 >= limit) break;
      store<u16>(o, e); // sym1, then sym2 (little-endian); o advances by the symbols decoded
      o += count;
      const used = (e >> 21) & 31;
      acc <<= used;
      n -= used;
    }
    if (n < 32 && p < end) continue; // refill first: a long code may need up to 30 bits
    const padded = acc | (ALL_ONES >> n);
    const e = load<u32>(HUFFMAN_PRIMARY + (<usize>(padded >> (64 - HUFFMAN_PRIMARY_BITS)) << 2));
    const count = e >> 26;
    let bits = (e >> 16) & 31;
    let sym = e & 0xff;
    if (count == 0) {
      const long = decodeLong(padded);
      bits = long >> 9;
      sym = long & 0x1ff;
    }
    if (bits > n) break; // only at the end: the rest is padding or a cut code
    if (sym == HUFFMAN_EOS) return -HpackErrorCode.HUFFMAN_EOS;
    if (o >= limit) return HUFFMAN_LIMIT;
    store<u8>(o++, sym);
    acc <<= bits;
    n -= bits;
  }
  if (n != 0) {
    // §5.2: what is left must be shorter than 8 bits and all ones (a prefix of EOS).
    if ((acc | (ALL_ONES >> n)) != ALL_ONES) return -HpackErrorCode.HUFFMAN_PADDING_INVALID;
    if (n > 7) return -HpackErrorCode.HUFFMAN_PADDING_TOO_LONG;
  }
  return <isize>o;
}

/** Length in octets of the Huffman coding of `len` octets at src. */
export function huffmanEncodedLength(src: usize, len: u32): u32 {
  let bits: u32 = 0;
  const end = src + len;
  for (let p = src; p < end; p++) bits += <u32>load<u8>(HUFFMAN_LENGTHS + <usize>load<u8>(p));
  return (bits + 7) >> 3;
}

/** Huffman-codes `len` octets at src into dst, padding with the EOS prefix. Returns the end. */
export function huffmanEncode(src: usize, len: u32, dst: usize): usize {
  const end = src + len;
  let o = dst;
  let acc: u64 = 0;
  let n: u32 = 0;
  for (let p = src; p < end; p++) {
    const sym = <usize>load<u8>(p);
    const bits = <u32>load<u8>(HUFFMAN_LENGTHS + sym);
    acc = (acc << bits) | <u64>load<u32>(HUFFMAN_CODES + (sym << 2));
    n += bits;
    if (n >= 32) {
      n -= 32;
      store<u32>(o, bswap<u32>(<u32>(acc >> n)));
      o += 4;
    }
  }
  while (n >= 8) {
    n -= 8;
    store<u8>(o++, <u32>(acc >> n));
  }
  if (n != 0) store<u8>(o++, (<u32>(acc << (8 - n)) | (0xff >> n)));
  return o;
}
