// The end of a message (RFC 9112 §6.3, §9.3, §9.6): the END event, then what the connection
// does next: stop for an upgrade or tunnel (RFC 9110 §7.8, §9.3.6; the other protocol starts
// at the reported offset), wait for the final response after a 1xx, accept only empty lines
// after a message that closes the connection, or expect the next message (pipelining).
import {
  S_PHASE, S_MSG_FLAGS, EV_END, EV_UPGRADE, END_WORDS, END_COUNT, END_START, END_END, END_FIXED,
  F_UPGRADE, F_KEEP_ALIVE, F_INTERIM, HEAD_FIELD_WORDS,
} from './layout';
import {
  PH_START, PH_CLOSED, PH_STOPPED, STOPPED, outPos, setOutPos, getWord, setWord, rel,
} from './state';

// Chunked-framing sub-states (S_CHUNK), RFC 9112 §7.1.
// @ts-ignore: decorator
@inline export const CH_SIZE_START: u32 = 0; // first HEXDIG of chunk-size
// @ts-ignore: decorator
@inline export const CH_SIZE: u32 = 1; // more HEXDIG
// @ts-ignore: decorator
@inline export const CH_SIZE_BWS: u32 = 2; // BWS after the size: only ";" may follow
// @ts-ignore: decorator
@inline export const CH_EXT_NAME_START: u32 = 3; // after ";" and BWS
// @ts-ignore: decorator
@inline export const CH_EXT_NAME: u32 = 4;
// @ts-ignore: decorator
@inline export const CH_EXT_AFTER_NAME: u32 = 5; // BWS after a name
// @ts-ignore: decorator
@inline export const CH_EXT_VALUE_START: u32 = 6; // after "=" and BWS
// @ts-ignore: decorator
@inline export const CH_EXT_TOKEN: u32 = 7;
// @ts-ignore: decorator
@inline export const CH_EXT_QUOTED: u32 = 8;
// @ts-ignore: decorator
@inline export const CH_EXT_ESCAPE: u32 = 9; // after "\" in a quoted-string
// @ts-ignore: decorator
@inline export const CH_EXT_AFTER_VALUE: u32 = 10; // BWS after a value
// @ts-ignore: decorator
@inline export const CH_SIZE_LF: u32 = 11; // CR of the size line seen
// @ts-ignore: decorator
@inline export const CH_DATA: u32 = 12; // S_REMAIN data bytes to go
// @ts-ignore: decorator
@inline export const CH_DATA_CR: u32 = 13; // CRLF after the data
// @ts-ignore: decorator
@inline export const CH_DATA_LF: u32 = 14;

/** Writes END with `count` trailer entries already in place after its fixed words. */
export function writeEnd(rec: usize, count: u32, ts: usize, te: usize): void {
  store<u32>(rec, EV_END);
  store<u32>(rec + (<usize>END_WORDS << 2), END_FIXED + count * HEAD_FIELD_WORDS);
  store<u32>(rec + (<usize>END_COUNT << 2), count);
  store<u32>(rec + (<usize>END_START << 2), count == 0 && ts == te ? 0 : rel(ts));
  store<u32>(rec + (<usize>END_END << 2), count == 0 && ts == te ? 0 : rel(te));
  setOutPos(rec + ((<usize>END_FIXED + <usize>count * HEAD_FIELD_WORDS) << 2));
}

/** Completes the message whose END is written; returns `p` or STOPPED. */
export function afterEnd(s: usize, p: usize): isize {
  const flags = getWord(s, S_MSG_FLAGS);
  if (flags & F_UPGRADE) {
    store<u32>(outPos, EV_UPGRADE);
    store<u32>(outPos, rel(p), 4);
    setOutPos(outPos + 8);
    setWord(s, S_PHASE, PH_STOPPED);
    return STOPPED;
  }
  // RFC 9112 §9.6: after a message that closes the connection, no further request is read.
  if ((flags & F_KEEP_ALIVE) || (flags & F_INTERIM)) setWord(s, S_PHASE, PH_START);
  else setWord(s, S_PHASE, PH_CLOSED);
  return <isize>p;
}

/** END without trailers, then afterEnd. */
export function endMessage(s: usize, p: usize): isize {
  writeEnd(outPos, 0, p, p);
  return afterEnd(s, p);
}
