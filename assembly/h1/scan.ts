// Byte scanners for the hot loops: the first byte that ends a field value or reason-phrase
// (RFC 9110 §5.5: anything but VCHAR, obs-text, SP and HTAB) and the first byte that ends a
// request-target (RFC 9112 §3.2). Both rely on the sentinel byte (0) stored right after the
// input, so they need no bounds check, and on the window's padding for 16-byte SIMD loads.
// The SIMD path compiles only under ASC_FEATURE_SIMD; the scalar path is the no-SIMD build.
import { markObsText, HTAB } from './state';
import { CLASS, C_TCHAR, TCHAR_LO, TCHAR_HI } from './tables';

/**
 * Returns the first byte at or after `p` that is a control character other than HTAB, or DEL.
 * Bytes >= 0x80 are obs-text: allowed, and remembered through markObsText().
 */
export function scanValue(p: usize): usize {
  if (ASC_FEATURE_SIMD) {
    const below = i8x16.splat(0x20);
    const tab = i8x16.splat(<i8>HTAB);
    const del = i8x16.splat(0x7f);
    while (true) {
      const v = v128.load(p);
      // Signed compare: 0x00-0x1F and 0x80-0xFF are both "below 0x20".
      const stop = v128.or(v128.andnot(i8x16.lt_s(v, below), i8x16.eq(v, tab)), i8x16.eq(v, del));
      const bits = i8x16.bitmask(stop);
      if (bits == 0) {
        p += 16;
        continue;
      }
      p += <usize>ctz(bits);
      if (load<u8>(p) < 0x80) return p;
      markObsText();
      p++;
    }
  } else {
    while (true) {
      const c = <u32>load<u8>(p);
      if (c - 0x20 < 0x5f || c == HTAB) {
        p++;
        continue;
      }
      if (c < 0x80) return p;
      markObsText();
      p++;
    }
  }
}

/** Returns the first byte at or after `p` that is not VCHAR (0x21-0x7E). */
export function scanTarget(p: usize): usize {
  if (ASC_FEATURE_SIMD) {
    const below = i8x16.splat(0x21);
    const del = i8x16.splat(0x7f);
    while (true) {
      const v = v128.load(p);
      const bits = i8x16.bitmask(v128.or(i8x16.lt_s(v, below), i8x16.eq(v, del)));
      if (bits != 0) return p + <usize>ctz(bits);
      p += 16;
    }
  } else {
    while (<u32>load<u8>(p) - 0x21 < 0x5e) p++;
    return p;
  }
}

/** Returns the first byte at or after `p` that is not a tchar (RFC 9110 §5.6.2). */
export function scanToken(p: usize): usize {
  if (ASC_FEATURE_SIMD) {
    const lo = v128.load(TCHAR_LO);
    const hi = v128.load(TCHAR_HI);
    const nibble = i8x16.splat(0x0f);
    while (true) {
      const v = v128.load(p);
      const bits = i8x16.swizzle(lo, v128.and(v, nibble));
      const groups = i8x16.swizzle(hi, i8x16.shr_u(v, 4));
      const stop = i8x16.bitmask(i8x16.eq(v128.and(bits, groups), i8x16.splat(0)));
      if (stop != 0) return p + <usize>ctz(stop);
      p += 16;
    }
  } else {
    while (load<u8>(CLASS + <usize>load<u8>(p)) & C_TCHAR) p++;
    return p;
  }
}
