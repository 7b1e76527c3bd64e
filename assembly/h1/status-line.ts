// status-line = HTTP-version SP status-code SP [ reason-phrase ] CRLF (RFC 9112 §4). The
// status code is three digits, 100-999 (RFC 9110 §15: a client treats an unknown code as
// x00 of its class); the reason-phrase is HTAB / SP / VCHAR / obs-text. A status line that
// ends right after the code (no SP) is accepted with an empty reason, as clients commonly do
// (RFC 9112 §2.2 robustness). Writes S_METHOD (the status), S_VERSION and the reason span.
import { S_MAX_LINE, S_METHOD, S_VERSION, S_TARGET_START, S_TARGET_END } from './layout';
import {
  E_INVALID_STATUS, E_INVALID_REASON, E_VERSION_NOT_SUPPORTED, E_STATUS_LINE_TOO_LONG,
  E_INVALID_VERSION,
} from './errors';
import { SP, CR, LF, NEED_MORE, fail, getWord, setWord } from './state';
import { scanValue } from './scan';
import { parseVersion, parseLineEnd, parsedVersion } from './version';

/** Parses the status line at `hs`; returns the start of the first field line. */
export function parseStatusLine(s: usize, hs: usize, end: usize): isize {
  const limit = hs + <usize>getWord(s, S_MAX_LINE);
  const v = parseVersion(s, hs, end, limit, E_STATUS_LINE_TOO_LONG);
  if (v < 0) return v;
  let p = <usize>v;
  const version = parsedVersion;
  if (version != 0x100 && version != 0x101) return fail(s, E_VERSION_NOT_SUPPORTED, hs);
  // SP, then exactly three digits.
  for (let i: usize = 0; i < 4; i++) {
    const q = p + i;
    if (q > limit) return fail(s, E_STATUS_LINE_TOO_LONG, limit);
    if (q >= end) return NEED_MORE;
    const c = <u32>load<u8>(q);
    if (i == 0) {
      if (c != SP) return fail(s, E_INVALID_VERSION, q);
    } else if (c - 0x30 > 9) {
      return fail(s, E_INVALID_STATUS, q);
    }
  }
  const status = (<u32>load<u8>(p + 1) - 0x30) * 100 + (<u32>load<u8>(p + 2) - 0x30) * 10
    + (<u32>load<u8>(p + 3) - 0x30);
  if (status < 100) return fail(s, E_INVALID_STATUS, p + 1);
  p += 4;
  let rs = p;
  let re = p;
  const c = <u32>load<u8>(p);
  if (c == SP) {
    rs = p + 1;
    re = scanValue(rs);
    if (re > limit) return fail(s, E_STATUS_LINE_TOO_LONG, limit);
    p = re;
  } else if (c != CR && c != LF) {
    if (p > limit) return fail(s, E_STATUS_LINE_TOO_LONG, limit);
    if (p >= end) return NEED_MORE;
    return fail(s, E_INVALID_STATUS, p);
  }
  const next = parseLineEnd(s, p, end, limit, E_STATUS_LINE_TOO_LONG, E_INVALID_REASON);
  if (next < 0) return next;
  setWord(s, S_METHOD, status);
  setWord(s, S_VERSION, version);
  setWord(s, S_TARGET_START, <u32>(rs - hs));
  setWord(s, S_TARGET_END, <u32>(re - hs));
  return next;
}
