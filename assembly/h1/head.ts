// A message head: start line, then the field section, then the framing decision (RFC 9112
// §6.3) and the HEAD event. A head that arrives in pieces is carried by the bindings and
// resumed at S_EXAMINED, the first line not yet parsed, so each line is validated once;
// when it completes, the entries of the lines parsed by earlier calls are re-derived by a
// quick rescan (rescanFields). Response heads pop the expectation queue (HEAD, CONNECT).
import {
  S_PHASE, S_CONFIG, S_EXAMINED, S_HSTATE, S_HCOUNT, S_FIELDS, S_METHOD, S_VERSION,
  S_TARGET_START, S_TARGET_END, S_LENGTH, S_REMAIN, S_TE, S_MSG_FLAGS, S_CHUNK, S_EXT_BYTES,
  S_QUEUE, S_QUEUE_LEN, S_PART_SCAN,
  OPT_RESPONSE, OPT_ALLOW_MISSING_HOST, EV_HEAD, EV_H2_PREFACE,
  HEAD_WORDS, HEAD_FLAGS, HEAD_METHOD, HEAD_VERSION, HEAD_START, HEAD_END, HEAD_TARGET_START,
  HEAD_TARGET_END, HEAD_LENGTH_LO, HEAD_LENGTH_HI, HEAD_COUNT, HEAD_FIXED,
  F_KEEP_ALIVE, F_UPGRADE, F_CHUNKED, F_CLOSE_DELIMITED, F_NO_BODY, F_OBS_TEXT,
  F_CONN_CLOSE, F_CONN_KEEP_ALIVE, F_CONN_UPGRADE, F_HAS_UPGRADE, F_TRANSFER_ENCODING,
  F_CONTENT_LENGTH, F_INTERIM, F_HEAD_RESPONSE, F_CONNECT,
  EXPECT_HEAD, EXPECT_CONNECT,
} from './layout';
import { M_CONNECT } from './tables';
import { E_MISSING_HOST, E_CHUNKED_NOT_FINAL, E_UNSUPPORTED_TRANSFER_CODING } from './errors';
import {
  PH_BODY_LENGTH, PH_CHUNKED, PH_BODY_EOF, PH_STOPPED, NEED_MORE, FAILED, STOPPED,
  outPos, setOutPos, sawObsText, fail, getWord, setWord, getWide, setWide, rel,
} from './state';
import { parseRequestLine, PREFACE } from './request-line';
import { parseStatusLine } from './status-line';
import { parseFieldSection, rescanFields, sectionCount, resumeAt, loadPartial } from './fields';
import { H_HOST_SEEN, chunkedIsFinal, hasUnsupportedCoding } from './framing';
import { endMessage, CH_SIZE_START } from './message-end';

/** Clears the per-message words before a new head. */
export function beginHead(s: usize): void {
  setWord(s, S_EXAMINED, 0);
  setWord(s, S_PART_SCAN, 0);
  setWord(s, S_HSTATE, 0);
  setWord(s, S_HCOUNT, 0);
  setWord(s, S_TE, 0);
  setWide(s, S_LENGTH, 0);
}

/**
 * Parses (or resumes) the head starting at `hs`. Returns the first byte after it once the HEAD
 * event and anything that follows from it (END for a bodiless message) are written; NEED_MORE,
 * FAILED or STOPPED otherwise.
 */
export function parseHead(s: usize, hs: usize, end: usize): isize {
  const rec = outPos;
  const entries = rec + (<usize>HEAD_FIXED << 2);
  const examined = getWord(s, S_EXAMINED);
  let p: usize;
  let resumed: u32 = 0;
  if (examined == 0) {
    const response = (getWord(s, S_CONFIG) & OPT_RESPONSE) != 0;
    const r = response ? parseStatusLine(s, hs, end) : parseRequestLine(s, hs, end);
    if (r == PREFACE) {
      store<u32>(outPos, EV_H2_PREFACE);
      store<u32>(outPos, rel(hs), 4);
      setOutPos(outPos + 8);
      setWord(s, S_PHASE, PH_STOPPED);
      return STOPPED;
    }
    if (r < 0) return r;
    p = <usize>r;
    setWord(s, S_FIELDS, <u32>(p - hs));
  } else {
    p = hs + examined;
    resumed = getWord(s, S_HCOUNT);
    loadPartial(s, hs);
  }
  const fieldsStart = hs + <usize>getWord(s, S_FIELDS);
  const r = parseFieldSection(s, hs, p, end, fieldsStart, resumed, entries, false);
  if (r == NEED_MORE) {
    setWord(s, S_EXAMINED, <u32>(resumeAt - hs));
    setWord(s, S_HCOUNT, sectionCount);
    if (sawObsText) setWord(s, S_HSTATE, getWord(s, S_HSTATE) | F_OBS_TEXT);
    return NEED_MORE;
  }
  if (r < 0) return r;
  if (resumed != 0) rescanFields(fieldsStart, resumed, entries);
  return finishHead(s, hs, <usize>r, sectionCount, rec);
}

/** Pops the oldest response expectation (EXPECT_ORDINARY when none was queued). */
function popExpectation(s: usize): u32 {
  const len = getWord(s, S_QUEUE_LEN);
  if (len == 0) return 0;
  const queue = getWord(s, S_QUEUE);
  setWord(s, S_QUEUE, queue >>> 2);
  setWord(s, S_QUEUE_LEN, len - 1);
  return queue & 3;
}

// Body modes of the framing decision.
// @ts-ignore: decorator
@inline const BODY_NONE: u32 = 0;
// @ts-ignore: decorator
@inline const BODY_LENGTH: u32 = 1;
// @ts-ignore: decorator
@inline const BODY_CHUNKED: u32 = 2;
// @ts-ignore: decorator
@inline const BODY_EOF: u32 = 3;

/** Request framing (RFC 9112 §6.3 items 3-7, §3.2 Host). Returns a BODY_* mode or -1. */
function requestFraming(s: usize, state: u32, at: usize): i32 {
  const version = getWord(s, S_VERSION);
  // RFC 9112 §3.2: a server MUST respond 400 to an HTTP/1.1 request that lacks Host.
  if (version == 0x101 && !(state & H_HOST_SEEN) && !(getWord(s, S_CONFIG) & OPT_ALLOW_MISSING_HOST)) {
    fail(s, E_MISSING_HOST, at);
    return -1;
  }
  // RFC 9110 §9.3.6: a CONNECT request has no content; the tunnel starts after the head.
  if (getWord(s, S_METHOD) == M_CONNECT) return BODY_NONE;
  if (state & F_TRANSFER_ENCODING) {
    // RFC 9112 §6.3 item 4: chunked not final in a request MUST get 400 and close.
    if (!chunkedIsFinal(s)) {
      fail(s, E_CHUNKED_NOT_FINAL, at);
      return -1;
    }
    // RFC 9112 §6.1: a coding we do not implement SHOULD get 501.
    if (hasUnsupportedCoding(s)) {
      fail(s, E_UNSUPPORTED_TRANSFER_CODING, at);
      return -1;
    }
    return BODY_CHUNKED;
  }
  if ((state & F_CONTENT_LENGTH) && getWide(s, S_LENGTH) != 0) return BODY_LENGTH;
  return BODY_NONE;
}

/** Response framing (RFC 9112 §6.3 items 1-2, 4-8). Returns a BODY_* mode and extra flags. */
function responseFraming(s: usize, state: u32): u32 {
  const status = getWord(s, S_METHOD);
  if (status < 200 && status != 101) return BODY_NONE | (F_INTERIM << 8);
  const expectation = popExpectation(s);
  if (status == 101) return BODY_NONE | (F_UPGRADE << 8);
  if (expectation == EXPECT_CONNECT && status < 300) return BODY_NONE | ((F_UPGRADE | F_CONNECT) << 8);
  if (expectation == EXPECT_HEAD) return BODY_NONE | (F_HEAD_RESPONSE << 8);
  if (status == 204 || status == 304) return BODY_NONE;
  if (state & F_TRANSFER_ENCODING) return chunkedIsFinal(s) ? BODY_CHUNKED : BODY_EOF;
  if (state & F_CONTENT_LENGTH) return getWide(s, S_LENGTH) != 0 ? BODY_LENGTH : BODY_NONE;
  return BODY_EOF;
}

/** Decides framing and keep-alive, writes the HEAD event and enters the body phase. */
function finishHead(s: usize, hs: usize, p: usize, count: u32, rec: usize): isize {
  let state = getWord(s, S_HSTATE);
  if (sawObsText) state |= F_OBS_TEXT;
  const version = getWord(s, S_VERSION);
  const response = (getWord(s, S_CONFIG) & OPT_RESPONSE) != 0;
  let flags = state & 0xffff;
  let mode: u32;
  if (response) {
    const framing = responseFraming(s, state);
    mode = framing & 0xff;
    flags |= framing >>> 8;
  } else {
    const framing = requestFraming(s, state, p - 2);
    if (framing < 0) return FAILED;
    mode = <u32>framing;
    if (getWord(s, S_METHOD) == M_CONNECT) flags |= F_CONNECT | F_UPGRADE;
    // RFC 9110 §7.8: Upgrade is honoured only when listed in Connection.
    else if ((state & F_CONN_UPGRADE) && (state & F_HAS_UPGRADE)) flags |= F_UPGRADE;
  }
  // RFC 9112 §9.3: 1.1 persists unless "close"; 1.0 only with "keep-alive".
  let keepAlive = version == 0x101 ? !(state & F_CONN_CLOSE)
    : (state & F_CONN_KEEP_ALIVE) != 0 && !(state & F_CONN_CLOSE);
  // RFC 9112 §6.1: an HTTP/1.0 message with Transfer-Encoding closes after processing.
  if (version == 0x100 && (state & F_TRANSFER_ENCODING)) keepAlive = false;
  if (mode == BODY_EOF) keepAlive = false;
  if (keepAlive) flags |= F_KEEP_ALIVE;
  if (mode == BODY_NONE) flags |= F_NO_BODY;
  else if (mode == BODY_CHUNKED) flags |= F_CHUNKED;
  else if (mode == BODY_EOF) flags |= F_CLOSE_DELIMITED;

  const length = getWide(s, S_LENGTH);
  store<u32>(rec, EV_HEAD);
  store<u32>(rec + (<usize>HEAD_WORDS << 2), HEAD_FIXED + (count << 2));
  store<u32>(rec + (<usize>HEAD_FLAGS << 2), flags);
  store<u32>(rec + (<usize>HEAD_METHOD << 2), getWord(s, S_METHOD));
  store<u32>(rec + (<usize>HEAD_VERSION << 2), version);
  store<u32>(rec + (<usize>HEAD_START << 2), rel(hs));
  store<u32>(rec + (<usize>HEAD_END << 2), rel(p));
  store<u32>(rec + (<usize>HEAD_TARGET_START << 2), rel(hs) + getWord(s, S_TARGET_START));
  store<u32>(rec + (<usize>HEAD_TARGET_END << 2), rel(hs) + getWord(s, S_TARGET_END));
  store<u32>(rec + (<usize>HEAD_LENGTH_LO << 2), <u32>length);
  store<u32>(rec + (<usize>HEAD_LENGTH_HI << 2), <u32>(length >>> 32));
  store<u32>(rec + (<usize>HEAD_COUNT << 2), count);
  setOutPos(rec + ((<usize>HEAD_FIXED + (<usize>count << 2)) << 2));
  setWord(s, S_MSG_FLAGS, flags);

  if (mode == BODY_LENGTH) {
    setWide(s, S_REMAIN, length);
    setWord(s, S_PHASE, PH_BODY_LENGTH);
  } else if (mode == BODY_CHUNKED) {
    setWord(s, S_CHUNK, CH_SIZE_START);
    setWide(s, S_REMAIN, 0);
    setWord(s, S_EXT_BYTES, 0);
    setWord(s, S_PHASE, PH_CHUNKED);
  } else if (mode == BODY_EOF) {
    setWord(s, S_PHASE, PH_BODY_EOF);
  } else {
    return endMessage(s, p);
  }
  return <isize>p;
}

