// Field lines (RFC 9112 §5, RFC 9110 §5.1-5.5): `field-name ":" OWS field-value OWS CRLF`.
// Names are tokens matched against the known-name table by a perfect hash; values are
// VCHAR / obs-text / SP / HTAB with OWS trimmed on both sides. Shared by the header section
// and the trailer section (RFC 9112 §7.1.2). Writes one 4-word entry per line into OUT.
import {
  KNOWN_SLOTS, KNOWN_NAMES, KNOWN_OFFSETS, KNOWN_LENGTHS, HASH_MULT, HASH_BITS, H_SEMANTIC_MAX,
} from './tables';
import {
  FIELD_ID_SHIFT, OPT_ALLOW_BARE_LF, S_MAX_COUNT, S_MAX_FIELD, S_MAX_TOTAL, S_MAX_TRAILERS,
  S_PART_SCAN, S_PART_NAME_END, S_PART_VALUE,
} from './layout';
import {
  E_INVALID_HEADER_TOKEN, E_WHITESPACE_BEFORE_COLON, E_OBS_FOLD, E_INVALID_HEADER_VALUE,
  E_CR_EXPECTED, E_LF_EXPECTED, E_TOO_MANY_HEADERS, E_HEADER_FIELD_TOO_LARGE,
  E_HEADERS_TOO_LARGE, E_TRAILERS_TOO_LARGE,
} from './errors';
import { CR, LF, SP, HTAB, NEED_MORE, FAILED, fail, hasOption, rel, getWord, setWord } from './state';
import { applyHeaderField, applyTrailerField } from './framing';
import { scanValue, scanToken } from './scan';

/** Same hash as gen/generate.mjs nameHash: first and last four bytes (OR 0x20) and length. */
// @ts-ignore: decorator
@inline function nameHash(p: usize, len: usize): u32 {
  let a = load<u32>(p) | 0x20202020;
  let b = a;
  if (len >= 4) b = load<u32>(p + len - 4) | 0x20202020;
  else a = b = a & ((<u32>1 << (<u32>len << 3)) - 1);
  return (a * 0x9e3779b1) ^ (b * 0x85ebca77) ^ <u32>len;
}

/**
 * Known id of the token [p, p + len), or 0. Names are compared OR 0x20 eight bytes at a time:
 * exact for known names made of [a-z0-9-] (the generator checks), since the input is a token
 * and no other tchar ORs into those bytes.
 */
export function knownId(p: usize, len: usize): u32 {
  const id = <u32>load<u8>(KNOWN_SLOTS + <usize>((nameHash(p, len) * HASH_MULT) >>> (32 - HASH_BITS)));
  if (id == 0 || <usize>load<u8>(KNOWN_LENGTHS + id) != len) return 0;
  const name = KNOWN_NAMES + <usize>load<u16>(KNOWN_OFFSETS + (<usize>id << 1));
  let i: usize = 0;
  for (; i + 8 <= len; i += 8) {
    if ((load<u64>(p + i) | 0x2020202020202020) != load<u64>(name + i)) return 0;
  }
  if (i < len) {
    const mask = (<u64>1 << (<u64>(len - i) << 3)) - 1;
    if (((load<u64>(p + i) | 0x2020202020202020) ^ load<u64>(name + i)) & mask) return 0;
  }
  return id;
}

// @ts-ignore: decorator
@inline function isOws(c: u32): bool {
  return c == SP || c == HTAB;
}

// Resume point for the first line of a section (set from the slot before parsing), and the
// partial-line state parseFieldLine leaves when the input ends inside a value.
export let resumeScan: usize = 0;
export let resumeNameEnd: usize = 0;
export let resumeValue: usize = 0;
export let partScan: usize = 0;
export let partNameEnd: usize = 0;
export let partValue: usize = 0;

/** Loads the slot's partial-line state (offsets from `base`) for the next parseFieldLine. */
export function loadPartial(s: usize, base: usize): void {
  const scan = getWord(s, S_PART_SCAN);
  resumeScan = scan == 0 ? 0 : base + <usize>scan;
  resumeNameEnd = base + <usize>getWord(s, S_PART_NAME_END);
  resumeValue = base + <usize>getWord(s, S_PART_VALUE);
}

/** Forgets any resume point (start of every call). */
export function clearPartial(): void {
  resumeScan = 0;
}

/** Saves the partial-line state left by parseFieldSection (offsets from `base`). */
function savePartial(s: usize, base: usize): void {
  setWord(s, S_PART_SCAN, partScan == 0 ? 0 : <u32>(partScan - base));
  setWord(s, S_PART_NAME_END, <u32>(partNameEnd - base));
  setWord(s, S_PART_VALUE, <u32>(partValue - base));
}

/** Set by parseFieldLine for the line it accepted: the known id and the value span. */
export let lineId: u32 = 0;
export let valueStart: usize = 0;
export let valueEnd: usize = 0;

/**
 * Parses the field line at `ls`. Returns the start of the next line, NEED_MORE when the input
 * ends first (the bytes so far being a valid prefix), or FAILED after recording an error. A
 * stop past `limitPos` fails with `limitCode` at `limitPos`, whatever the byte there, so the
 * result does not depend on how the input was split.
 */
export function parseFieldLine(s: usize, ls: usize, end: usize, limitPos: usize, limitCode: i32,
  entry: usize): isize {
  let p = ls;
  let c: u32;
  let nameEnd: usize;
  let vs: usize;
  if (resumeScan != 0) {
    // The line was cut inside its value by an earlier call: continue the value scan.
    nameEnd = resumeNameEnd;
    vs = resumeValue;
    p = resumeScan;
    resumeScan = 0;
  } else {
    p = scanToken(p);
    c = <u32>load<u8>(p);
    if (p > limitPos) return fail(s, limitCode, limitPos);
    if (c != 0x3a) {
      if (p >= end) return NEED_MORE;
      // RFC 9112 §5.2: obs-fold MUST be rejected (or replaced) by a server; §2.2: a
      // whitespace-led line after the start line MUST be rejected or ignored. We reject both.
      if (p == ls && isOws(c)) return fail(s, E_OBS_FOLD, p);
      // RFC 9112 §5.1: no whitespace is allowed between the field name and colon (MUST 400).
      if (p != ls && isOws(c)) return fail(s, E_WHITESPACE_BEFORE_COLON, p);
      return fail(s, E_INVALID_HEADER_TOKEN, p);
    }
    if (p == ls) return fail(s, E_INVALID_HEADER_TOKEN, p);
    nameEnd = p;
    c = <u32>load<u8>(++p);
    while (isOws(c)) c = <u32>load<u8>(++p);
    vs = p;
  }
  p = scanValue(p);
  if (p > limitPos) return fail(s, limitCode, limitPos);
  c = <u32>load<u8>(p);
  let next: usize;
  if (p >= end) {
    // Cut inside the value (the sentinel stopped the scan): remember where to go on. Not
    // while still in the leading OWS, where the value start is not known yet. OWS right
    // before the cut may turn out to be inside the value, so the trim waits for the line end.
    if (vs == p) return NEED_MORE;
    partScan = p;
    partNameEnd = nameEnd;
    partValue = vs;
    return NEED_MORE;
  }
  if (c == CR) {
    if (p + 1 >= end) return NEED_MORE;
    // RFC 9112 §2.2: a bare CR MUST be treated as invalid.
    if (<u32>load<u8>(p + 1) != LF) return fail(s, E_LF_EXPECTED, p + 1);
    next = p + 2;
  } else if (c == LF) {
    // RFC 9112 §2.2: a recipient MAY accept a bare LF as a line terminator (option, off).
    if (!hasOption(s, OPT_ALLOW_BARE_LF)) return fail(s, E_CR_EXPECTED, p);
    next = p + 1;
  } else {
    // RFC 9110 §5.5: CR, LF, NUL and other CTLs in a value MUST be rejected (or replaced).
    return fail(s, E_INVALID_HEADER_VALUE, p);
  }
  let ve = p;
  while (ve > vs && isOws(<u32>load<u8>(ve - 1))) ve--;
  const id = knownId(ls, nameEnd - ls);
  store<u32>(entry, rel(ls));
  store<u32>(entry, rel(nameEnd) | (id << FIELD_ID_SHIFT), 4);
  store<u32>(entry, rel(vs), 8);
  store<u32>(entry, rel(ve), 12);
  lineId = id;
  valueStart = vs;
  valueEnd = ve;
  return <isize>next;
}

/**
 * Rewrites the entries of `count` field lines starting at `p` that an earlier call already
 * validated (a head or trailer section that arrived in pieces). Returns the end of the last.
 */
export function rescanFields(p: usize, count: u32, entry: usize): usize {
  for (let i: u32 = 0; i < count; i++) {
    const ls = p;
    p = scanToken(p);
    const nameEnd = p;
    let c = <u32>load<u8>(++p);
    while (isOws(c)) c = <u32>load<u8>(++p);
    const vs = p;
    p = scanValue(p);
    let ve = p;
    while (ve > vs && isOws(<u32>load<u8>(ve - 1))) ve--;
    p += <u32>load<u8>(p) == CR ? 2 : 1;
    const id = knownId(ls, nameEnd - ls);
    store<u32>(entry, rel(ls));
    store<u32>(entry, rel(nameEnd) | (id << FIELD_ID_SHIFT), 4);
    store<u32>(entry, rel(vs), 8);
    store<u32>(entry, rel(ve), 12);
    entry += 16;
  }
  return p;
}

/** Unused-result guard so FAILED stays referenced for readers of this module's contract. */
export const FIELD_FAILED: isize = FAILED;

/** Field lines accepted by the last parseFieldSection call (including earlier calls' lines). */
export let sectionCount: u32 = 0;

/**
 * Parses field lines from `p` up to and including the empty line that ends the section
 * (RFC 9112 §2.1). `base` is the section's carried start (slot offsets count from it),
 * `fieldsStart` the first field line (the total limit counts from it),
 * `count` the lines already accepted, `entries` where entry 0 goes. Returns the byte after
 * the empty line, NEED_MORE (sectionCount and the returned `resumeAt` tell where to go on),
 * or FAILED. `trailer` selects the trailer rules and limits.
 */
export function parseFieldSection(s: usize, base: usize, p: usize, end: usize, fieldsStart: usize,
  count: u32, entries: usize, trailer: bool): isize {
  const maxCount = getWord(s, S_MAX_COUNT);
  const maxField = <usize>getWord(s, S_MAX_FIELD);
  // The section limit counts every field line with its CRLF: a line may end at most 2 bytes
  // before it.
  const totalLimit = fieldsStart + <usize>getWord(s, trailer ? S_MAX_TRAILERS : S_MAX_TOTAL) - 2;
  const totalCode = trailer ? E_TRAILERS_TOO_LARGE : E_HEADERS_TOO_LARGE;
  partScan = 0;
  while (true) {
    const ls = p;
    const c = <u32>load<u8>(p);
    if (c == CR) {
      if (p + 1 >= end) break;
      if (<u32>load<u8>(p + 1) != LF) return fail(s, E_LF_EXPECTED, p + 1);
      sectionCount = count;
      return <isize>(p + 2);
    }
    if (c == LF) {
      if (!hasOption(s, OPT_ALLOW_BARE_LF)) return fail(s, E_CR_EXPECTED, p);
      sectionCount = count;
      return <isize>(p + 1);
    }
    if (p >= end) break;
    if (count >= maxCount) return fail(s, E_TOO_MANY_HEADERS, ls);
    const lineLimit = ls + maxField;
    const r = lineLimit <= totalLimit
      ? parseFieldLine(s, ls, end, lineLimit, E_HEADER_FIELD_TOO_LARGE, entries + (<usize>count << 4))
      : parseFieldLine(s, ls, end, totalLimit, totalCode, entries + (<usize>count << 4));
    if (r == NEED_MORE) break;
    if (r < 0) return r;
    const id = lineId;
    if (id != 0 && id <= H_SEMANTIC_MAX) {
      const ok = trailer ? applyTrailerField(s, id, ls) : applyHeaderField(s, id, ls, valueStart, valueEnd);
      if (!ok) return FAILED;
    }
    count++;
    p = <usize>r;
  }
  sectionCount = count;
  resumeAt = p;
  savePartial(s, base);
  return NEED_MORE;
}

/** Where an incomplete section resumes (the start of its first incomplete line). */
export let resumeAt: usize = 0;
