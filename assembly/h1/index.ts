// HTTP/1.x parser module: the flat h1* ABI (32-bit integers only). One h1Execute call parses
// every complete message in the input window for one parser slot (pipelining) and writes
// events to the result record; the bindings copy each socket chunk into the window, call
// once, and read the record through one cached Uint32Array. See gen/spec.mjs for the layout.
import {
  ABI_VERSION, SLOT_BYTES, S_PHASE, S_CONFIG, S_MAX_LINE, S_MAX_COUNT, S_MAX_TOTAL, S_MAX_FIELD,
  S_MAX_EXT, S_MAX_TRAILERS, S_QUEUE, S_QUEUE_LEN, S_QUEUE_MORE, S_MESSAGES, S_REMAIN,
  OUT_WORDS_USED, OUT_CONSUMED, OUT_STATUS, OUT_EVENTS, STATUS_DONE, STATUS_AGAIN,
  STATUS_STOPPED, OPT_RESPONSE, OPT_ALLOW_BARE_LF, HEAD_FIXED, END_FIXED, EXPECT_QUEUE_CAP,
  LAYOUT_INFO, LAYOUT_INFO_COUNT, PROGRESS_IDLE, PROGRESS_HEAD, PROGRESS_BODY, PROGRESS_STOPPED,
} from './layout';
import { E_LF_EXPECTED, E_CR_EXPECTED, E_DATA_AFTER_CLOSE, E_INCOMPLETE_MESSAGE } from './errors';
import {
  INPUT, OUT, SLAB, PH_START, PH_START_CR, PH_HEAD, PH_BODY_LENGTH, PH_CHUNKED, PH_TRAILERS,
  PH_BODY_EOF, PH_CLOSED, PH_CLOSED_CR, NEED_MORE, CR, LF, outPos, resetOut, clearObsText,
  outHasRoom, slotPtr, getWord, setWord, getWide, setWide, hasOption, fail, emitBody, rel,
} from './state';
import { parseHead, beginHead } from './head';
import { runChunked, parseTrailers, chunkedFull, trailerWords } from './chunked';
import { endMessage } from './message-end';
import { clearPartial } from './fields';

const LAYOUT = memory.data(32, 16);
const CHUNK_SCRATCH = memory.data(32, 16);
const HEX_DIGITS = memory.data<u8>([
  0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66,
]);

/**
 * Pointer to six u32 words: ABI_VERSION, input window, result record, slab base, layout
 * constants (LAYOUT_INFO_COUNT words, in gen/spec.mjs order), chunk-header scratch.
 */
export function h1LayoutPtr(): usize {
  store<u32>(LAYOUT, ABI_VERSION);
  store<u32>(LAYOUT, <u32>INPUT, 4);
  store<u32>(LAYOUT, <u32>OUT, 8);
  store<u32>(LAYOUT, <u32>SLAB, 12);
  store<u32>(LAYOUT, <u32>LAYOUT_INFO, 16);
  store<u32>(LAYOUT, <u32>CHUNK_SCRATCH, 20);
  store<u32>(LAYOUT, LAYOUT_INFO_COUNT, 24);
  return LAYOUT;
}

/** Prepares slot `slot` (its memory must exist: the bindings grow the slab first). */
export function h1Init(slot: u32, options: u32, maxLine: u32, maxCount: u32, maxTotal: u32,
  maxField: u32, maxExt: u32, maxTrailers: u32): void {
  const s = slotPtr(slot);
  memory.fill(s, 0, SLOT_BYTES);
  setWord(s, S_CONFIG, options);
  setWord(s, S_MAX_LINE, maxLine);
  setWord(s, S_MAX_COUNT, maxCount);
  setWord(s, S_MAX_TOTAL, maxTotal);
  setWord(s, S_MAX_FIELD, maxField);
  setWord(s, S_MAX_EXT, maxExt);
  setWord(s, S_MAX_TRAILERS, maxTrailers);
}

/** Back to the start of a stream, keeping the options and limits. */
export function h1Reset(slot: u32): void {
  const s = slotPtr(slot);
  const keep = S_MAX_TRAILERS + 1;
  memory.fill(s + (<usize>keep << 2), 0, <usize>SLOT_BYTES - (<usize>keep << 2));
  setWord(s, S_PHASE, PH_START);
}

/** Queues what request the next response answers (EXPECT_*). Returns 0, or -1 when full. */
export function h1ExpectResponse(slot: u32, kind: u32): i32 {
  const s = slotPtr(slot);
  const len = getWord(s, S_QUEUE_LEN);
  if (len >= EXPECT_QUEUE_CAP) return -1;
  setWord(s, S_QUEUE, getWord(s, S_QUEUE) | ((kind & 3) << (len << 1)));
  setWord(s, S_QUEUE_LEN, len + 1);
  return 0;
}

/** Where the parser is: PROGRESS_IDLE, _HEAD, _BODY or _STOPPED. */
export function h1Progress(slot: u32): u32 {
  const phase = getWord(slotPtr(slot), S_PHASE);
  if (phase == PH_HEAD) return PROGRESS_HEAD;
  if (phase == PH_BODY_LENGTH || phase == PH_CHUNKED || phase == PH_TRAILERS || phase == PH_BODY_EOF) {
    return PROGRESS_BODY;
  }
  if (phase == PH_START || phase == PH_START_CR) return PROGRESS_IDLE;
  return PROGRESS_STOPPED;
}

/** 1 while the bindings hold expectations that did not fit the queue (execute then pauses). */
export function h1SetQueueMore(slot: u32, more: u32): void {
  setWord(slotPtr(slot), S_QUEUE_MORE, more);
}

/**
 * Skips empty lines before a message (RFC 9112 §2.2: a server SHOULD ignore at least one
 * CRLF before the request line). After a closing message any other byte is an error.
 */
function skipEmptyLines(s: usize, p: usize, e: usize, closed: bool): isize {
  let phase = getWord(s, S_PHASE);
  const pending = closed ? PH_CLOSED_CR : PH_START_CR;
  while (p < e) {
    const c = <u32>load<u8>(p);
    if (phase == pending) {
      if (c != LF) return fail(s, E_LF_EXPECTED, p);
      phase = closed ? PH_CLOSED : PH_START;
    } else if (c == CR) {
      phase = pending;
    } else if (c == LF && !hasOption(s, OPT_ALLOW_BARE_LF)) {
      return fail(s, E_CR_EXPECTED, p);
    } else if (c != LF) {
      break;
    }
    p++;
  }
  setWord(s, S_PHASE, phase);
  if (closed && p < e) return fail(s, E_DATA_AFTER_CLOSE, p);
  return <isize>p;
}

/** Content-Length body bytes; returns where it stopped or a negative result. */
function bodyLength(s: usize, p: usize, e: usize): isize {
  const remain = getWide(s, S_REMAIN);
  const avail = <u64>(e - p);
  const take = remain < avail ? remain : avail;
  if (take != 0) emitBody(p, p + <usize>take);
  p += <usize>take;
  setWide(s, S_REMAIN, remain - take);
  if (remain == take) return endMessage(s, p);
  return <isize>p;
}

/** Parses window bytes [start, end) for slot `slot`; returns the event words written. */
export function h1Execute(slot: u32, start: u32, end: u32): u32 {
  const s = slotPtr(slot);
  resetOut();
  clearObsText();
  clearPartial();
  let p = INPUT + <usize>start;
  const e = INPUT + <usize>end;
  store<u8>(e, 0);
  let status = STATUS_DONE;
  let consumed = e;
  const response = hasOption(s, OPT_RESPONSE);
  const headWords = HEAD_FIXED + (getWord(s, S_MAX_COUNT) << 2) + END_FIXED;
  while (p < e) {
    let phase = getWord(s, S_PHASE);
    if (phase <= PH_START_CR || phase == PH_CLOSED || phase == PH_CLOSED_CR) {
      const r = skipEmptyLines(s, p, e, phase >= PH_CLOSED);
      if (r < 0) {
        status = STATUS_STOPPED;
        break;
      }
      p = <usize>r;
      if (p == e) break;
      if (!outHasRoom(headWords)
        || (response && getWord(s, S_QUEUE_LEN) == 0 && getWord(s, S_QUEUE_MORE) != 0)) {
        status = STATUS_AGAIN;
        consumed = p;
        break;
      }
      beginHead(s);
      setWord(s, S_MESSAGES, getWord(s, S_MESSAGES) + 1);
      setWord(s, S_PHASE, PH_HEAD);
      clearObsText();
      phase = PH_HEAD;
    }
    let r: isize = 0;
    if (phase == PH_HEAD) {
      r = parseHead(s, p, e);
      if (r == NEED_MORE) {
        consumed = p;
        break;
      }
    } else if (phase == PH_BODY_LENGTH || phase == PH_BODY_EOF) {
      if (!outHasRoom(3)) {
        status = STATUS_AGAIN;
        consumed = p;
        break;
      }
      if (phase == PH_BODY_EOF) {
        emitBody(p, e);
        r = <isize>e;
      } else {
        r = bodyLength(s, p, e);
      }
    } else if (phase == PH_CHUNKED) {
      r = runChunked(s, p, e);
      if (r >= 0 && chunkedFull) {
        status = STATUS_AGAIN;
        consumed = <usize>r;
        break;
      }
    } else if (phase == PH_TRAILERS) {
      if (!outHasRoom(trailerWords(s))) {
        status = STATUS_AGAIN;
        consumed = p;
        break;
      }
      r = parseTrailers(s, p, e);
      if (r == NEED_MORE) {
        consumed = p;
        break;
      }
    } else {
      // PH_STOPPED, PH_ERROR: nothing more is parsed.
      status = STATUS_STOPPED;
      consumed = p;
      break;
    }
    if (r < 0) {
      status = STATUS_STOPPED;
      consumed = p;
      break;
    }
    p = <usize>r;
  }
  const words = <u32>((outPos - OUT) >> 2) - OUT_EVENTS;
  store<u32>(OUT + (<usize>OUT_WORDS_USED << 2), words);
  store<u32>(OUT + (<usize>OUT_CONSUMED << 2), rel(consumed));
  store<u32>(OUT + (<usize>OUT_STATUS << 2), status);
  return words;
}

/**
 * End of input (the peer closed). Completes a close-delimited response body (RFC 9112 §6.3
 * item 8); inside any other message it is INCOMPLETE_MESSAGE at window offset `at`.
 */
export function h1Finish(slot: u32, at: u32): u32 {
  const s = slotPtr(slot);
  resetOut();
  const phase = getWord(s, S_PHASE);
  if (phase == PH_BODY_EOF) endMessage(s, INPUT + <usize>at);
  else if (phase == PH_HEAD || phase == PH_BODY_LENGTH || phase == PH_CHUNKED || phase == PH_TRAILERS) {
    fail(s, E_INCOMPLETE_MESSAGE, INPUT + <usize>at);
  }
  const words = <u32>((outPos - OUT) >> 2) - OUT_EVENTS;
  store<u32>(OUT + (<usize>OUT_WORDS_USED << 2), words);
  store<u32>(OUT + (<usize>OUT_CONSUMED << 2), at);
  store<u32>(OUT + (<usize>OUT_STATUS << 2), STATUS_STOPPED);
  return words;
}

/** Writes `len` as lower-case hex plus CRLF (a chunk-size line) at `out`; returns its length. */
export function h1EncodeChunkHeader(len: u32, out: usize): u32 {
  const digits: u32 = len == 0 ? 1 : 8 - (clz(len) >> 2);
  for (let i: u32 = 0; i < digits; i++) {
    store<u8>(out + <usize>(digits - 1 - i), load<u8>(HEX_DIGITS + ((len >>> (i << 2)) & 15)));
  }
  store<u16>(out + <usize>digits, 0x0a0d);
  return digits + 2;
}
