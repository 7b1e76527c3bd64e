// uri-host [ ":" port ] (RFC 3986 §3.2.2, §3.2.3), shared by the Host field (RFC 9110 §7.2),
// the authority-form target of CONNECT (RFC 9112 §3.2.3) and the authority of an
// absolute-form target (RFC 9112 §3.2.2). uri-host is an IP-literal ("[" IPv6address or
// IPvFuture "]", each checked to its grammar) or a reg-name (unreserved, sub-delims and
// pct-encoded bytes, which also covers IPv4address); port is *DIGIT.
import { CLASS, C_HOST, C_HEX, C_IPLIT } from './tables';

// @ts-ignore: decorator
@inline function isHex(c: u32): bool {
  return (load<u8>(CLASS + c) & C_HEX) != 0;
}

// @ts-ignore: decorator
@inline function isDigit(c: u32): bool {
  return c - 0x30 <= 9;
}

/** IPv4address = dec-octet "." dec-octet "." dec-octet "." dec-octet; no leading zeros. */
function validIpv4(p: usize, e: usize): bool {
  for (let part = 0; part < 4; part++) {
    if (part > 0) {
      if (p >= e || <u32>load<u8>(p) != 0x2e) return false;
      p++;
    }
    const start = p;
    let value: u32 = 0;
    while (p < e && isDigit(<u32>load<u8>(p)) && p - start < 3) value = value * 10 + <u32>load<u8>(p++) - 0x30;
    const len = p - start;
    if (len == 0 || value > 255 || (len > 1 && <u32>load<u8>(start) == 0x30)) return false;
  }
  return p == e;
}

/** IPv6address (RFC 3986 §3.2.2): eight h16 pieces, or fewer around one "::", with an
 *  optional IPv4address in place of the last two. [p, e) is inside the brackets. */
function validIpv6(p: usize, e: usize): bool {
  let pieces = 0;
  let compressed = false;
  if (e - p >= 2 && load<u16>(p) == 0x3a3a) {
    compressed = true;
    p += 2;
  }
  while (p < e) {
    const start = p;
    while (p < e && isHex(<u32>load<u8>(p)) && p - start < 4) p++;
    if (p == start) return false;
    if (p < e && <u32>load<u8>(p) == 0x2e) {
      if (!validIpv4(start, e)) return false;
      pieces += 2;
      p = e;
      break;
    }
    pieces++;
    if (p == e) break;
    if (<u32>load<u8>(p) != 0x3a) return false;
    p++;
    if (p < e && <u32>load<u8>(p) == 0x3a) {
      if (compressed) return false;
      compressed = true;
      p++;
    } else if (p == e) {
      return false;
    }
  }
  return compressed ? pieces <= 7 : pieces == 8;
}

/** IPvFuture = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" ). */
function validIpFuture(p: usize, e: usize): bool {
  if (p >= e || (<u32>load<u8>(p) | 0x20) != 0x76) return false;
  p++;
  const hex = p;
  while (p < e && isHex(<u32>load<u8>(p))) p++;
  if (p == hex || p >= e || <u32>load<u8>(p) != 0x2e) return false;
  p++;
  if (p == e) return false;
  while (p < e) {
    if (!(load<u8>(CLASS + <usize>load<u8>(p)) & C_IPLIT)) return false;
    p++;
  }
  return true;
}

/**
 * Checks uri-host [ ":" port ] in [vs, ve). Returns 0 when valid, else the first byte found
 * wrong. `requirePort` (authority-form) also wants a non-empty host and ":" 1*DIGIT.
 */
export function checkHostPort(vs: usize, ve: usize, requirePort: bool): usize {
  let p = vs;
  if (p < ve && <u32>load<u8>(p) == 0x5b) {
    const inner = p + 1;
    let close = inner;
    while (close < ve && <u32>load<u8>(close) != 0x5d) close++;
    if (close == ve) return ve;
    const future = close > inner && (<u32>load<u8>(inner) | 0x20) == 0x76;
    if (!(future ? validIpFuture(inner, close) : validIpv6(inner, close))) return vs;
    p = close + 1;
  } else {
    while (p < ve) {
      const c = <u32>load<u8>(p);
      if (!(load<u8>(CLASS + c) & C_HOST)) break;
      // pct-encoded = "%" HEXDIG HEXDIG
      if (c == 0x25) {
        if (p + 2 >= ve || !isHex(<u32>load<u8>(p + 1)) || !isHex(<u32>load<u8>(p + 2))) return p;
        p += 2;
      }
      p++;
    }
    if (requirePort && p == vs) return p;
  }
  if (p == ve) return requirePort ? p : 0;
  if (<u32>load<u8>(p) != 0x3a) return p;
  p++;
  if (requirePort && p == ve) return p;
  while (p < ve && isDigit(<u32>load<u8>(p))) p++;
  return p == ve ? 0 : p;
}
