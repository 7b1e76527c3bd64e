// HTTP-version = "HTTP/" DIGIT "." DIGIT, case-sensitive (RFC 9112 §2.3), and the end of a
// start line (CRLF; a bare LF only behind OPT_ALLOW_BARE_LF, RFC 9112 §2.2). Shared by the
// request line and the status line.
import { OPT_ALLOW_BARE_LF } from './layout';
import { E_INVALID_VERSION, E_CR_EXPECTED, E_LF_EXPECTED } from './errors';
import { CR, LF, NEED_MORE, fail, hasOption } from './state';

const HTTP_SLASH = memory.data<u8>([0x48, 0x54, 0x54, 0x50, 0x2f]);

/** major << 8 | minor of the last version parsed. */
export let parsedVersion: u32 = 0;

/**
 * Parses the 8 version bytes at `vs`. Positions past `limit` fail with `limitCode` first, so
 * the outcome does not depend on where the input was split. Returns vs + 8 on success.
 */
export function parseVersion(s: usize, vs: usize, end: usize, limit: usize, limitCode: i32): isize {
  for (let i: usize = 0; i < 8; i++) {
    const q = vs + i;
    if (q > limit) return fail(s, limitCode, limit);
    if (q >= end) return NEED_MORE;
    const c = <u32>load<u8>(q);
    let ok: bool;
    if (i < 5) ok = c == <u32>load<u8>(HTTP_SLASH + i);
    else if (i == 6) ok = c == 0x2e;
    else ok = c - 0x30 <= 9;
    if (!ok) return fail(s, E_INVALID_VERSION, q);
  }
  parsedVersion = ((<u32>load<u8>(vs + 5) - 0x30) << 8) | (<u32>load<u8>(vs + 7) - 0x30);
  return <isize>(vs + 8);
}

/**
 * Expects the line terminator at `p` (the byte after the last start-line field). Returns the
 * start of the next line, NEED_MORE, or FAILED; other bytes fail with `otherCode`.
 */
export function parseLineEnd(s: usize, p: usize, end: usize, limit: usize, limitCode: i32,
  otherCode: i32): isize {
  if (p > limit) return fail(s, limitCode, limit);
  const c = <u32>load<u8>(p);
  if (c == CR) {
    if (p + 1 >= end) return NEED_MORE;
    // RFC 9112 §2.2: a CR not followed by LF is invalid.
    if (<u32>load<u8>(p + 1) != LF) return fail(s, E_LF_EXPECTED, p + 1);
    return <isize>(p + 2);
  }
  if (c == LF) {
    if (!hasOption(s, OPT_ALLOW_BARE_LF)) return fail(s, E_CR_EXPECTED, p);
    return <isize>(p + 1);
  }
  if (p >= end) return NEED_MORE;
  return fail(s, otherCode, p);
}

