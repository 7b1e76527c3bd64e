// The chunked transfer coding (RFC 9112 §7.1): chunk-size (1*HEXDIG, overflow-checked),
// chunk extensions (§7.1.1: BWS ";" BWS token [ BWS "=" BWS ( token / quoted-string ) ],
// bounded by S_MAX_EXT bytes), CRLF strictly after the size line and after the data (bare LF
// is never accepted here, RFC 9112 §2.2 errata 7633), then the trailer section (§7.1.2),
// parsed like the header section. A byte-at-a-time state machine: nothing but the trailer
// section is ever carried between calls. Data is reported as BODY spans of the window.
import {
  S_PHASE, S_CHUNK, S_REMAIN, S_EXT_BYTES, S_MAX_EXT, S_EXAMINED, S_HCOUNT,
  S_MAX_COUNT, END_FIXED, S_PART_SCAN,
} from './layout';
import { CLASS, C_TCHAR, C_HEX, C_QDTEXT, C_QPAIR } from './tables';
import {
  E_INVALID_CHUNK_SIZE, E_INVALID_CHUNK_EXTENSION, E_CHUNK_EXTENSION_TOO_LARGE,
  E_CR_EXPECTED, E_LF_EXPECTED,
} from './errors';
import {
  CR, LF, SP, HTAB, PH_TRAILERS, NEED_MORE, fail, getWord, setWord, getWide, setWide,
  emitBody, outHasRoom, outPos,
} from './state';
import { MAX_LENGTH } from './framing';
import { parseFieldSection, rescanFields, sectionCount, resumeAt, loadPartial } from './fields';
import {
  CH_SIZE_START, CH_SIZE, CH_SIZE_BWS, CH_EXT_NAME_START, CH_EXT_NAME, CH_EXT_AFTER_NAME,
  CH_EXT_VALUE_START, CH_EXT_TOKEN, CH_EXT_QUOTED, CH_EXT_ESCAPE, CH_EXT_AFTER_VALUE,
  CH_SIZE_LF, CH_DATA, CH_DATA_CR, CH_DATA_LF, writeEnd, afterEnd,
} from './message-end';

/** Set by runChunked when it stopped because OUT is full (call again from the returned p). */
export let chunkedFull: bool = false;

// @ts-ignore: decorator
@inline function isTchar(c: u32): bool {
  return (load<u8>(CLASS + c) & C_TCHAR) != 0;
}

// @ts-ignore: decorator
@inline function isBws(c: u32): bool {
  return c == SP || c == HTAB;
}

// @ts-ignore: decorator
@inline function hexValue(c: u32): u32 {
  return c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x57;
}

/**
 * Next sub-state for byte `c` on the size line after the digits, or 0xff for a byte the
 * grammar does not allow there. CR ends the line in every state that can end it.
 */
function extensionStep(st: u32, c: u32): u32 {
  switch (st) {
    case CH_SIZE_BWS:
      if (isBws(c)) return st;
      return c == 0x3b ? CH_EXT_NAME_START : 0xff;
    case CH_EXT_NAME_START:
      if (isBws(c)) return st;
      return isTchar(c) ? CH_EXT_NAME : 0xff;
    case CH_EXT_NAME:
      if (isTchar(c)) return st;
      if (isBws(c)) return CH_EXT_AFTER_NAME;
      if (c == 0x3d) return CH_EXT_VALUE_START;
      if (c == 0x3b) return CH_EXT_NAME_START;
      return c == CR ? CH_SIZE_LF : 0xff;
    case CH_EXT_AFTER_NAME:
      if (isBws(c)) return st;
      if (c == 0x3d) return CH_EXT_VALUE_START;
      if (c == 0x3b) return CH_EXT_NAME_START;
      return c == CR ? CH_SIZE_LF : 0xff;
    case CH_EXT_VALUE_START:
      if (isBws(c)) return st;
      if (c == 0x22) return CH_EXT_QUOTED;
      return isTchar(c) ? CH_EXT_TOKEN : 0xff;
    case CH_EXT_TOKEN:
      if (isTchar(c)) return st;
      if (isBws(c)) return CH_EXT_AFTER_VALUE;
      if (c == 0x3b) return CH_EXT_NAME_START;
      return c == CR ? CH_SIZE_LF : 0xff;
    case CH_EXT_QUOTED:
      if (c == 0x22) return CH_EXT_AFTER_VALUE;
      if (c == 0x5c) return CH_EXT_ESCAPE;
      return (load<u8>(CLASS + c) & C_QDTEXT) ? st : 0xff;
    case CH_EXT_ESCAPE:
      return (load<u8>(CLASS + c) & C_QPAIR) ? CH_EXT_QUOTED : 0xff;
    case CH_EXT_AFTER_VALUE:
      if (isBws(c)) return st;
      if (c == 0x3b) return CH_EXT_NAME_START;
      return c == CR ? CH_SIZE_LF : 0xff;
  }
  return 0xff;
}

/** Runs the chunked framing over [p, end). Returns where it stopped, or FAILED. */
export function runChunked(s: usize, p: usize, end: usize): isize {
  let st = getWord(s, S_CHUNK);
  let n = getWide(s, S_REMAIN);
  let ext = getWord(s, S_EXT_BYTES);
  const maxExt = getWord(s, S_MAX_EXT);
  chunkedFull = false;
  while (p < end) {
    if (st == CH_DATA) {
      if (!outHasRoom(3)) {
        chunkedFull = true;
        break;
      }
      const avail = <u64>(end - p);
      const take = n < avail ? n : avail;
      emitBody(p, p + <usize>take);
      p += <usize>take;
      n -= take;
      if (n == 0) st = CH_DATA_CR;
      continue;
    }
    const c = <u32>load<u8>(p);
    if (st == CH_SIZE_START || st == CH_SIZE) {
      if (load<u8>(CLASS + c) & C_HEX) {
        n = (n << 4) | hexValue(c);
        // RFC 9112 §7.1: MUST anticipate large hex numerals and prevent overflow.
        if (n > MAX_LENGTH) return fail(s, E_INVALID_CHUNK_SIZE, p);
        st = CH_SIZE;
      } else if (st == CH_SIZE && c == CR) {
        st = CH_SIZE_LF;
      } else if (st == CH_SIZE && (c == 0x3b || isBws(c))) {
        st = c == 0x3b ? CH_EXT_NAME_START : CH_SIZE_BWS;
        ext = 1;
      } else {
        return fail(s, c == LF && st == CH_SIZE ? E_CR_EXPECTED : E_INVALID_CHUNK_SIZE, p);
      }
    } else if (st == CH_SIZE_LF) {
      if (c != LF) return fail(s, E_LF_EXPECTED, p);
      if (n == 0) {
        // last-chunk: the trailer section follows, carried like a head.
        setWord(s, S_PHASE, PH_TRAILERS);
        setWord(s, S_EXAMINED, 0);
        setWord(s, S_HCOUNT, 0);
        setWord(s, S_PART_SCAN, 0);
        setWord(s, S_CHUNK, CH_SIZE_START);
        return <isize>(p + 1);
      }
      st = CH_DATA;
    } else if (st == CH_DATA_CR) {
      if (c != CR) return fail(s, E_CR_EXPECTED, p);
      st = CH_DATA_LF;
    } else if (st == CH_DATA_LF) {
      if (c != LF) return fail(s, E_LF_EXPECTED, p);
      st = CH_SIZE_START;
      n = 0;
    } else {
      const next = extensionStep(st, c);
      if (next == 0xff) {
        // A bare LF where CR could end the line is named as such (RFC 9112 §7.1 needs CRLF).
        if (c == LF && extensionStep(st, CR) == CH_SIZE_LF) return fail(s, E_CR_EXPECTED, p);
        return fail(s, st == CH_SIZE_BWS ? E_INVALID_CHUNK_SIZE : E_INVALID_CHUNK_EXTENSION, p);
      }
      // Bounded like Node's 16 KiB chunk-extension limit (CVE-2024-22019).
      if (next != CH_SIZE_LF && ++ext > maxExt) return fail(s, E_CHUNK_EXTENSION_TOO_LARGE, p);
      st = next;
    }
    p++;
  }
  setWord(s, S_CHUNK, st);
  setWide(s, S_REMAIN, n);
  setWord(s, S_EXT_BYTES, ext);
  return <isize>p;
}

/**
 * Parses (or resumes) the trailer section starting at `ts` and ends the message. Returns the
 * byte after it, NEED_MORE (the bindings carry from `ts`), FAILED or STOPPED. The caller has
 * checked that OUT has room for END and S_MAX_COUNT entries.
 */
export function parseTrailers(s: usize, ts: usize, end: usize): isize {
  const rec = outPos;
  const entries = rec + (<usize>END_FIXED << 2);
  const examined = getWord(s, S_EXAMINED);
  const resumed = examined == 0 ? 0 : getWord(s, S_HCOUNT);
  if (examined != 0) loadPartial(s, ts);
  const r = parseFieldSection(s, ts, ts + examined, end, ts, resumed, entries, true);
  if (r == NEED_MORE) {
    setWord(s, S_EXAMINED, <u32>(resumeAt - ts));
    setWord(s, S_HCOUNT, sectionCount);
    return NEED_MORE;
  }
  if (r < 0) return r;
  if (resumed != 0) rescanFields(ts, resumed, entries);
  const count = sectionCount;
  // The section span excludes the final empty line.
  const te = <usize>r - (<u32>load<u8>(<usize>r - 2) == CR ? 2 : 1);
  writeEnd(rec, count, ts, count == 0 ? ts : te);
  return afterEnd(s, <usize>r);
}

/** Words the trailer section of this parser may need in OUT. */
export function trailerWords(s: usize): u32 {
  return END_FIXED + (getWord(s, S_MAX_COUNT) << 2);
}

