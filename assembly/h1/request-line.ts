// request-line = method SP request-target SP HTTP-version CRLF (RFC 9112 §3). The method is
// any token, matched case-sensitively against the known list (RFC 9110 §9.1); the target is
// VCHAR only and must take the form its method allows (RFC 9112 §3.2: origin-form,
// absolute-form with its authority checked like Host, authority-form for CONNECT only,
// asterisk-form for OPTIONS only). Also recognises the HTTP/2 connection preface (RFC 9113
// §3.4). Writes S_METHOD, S_VERSION and the target span (relative to the head start) into the
// slot.
import {
  S_MAX_LINE, S_METHOD, S_VERSION, S_TARGET_START, S_TARGET_END,
} from './layout';
import {
  CLASS, C_TCHAR, C_HOST, C_IPLIT, METHOD_COUNT, METHOD_NAMES, METHOD_OFFSETS, METHOD_LENGTHS,
  M_CONNECT, M_OPTIONS,
} from './tables';
import {
  E_INVALID_METHOD, E_INVALID_TARGET, E_INVALID_VERSION, E_VERSION_NOT_SUPPORTED,
  E_REQUEST_LINE_TOO_LONG, E_INVALID_H2_PREFACE,
} from './errors';
import { SP, CR, LF, NEED_MORE, fail, getWord, setWord } from './state';
import { scanTarget } from './scan';
import { checkHostPort } from './host';
import { parseVersion, parseLineEnd, parsedVersion } from './version';

/** parseRequestLine's result when the input starts with the HTTP/2 connection preface. */
// @ts-ignore: decorator
@inline export const PREFACE: isize = -3;

// "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
const H2_PREFACE = memory.data<u8>([
  0x50, 0x52, 0x49, 0x20, 0x2a, 0x20, 0x48, 0x54, 0x54, 0x50, 0x2f, 0x32, 0x2e, 0x30, 0x0d, 0x0a,
  0x0d, 0x0a, 0x53, 0x4d, 0x0d, 0x0a, 0x0d, 0x0a,
]);
// @ts-ignore: decorator
@inline const PREFACE_LINE: usize = 16;
// @ts-ignore: decorator
@inline const PREFACE_SIZE: usize = 24;

/** "HTTP/1." as the low seven bytes of a little-endian u64. */
// @ts-ignore: decorator
@inline export const HTTP_1_DOT: u64 = 0x2e312f50545448;

/** Known method id of [p, p + len), or 0. Method names are case-sensitive. */
function methodId(p: usize, len: usize): u32 {
  const first = load<u8>(p);
  for (let id: u32 = 1; id <= METHOD_COUNT; id++) {
    if (<usize>load<u8>(METHOD_LENGTHS + id) != len) continue;
    const name = METHOD_NAMES + <usize>load<u16>(METHOD_OFFSETS + (<usize>id << 1));
    if (load<u8>(name) != first) continue;
    let i: usize = 1;
    while (i < len && load<u8>(p + i) == load<u8>(name + i)) i++;
    if (i == len) return id;
  }
  return 0;
}

/**
 * Checks the preface: FAILED, NEED_MORE, PREFACE, or 0 when the line is not the preface (a
 * mismatch inside its first line leaves the bytes to the ordinary request-line rules).
 */
function matchPreface(s: usize, hs: usize, end: usize): isize {
  for (let i: usize = 0; i < PREFACE_SIZE; i++) {
    const q = hs + i;
    if (q >= end) return NEED_MORE;
    if (load<u8>(q) != load<u8>(H2_PREFACE + i)) {
      return i < PREFACE_LINE ? 0 : fail(s, E_INVALID_H2_PREFACE, q);
    }
  }
  return PREFACE;
}

/** Whether [p, e) is the scheme "http" or "https", in any case (RFC 3986 §3.1). */
function isHttpScheme(p: usize, e: usize): bool {
  const len = e - p;
  if (len != 4 && len != 5) return false;
  if ((load<u32>(p) | 0x20202020) != 0x70747468) return false;
  return len == 4 || (<u32>load<u8>(p + 4) | 0x20) == 0x73;
}

/**
 * absolute-form = absolute-URI (RFC 9112 §3.2.2). Its authority stands in for Host, so the
 * host gets the Host field's check (uri-host [ ":" port ], RFC 3986 §3.2.2-3). For http and
 * https (RFC 9110 §4.2.1-2) the authority is required and its host must not be empty (MUST
 * reject), and userinfo, which senders MUST NOT generate, is treated as an error (§4.2.4
 * SHOULD). Other schemes may omit the authority or carry userinfo.
 */
function validAbsoluteForm(ts: usize, te: usize): bool {
  // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) (RFC 3986 §3.1)
  if ((<u32>load<u8>(ts) | 0x20) - 0x61 > 25) return false;
  let p = ts + 1;
  while (true) {
    if (p >= te) return false;
    const d = <u32>load<u8>(p);
    if (d == 0x3a) break;
    if ((d | 0x20) - 0x61 > 25 && d - 0x30 > 9 && d != 0x2b && d != 0x2d && d != 0x2e) return false;
    p++;
  }
  const http = isHttpScheme(ts, p);
  p++;
  if (te - p < 2 || load<u16>(p) != 0x2f2f) return !http;
  // authority = [ userinfo "@" ] host [ ":" port ], up to "/", "?" or "#" (RFC 3986 §3.2).
  const as = p + 2;
  let ae = as;
  let hs = as;
  while (ae < te) {
    const d = <u32>load<u8>(ae);
    if (d == 0x2f || d == 0x3f || d == 0x23) break;
    if (d == 0x40 && hs == as) hs = ae + 1;
    ae++;
  }
  if (hs != as) {
    if (http) return false;
    // userinfo = *( unreserved / pct-encoded / sub-delims / ":" )
    for (let q = as; q < hs - 1; q++) {
      if (!(load<u8>(CLASS + <usize>load<u8>(q)) & (C_HOST | C_IPLIT))) return false;
    }
  }
  if (http && (hs == ae || <u32>load<u8>(hs) == 0x3a)) return false;
  return checkHostPort(hs, ae, false) == 0;
}

/** The request-target form allowed for this method (RFC 9112 §3.2). */
function validForm(method: u32, ts: usize, te: usize): bool {
  const c = <u32>load<u8>(ts);
  // CONNECT uses authority-form only (RFC 9112 §3.2.3).
  if (method == M_CONNECT) return checkHostPort(ts, te, true) == 0;
  if (c == 0x2f) return true;
  // asterisk-form is only used for a server-wide OPTIONS request (RFC 9112 §3.2.4).
  if (c == 0x2a) return te - ts == 1 && method == M_OPTIONS;
  return validAbsoluteForm(ts, te);
}

/** Parses the request line at `hs`; returns the start of the first field line. */
export function parseRequestLine(s: usize, hs: usize, end: usize): isize {
  if (load<u32>(hs) == 0x20495250) {
    const preface = matchPreface(s, hs, end);
    if (preface != 0) return preface;
  }
  const limit = hs + <usize>getWord(s, S_MAX_LINE);
  let p = hs;
  let c = <u32>load<u8>(p);
  while (load<u8>(CLASS + c) & C_TCHAR) c = <u32>load<u8>(++p);
  if (p > limit) return fail(s, E_REQUEST_LINE_TOO_LONG, limit);
  if (c != SP) {
    if (p >= end) return NEED_MORE;
    return fail(s, E_INVALID_METHOD, p);
  }
  if (p == hs) return fail(s, E_INVALID_METHOD, p);
  const method = methodId(hs, p - hs);
  const ts = ++p;
  p = scanTarget(p);
  if (p > limit) return fail(s, E_REQUEST_LINE_TOO_LONG, limit);
  c = <u32>load<u8>(p);
  if (c != SP) {
    if (p >= end) return NEED_MORE;
    // A start line without a version (HTTP/0.9 form) is not HTTP/1.x.
    if (p > ts && (c == CR || c == LF)) return fail(s, E_INVALID_VERSION, p);
    return fail(s, E_INVALID_TARGET, p);
  }
  // RFC 9112 §3: one SP between the parts (the MAY to split on whitespace runs is not taken).
  if (p == ts) return fail(s, E_INVALID_TARGET, p);
  const te = p;
  if (!validForm(method, ts, te)) return fail(s, E_INVALID_TARGET, ts);
  const vs = p + 1;
  // Fast path: "HTTP/1.0" or "HTTP/1.1" then CRLF, all present and within the limit.
  if (vs + 10 <= end && vs + 8 <= limit && (load<u64>(vs) & 0x00ffffffffffffff) == HTTP_1_DOT) {
    const minor = <u32>load<u8>(vs + 7) - 0x30;
    if (minor <= 1 && load<u16>(vs + 8) == 0x0a0d) {
      setWord(s, S_METHOD, method);
      setWord(s, S_VERSION, 0x100 | minor);
      setWord(s, S_TARGET_START, <u32>(ts - hs));
      setWord(s, S_TARGET_END, <u32>(te - hs));
      return <isize>(vs + 10);
    }
  }
  const v = parseVersion(s, vs, end, limit, E_REQUEST_LINE_TOO_LONG);
  if (v < 0) return v;
  // RFC 9110 §2.5 / RFC 9112 §2.3: only 1.0 and 1.1 are served; other well-formed versions
  // get their own code (answered with 505).
  if (parsedVersion != 0x100 && parsedVersion != 0x101) return fail(s, E_VERSION_NOT_SUPPORTED, vs);
  const next = parseLineEnd(s, <usize>v, end, limit, E_REQUEST_LINE_TOO_LONG, E_INVALID_VERSION);
  if (next < 0) return next;
  setWord(s, S_METHOD, method);
  setWord(s, S_VERSION, parsedVersion);
  setWord(s, S_TARGET_START, <u32>(ts - hs));
  setWord(s, S_TARGET_END, <u32>(te - hs));
  return next;
}
