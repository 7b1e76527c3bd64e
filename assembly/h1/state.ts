// Per-parser state and the result writer. A parser is one SLOT_BYTES record in the slab that
// starts at the heap base and grows from JS; every field is a u32 word at a SLOT offset from
// layout.ts. The result record (OUT) and the input window (INPUT) are shared by all parsers:
// parsing is synchronous, and the bindings read OUT before the next call. This file owns the
// OUT write cursor and the per-call globals.
import {
  INPUT_CAP, INPUT_PAD, OUT_WORDS, SLOT_BYTES, OUT_EVENTS, EV_ERROR, EV_BODY,
  S_PHASE, S_CONFIG,
} from './layout';

/** The input window: bytes of the current call, a sentinel byte after them, then padding. */
export const INPUT: usize = memory.data(INPUT_CAP + INPUT_PAD, 16);
/** The result record (u32 words). */
export const OUT: usize = memory.data(OUT_WORDS << 2, 16);
// @ts-ignore: decorator
@inline export const OUT_LIMIT: usize = OUT + (<usize>OUT_WORDS << 2);
/** First byte of the slab of parser slots, which JS grows at the end of memory. */
export const SLAB: usize = (__heap_base + 127) & ~(<usize>127);

// Phases of the message-level state machine (internal to the Wasm side).
// @ts-ignore: decorator
@inline export const PH_START: u32 = 0; // before a message: skipping empty lines
// @ts-ignore: decorator
@inline export const PH_START_CR: u32 = 1; // an empty line's CR seen, LF pending
// @ts-ignore: decorator
@inline export const PH_HEAD: u32 = 2; // inside a head carried from an earlier call
// @ts-ignore: decorator
@inline export const PH_BODY_LENGTH: u32 = 3; // Content-Length body, S_REMAIN to go
// @ts-ignore: decorator
@inline export const PH_CHUNKED: u32 = 4; // chunked framing, sub-state in S_CHUNK
// @ts-ignore: decorator
@inline export const PH_TRAILERS: u32 = 5; // trailer section carried from an earlier call
// @ts-ignore: decorator
@inline export const PH_BODY_EOF: u32 = 6; // close-delimited response body
// @ts-ignore: decorator
@inline export const PH_CLOSED: u32 = 7; // after a message that ends the connection
// @ts-ignore: decorator
@inline export const PH_CLOSED_CR: u32 = 8;
// @ts-ignore: decorator
@inline export const PH_STOPPED: u32 = 9; // upgrade or HTTP/2 preface: no more HTTP/1
// @ts-ignore: decorator
@inline export const PH_ERROR: u32 = 10;

// Results of the line parsers: a pointer (>= 0) to the next byte, or one of these.
// @ts-ignore: decorator
@inline export const NEED_MORE: isize = -1;
// @ts-ignore: decorator
@inline export const FAILED: isize = -2;
// The parser stopped without an error: upgrade, CONNECT tunnel or HTTP/2 preface.
// @ts-ignore: decorator
@inline export const STOPPED: isize = -4;

// Bytes.
// @ts-ignore: decorator
@inline export const CR: u32 = 0x0d;
// @ts-ignore: decorator
@inline export const LF: u32 = 0x0a;
// @ts-ignore: decorator
@inline export const SP: u32 = 0x20;
// @ts-ignore: decorator
@inline export const HTAB: u32 = 0x09;

/** Next free byte of OUT during a call. */
export let outPos: usize = 0;
/** Set when a scan passes a byte >= 0x80 (obs-text); the head records it as F_OBS_TEXT. */
export let sawObsText: bool = false;

export function resetOut(): void {
  outPos = OUT + (<usize>OUT_EVENTS << 2);
}

export function clearObsText(): void {
  sawObsText = false;
}

export function markObsText(): void {
  sawObsText = true;
}

/** True when `words` more words still fit in OUT, keeping room for a final error. */
// @ts-ignore: decorator
@inline export function outHasRoom(words: u32): bool {
  return outPos + ((<usize>words + 8) << 2) <= OUT_LIMIT;
}

export function setOutPos(p: usize): void {
  outPos = p;
}

// @ts-ignore: decorator
@inline export function slotPtr(index: u32): usize {
  return SLAB + <usize>index * SLOT_BYTES;
}

// @ts-ignore: decorator
@inline export function getWord(s: usize, word: u32): u32 {
  return load<u32>(s + (<usize>word << 2));
}

// @ts-ignore: decorator
@inline export function setWord(s: usize, word: u32, value: u32): void {
  store<u32>(s + (<usize>word << 2), value);
}

// @ts-ignore: decorator
@inline export function getWide(s: usize, word: u32): u64 {
  return load<u64>(s + (<usize>word << 2));
}

// @ts-ignore: decorator
@inline export function setWide(s: usize, word: u32, value: u64): void {
  store<u64>(s + (<usize>word << 2), value);
}

// @ts-ignore: decorator
@inline export function hasOption(s: usize, bit: u32): bool {
  return (getWord(s, S_CONFIG) & bit) != 0;
}

// @ts-ignore: decorator
@inline export function rel(p: usize): u32 {
  return <u32>(p - INPUT);
}

/** Records an error event and stops the parser; every later call reports nothing new. */
export function fail(s: usize, code: i32, at: usize): isize {
  store<u32>(outPos, EV_ERROR);
  store<u32>(outPos, <u32>code, 4);
  store<u32>(outPos, rel(at), 8);
  outPos += 12;
  setWord(s, S_PHASE, PH_ERROR);
  return FAILED;
}

/** fail() for helpers that answer with a boolean: always false. */
export function reject(s: usize, code: i32, at: usize): bool {
  fail(s, code, at);
  return false;
}

/** Records decoded body bytes [from, to) of the window. */
export function emitBody(from: usize, to: usize): void {
  store<u32>(outPos, EV_BODY);
  store<u32>(outPos, rel(from), 4);
  store<u32>(outPos, rel(to), 8);
  outPos += 12;
}
