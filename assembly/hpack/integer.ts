// Integer representation (RFC 7541 §5.1): an N-bit prefix, then 7-bit groups, least
// significant first, each with a continuation bit. Decoded values are bounded to 2^31 - 1
// and to five continuation octets, which covers every legal index, length and table size
// while keeping the arithmetic in 32 bits; larger values are INTEGER_OVERFLOW, not a trap.
// State: `integerNext`, the position after the last decoded integer (no tuples in Wasm).
import { HpackErrorCode } from './errors';

/** Position after the integer that decodeInteger last read. */
export let integerNext: usize = 0;

/**
 * Decodes an integer whose prefix occupies the low `prefixBits` of the octet at p.
 * Returns the value (>= 0) or a negated HpackErrorCode. The caller guarantees p < end.
 */
// @ts-ignore: decorator
@inline export function decodeInteger(p: usize, end: usize, prefixBits: u32): i32 {
  const mask: u32 = (1 << prefixBits) - 1;
  const v = <u32>load<u8>(p) & mask;
  if (v < mask) {
    integerNext = p + 1;
    return <i32>v;
  }
  return decodeIntegerTail(p + 1, end, v);
}

function decodeIntegerTail(p: usize, end: usize, prefix: u32): i32 {
  let v = <u64>prefix;
  let shift: u64 = 0;
  while (true) {
    if (p >= end) return -HpackErrorCode.INTEGER_TRUNCATED;
    const b = <u64>load<u8>(p++);
    v += (b & 0x7f) << shift;
    if (v > 0x7fffffff) return -HpackErrorCode.INTEGER_OVERFLOW;
    if ((b & 0x80) == 0) break;
    shift += 7;
    // Five continuation octets carry 35 bits: a sixth can only be zero padding, which a
    // peer would use to make us spin; refuse it.
    if (shift > 28) return -HpackErrorCode.INTEGER_OVERFLOW;
  }
  integerNext = p;
  return <i32>v;
}

/**
 * Writes `value` with a `prefixBits` prefix; `first` holds the representation's pattern bits
 * above the prefix. Returns the position after the integer (at most 6 octets).
 */
// @ts-ignore: decorator
@inline export function encodeInteger(out: usize, value: u32, prefixBits: u32, first: u32): usize {
  const mask: u32 = (1 << prefixBits) - 1;
  if (value < mask) {
    store<u8>(out, first | value);
    return out + 1;
  }
  return encodeIntegerTail(out, value - mask, first | mask);
}

function encodeIntegerTail(out: usize, rest: u32, first: u32): usize {
  store<u8>(out++, first);
  while (rest >= 0x80) {
    store<u8>(out++, (rest & 0x7f) | 0x80);
    rest >>= 7;
  }
  store<u8>(out++, rest);
  return out;
}

/** Octets encodeInteger writes for `value` with a `prefixBits` prefix. */
// @ts-ignore: decorator
@inline export function integerLength(value: u32, prefixBits: u32): u32 {
  const mask: u32 = (1 << prefixBits) - 1;
  if (value < mask) return 1;
  let rest = value - mask;
  let n: u32 = 2;
  while (rest >= 0x80) { rest >>= 7; n++; }
  return n;
}
