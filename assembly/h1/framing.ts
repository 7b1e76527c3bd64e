// Message framing and connection semantics from the header section (RFC 9112 §6, §9.3;
// RFC 9110 §5.6.1, §7.2, §7.6.1, §7.8, §8.6, §10.1.1): Content-Length, Transfer-Encoding,
// Host, Connection, Upgrade and Expect, applied one field line at a time as the head is
// parsed. Facts accumulate in the slot's S_HSTATE (F_* bits plus the H_* bits below) and S_TE.
import {
  S_HSTATE, S_TE, S_LENGTH, S_VERSION, S_CONFIG, OPT_RESPONSE,
  F_CONTENT_LENGTH, F_TRANSFER_ENCODING, F_CONN_CLOSE, F_CONN_KEEP_ALIVE, F_CONN_UPGRADE,
  F_HAS_UPGRADE, F_EXPECT_CONTINUE,
} from './layout';
import {
  H_HOST, H_CONNECTION, H_CONTENT_LENGTH, H_TRANSFER_ENCODING, H_UPGRADE, H_EXPECT,
  CLASS, C_TCHAR, LOWER, CODING_COUNT, CODING_NAMES, CODING_BOUNDS,
} from './tables';
import {
  E_INVALID_CONTENT_LENGTH, E_DUPLICATE_CONTENT_LENGTH, E_CONTENT_LENGTH_AND_TRANSFER_ENCODING,
  E_INVALID_TRANSFER_ENCODING, E_UNKNOWN_TRANSFER_CODING, E_CHUNKED_TWICE, E_CHUNKED_NOT_FINAL,
  E_TRANSFER_ENCODING_IN_HTTP10, E_DUPLICATE_HOST, E_INVALID_HOST, E_FORBIDDEN_TRAILER,
} from './errors';
import { SP, HTAB, reject, getWord, setWord, setWide } from './state';
import { checkHostPort } from './host';

/** Internal S_HSTATE bit (above the F_* flags): a Host line was seen. */
// @ts-ignore: decorator
@inline export const H_HOST_SEEN: u32 = 1 << 24;

// S_TE bits: the transfer-coding list across every Transfer-Encoding line.
// @ts-ignore: decorator
@inline export const TE_CHUNKED_SEEN: u32 = 1;
// @ts-ignore: decorator
@inline export const TE_CHUNKED_LAST: u32 = 2;
// @ts-ignore: decorator
@inline export const TE_UNSUPPORTED: u32 = 4;

/** Largest Content-Length or chunk size accepted: 2^53 - 1, exact as a JS number. */
// @ts-ignore: decorator
@inline export const MAX_LENGTH: u64 = 0x1fffffffffffff;

const LIT_CLOSE = memory.data<u8>([0x63, 0x6c, 0x6f, 0x73, 0x65]);
const LIT_KEEP_ALIVE = memory.data<u8>([0x6b, 0x65, 0x65, 0x70, 0x2d, 0x61, 0x6c, 0x69, 0x76, 0x65]);
const LIT_UPGRADE = memory.data<u8>([0x75, 0x70, 0x67, 0x72, 0x61, 0x64, 0x65]);
const LIT_CHUNKED = memory.data<u8>([0x63, 0x68, 0x75, 0x6e, 0x6b, 0x65, 0x64]);
const LIT_100_CONTINUE = memory.data<u8>([0x31, 0x30, 0x30, 0x2d, 0x63, 0x6f, 0x6e, 0x74, 0x69, 0x6e, 0x75, 0x65]);

/** Case-insensitive comparison of [p, p + len) with a lower-case literal. */
export function equalsLower(p: usize, len: usize, lit: usize, litLen: usize): bool {
  if (len != litLen) return false;
  for (let i: usize = 0; i < len; i++) {
    if (load<u8>(LOWER + <usize>load<u8>(p + i)) != load<u8>(lit + i)) return false;
  }
  return true;
}

// @ts-ignore: decorator
@inline function isOws(c: u32): bool {
  return c == SP || c == HTAB;
}

/** Decimal digits only, no sign or inner space (RFC 9110 §8.6), at most MAX_LENGTH. */
function parseLength(s: usize, vs: usize, ve: usize): bool {
  if (vs == ve) return reject(s, E_INVALID_CONTENT_LENGTH, vs);
  let n: u64 = 0;
  for (let p = vs; p < ve; p++) {
    const d = <u32>load<u8>(p) - 0x30;
    if (d > 9) return reject(s, E_INVALID_CONTENT_LENGTH, p);
    n = n * 10 + d;
    // RFC 9110 §8.6: anticipate large numerals and prevent overflow or precision loss.
    if (n > MAX_LENGTH) return reject(s, E_INVALID_CONTENT_LENGTH, p);
  }
  setWide(s, S_LENGTH, n);
  return true;
}

/** Index of a recognised-but-unsupported coding name (gzip, deflate, ...), or -1. */
function codingIndex(p: usize, len: usize): i32 {
  for (let i: u32 = 0; i < CODING_COUNT; i++) {
    const a = <usize>load<u8>(CODING_BOUNDS + i);
    const b = <usize>load<u8>(CODING_BOUNDS + i + 1);
    if (equalsLower(p, len, CODING_NAMES + a, b - a)) return <i32>i;
  }
  return -1;
}

/**
 * One Transfer-Encoding line: a comma list of codings (RFC 9110 §5.6.1: empty elements and OWS
 * are ignored). Requests: chunked at most once (RFC 9112 §6.1 sender MUST NOT chunk twice),
 * nothing after it, unknown codings rejected; known ones remembered for a 501.
 */
function parseCodings(s: usize, vs: usize, ve: usize, request: bool): bool {
  let te = getWord(s, S_TE);
  let p = vs;
  while (p < ve) {
    let c = <u32>load<u8>(p);
    if (c == 0x2c || isOws(c)) {
      p++;
      continue;
    }
    const start = p;
    while (p < ve && (load<u8>(CLASS + <usize>load<u8>(p)) & C_TCHAR)) p++;
    if (p == start) return reject(s, E_INVALID_TRANSFER_ENCODING, p);
    const len = p - start;
    while (p < ve && isOws(<u32>load<u8>(p))) p++;
    if (p < ve && <u32>load<u8>(p) != 0x2c) return reject(s, E_INVALID_TRANSFER_ENCODING, p);
    if (equalsLower(start, len, LIT_CHUNKED, 7)) {
      if (te & TE_CHUNKED_SEEN) return reject(s, E_CHUNKED_TWICE, start);
      te |= TE_CHUNKED_SEEN | TE_CHUNKED_LAST;
    } else {
      // RFC 9112 §6.3 item 4: in a request, chunked MUST be the final coding.
      if (request && (te & TE_CHUNKED_SEEN)) return reject(s, E_CHUNKED_NOT_FINAL, start);
      if (codingIndex(start, len) >= 0) te |= TE_UNSUPPORTED;
      // RFC 9112 §6.1: an unknown coding in a request SHOULD get 501; it cannot be framed,
      // so we answer 400 like an unparseable length (the server may still choose 501).
      else if (request) return reject(s, E_UNKNOWN_TRANSFER_CODING, start);
      te &= ~TE_CHUNKED_LAST;
    }
  }
  setWord(s, S_TE, te);
  return true;
}

/** Connection (RFC 9110 §7.6.1): a case-insensitive token list; we act on three options. */
function parseConnection(vs: usize, ve: usize): u32 {
  let flags: u32 = 0;
  let p = vs;
  while (p < ve) {
    const c = <u32>load<u8>(p);
    if (c == 0x2c || isOws(c)) {
      p++;
      continue;
    }
    const start = p;
    while (p < ve && <u32>load<u8>(p) != 0x2c) p++;
    let e = p;
    while (e > start && isOws(<u32>load<u8>(e - 1))) e--;
    const len = e - start;
    if (equalsLower(start, len, LIT_CLOSE, 5)) flags |= F_CONN_CLOSE;
    else if (equalsLower(start, len, LIT_KEEP_ALIVE, 10)) flags |= F_CONN_KEEP_ALIVE;
    else if (equalsLower(start, len, LIT_UPGRADE, 7)) flags |= F_CONN_UPGRADE;
  }
  return flags;
}

/** Applies one header field line with a framing or connection meaning. False after an error. */
export function applyHeaderField(s: usize, id: u32, ls: usize, vs: usize, ve: usize): bool {
  const state = getWord(s, S_HSTATE);
  const request = (getWord(s, S_CONFIG) & OPT_RESPONSE) == 0;
  if (id == H_CONTENT_LENGTH) {
    // RFC 9112 §6.3 item 5 / RFC 9110 §8.6: more than one Content-Length line is rejected,
    // even with equal values (the MAY-collapse reading is not taken).
    if (state & F_CONTENT_LENGTH) return reject(s, E_DUPLICATE_CONTENT_LENGTH, ls);
    // RFC 9112 §6.1: CL with TE ought to be handled as an error (and the connection closed).
    if (state & F_TRANSFER_ENCODING) return reject(s, E_CONTENT_LENGTH_AND_TRANSFER_ENCODING, ls);
    if (!parseLength(s, vs, ve)) return false;
    setWord(s, S_HSTATE, state | F_CONTENT_LENGTH);
  } else if (id == H_TRANSFER_ENCODING) {
    if (state & F_CONTENT_LENGTH) return reject(s, E_CONTENT_LENGTH_AND_TRANSFER_ENCODING, ls);
    // RFC 9112 §6.1: TE in HTTP/1.0 means faulty framing; for requests we reject outright.
    if (request && getWord(s, S_VERSION) == 0x100) return reject(s, E_TRANSFER_ENCODING_IN_HTTP10, ls);
    if (!parseCodings(s, vs, ve, request)) return false;
    setWord(s, S_HSTATE, state | F_TRANSFER_ENCODING);
  } else if (id == H_HOST) {
    if (!request) return true;
    // RFC 9112 §3.2: more than one Host line, or an invalid value, MUST get a 400.
    if (state & H_HOST_SEEN) return reject(s, E_DUPLICATE_HOST, ls);
    // RFC 9110 §7.2: the value may be empty (a target URI without authority).
    const bad = checkHostPort(vs, ve, false);
    if (bad != 0) return reject(s, E_INVALID_HOST, bad);
    setWord(s, S_HSTATE, state | H_HOST_SEEN);
  } else if (id == H_CONNECTION) {
    setWord(s, S_HSTATE, state | parseConnection(vs, ve));
  } else if (id == H_UPGRADE) {
    setWord(s, S_HSTATE, state | F_HAS_UPGRADE);
  } else if (id == H_EXPECT) {
    if (equalsLower(vs, ve - vs, LIT_100_CONTINUE, 12)) setWord(s, S_HSTATE, state | F_EXPECT_CONTINUE);
  }
  return true;
}

/** RFC 9110 §6.5.1: framing and routing fields are not allowed in a trailer section. */
export function applyTrailerField(s: usize, id: u32, ls: usize): bool {
  if (id == H_CONTENT_LENGTH || id == H_TRANSFER_ENCODING || id == H_HOST) {
    return reject(s, E_FORBIDDEN_TRAILER, ls);
  }
  return true;
}

/** True when the transfer-coding list ends in chunked (RFC 9112 §6.3 item 4). */
export function chunkedIsFinal(s: usize): bool {
  return (getWord(s, S_TE) & TE_CHUNKED_LAST) != 0;
}

export function hasUnsupportedCoding(s: usize): bool {
  return (getWord(s, S_TE) & TE_UNSUPPORTED) != 0;
}
