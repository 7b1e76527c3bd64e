// The engine the server drives: one parser slot, one Wasm call per push, and a cursor over
// the events of that call (HEAD, BODY, END, UPGRADE, H2_PREFACE, ERROR). Heads are lazy
// HeadViews; bodies are offsets into (and subarrays of) the pushed chunk, never copies.
// Everything read through the cursor is valid until the next push of any parser on the same
// runtime (copy what must outlive it, or HeadView.retain()). Bytes of an incomplete head or
// trailer section are carried: left in the shared window while no other parser needs it,
// otherwise saved to a JS copy (bounded by the limits).
import {
  OUT_CONSUMED, OUT_STATUS, OUT_EVENTS, STATUS_AGAIN, STATUS_STOPPED,
  EV_HEAD, EV_BODY, EV_END, EV_UPGRADE, EV_H2_PREFACE, EV_ERROR, END_COUNT, END_FIXED,
  FIELD_ID_SHIFT, FIELD_END_MASK, OPT_RESPONSE, EXPECT_ORDINARY, EXPECT_HEAD, EXPECT_CONNECT,
  HEADER_NAMES, INPUT_CAP, PROGRESS_HEAD, PROGRESS_STOPPED,
} from './generated.js';
import { getRuntime, type Runtime, type WindowTenant } from './runtime.js';
import { resolveOptions, type ParserOptions } from './options.js';
import { ParseError } from './errors.js';
import { HeadView } from './head-view.js';

export const EVENT_NONE = 0;
export const EVENT_HEAD = EV_HEAD;
export const EVENT_BODY = EV_BODY;
export const EVENT_END = EV_END;
export const EVENT_UPGRADE = EV_UPGRADE;
export const EVENT_H2_PREFACE = EV_H2_PREFACE;
export const EVENT_ERROR = EV_ERROR;

const EMPTY = new Uint8Array(0);
const slotRegistry = typeof FinalizationRegistry === 'function'
  ? new FinalizationRegistry<{ rt: Runtime; slot: number }>(({ rt, slot }) => rt.freeSlot(slot))
  : null;

export class H1Engine implements WindowTenant {
  readonly response: boolean;
  private readonly rt: Runtime;
  private slot: number;
  private readonly token = {};
  // Carried bytes: in the window at [tailStart, tailEnd) while we are its tenant, else a copy.
  private tail: Uint8Array | null = null;
  private tailStart = 0;
  private tailEnd = 0;
  private tailInWindow = false;
  private streamPos = 0; // stream offset just past the bytes handed to Wasm
  private base = 0; // stream offset of window offset 0 for the current record
  private delta = 0; // chunk index = window offset + delta
  private chunkStart = 0; // window offset where this push's bytes begin
  private ev = 0;
  private evEnd = 0;
  private stopped = false;
  private pendingExpect: number[] = [];
  private restPrefix: Uint8Array | null = null;
  private chunk: Uint8Array = EMPTY;
  private record = 0;
  /** After next() returned EVENT_BODY: the body bytes are chunk[bodyStart, bodyEnd). */
  bodyStart = 0;
  bodyEnd = 0;
  /** After EVENT_UPGRADE / EVENT_H2_PREFACE: the other protocol starts at chunk[restOffset]
   *  (negative when it starts inside carried bytes; rest() always has the bytes). */
  restOffset = 0;
  /** After EVENT_UPGRADE / EVENT_H2_PREFACE / EVENT_ERROR: the stream offset. */
  streamOffset = 0;
  /** After EVENT_ERROR. */
  error: ParseError | null = null;

  constructor(kind: 'request' | 'response', options: ParserOptions = {}) {
    const resolved = resolveOptions(options);
    this.rt = getRuntime(options.wasm);
    this.response = kind === 'response';
    this.slot = this.rt.allocSlot();
    this.rt.exports.h1Init(this.slot, resolved.flags | (this.response ? OPT_RESPONSE : 0), resolved.maxLine,
      resolved.maxCount, resolved.maxTotal, resolved.maxField, resolved.maxExt, resolved.maxTrailers);
    slotRegistry?.register(this, { rt: this.rt, slot: this.slot }, this.token);
  }

  /** Which build runs this engine: 'simd', 'plain' or 'custom'. */
  get flavor(): string { return this.rt.flavor; }
  /** True once an upgrade, the HTTP/2 preface or an error stopped the parser. */
  get isStopped(): boolean { return this.stopped; }
  /** Bytes handed to the parser since creation or reset. */
  get position(): number { return this.streamPos; }
  /** PROGRESS_IDLE (between messages), PROGRESS_HEAD, PROGRESS_BODY or PROGRESS_STOPPED. */
  get progress(): number { return this.slot < 0 ? PROGRESS_STOPPED : this.rt.exports.h1Progress(this.slot); }
  /** Some bytes of a head arrived but not all of it (for a request-headers timeout). */
  get inHead(): boolean { return this.progress === PROGRESS_HEAD; }

  /** @internal Saves carried bytes before another parser takes the window. */
  evictTail(): void {
    if (this.tailInWindow) {
      const input = this.rt.input;
      this.tail = this.rt.u8.slice(input + this.tailStart, input + this.tailEnd);
      this.tailInWindow = false;
    }
  }

  /**
   * Parses chunk[offset..] with one Wasm call and returns the offset to continue from: the
   * chunk length when everything was parsed or carried (or the parser stopped), less when the
   * result record filled up or a piece exceeded the window (push again from there after
   * reading the events). Events are then read with next().
   */
  push(chunk: Uint8Array, offset = 0): number {
    const rt = this.rt;
    this.chunk = chunk;
    this.ev = this.evEnd = 0;
    if (this.stopped) return chunk.length;
    if (rt.tenant !== this) rt.claimWindow(this);
    const u8 = rt.u8;
    const input = rt.input;
    let start = 0;
    let carried = 0;
    if (this.tailInWindow) {
      start = this.tailStart;
      carried = this.tailEnd;
      if (carried + (chunk.length - offset) > INPUT_CAP && start > 0) {
        u8.copyWithin(input, input + start, input + carried);
        carried -= start;
        start = 0;
      }
    } else if (this.tail !== null) {
      u8.set(this.tail, input);
      carried = this.tail.length;
      this.tail = null;
    }
    const n = Math.min(chunk.length - offset, INPUT_CAP - carried);
    u8.set(offset === 0 && n === chunk.length ? chunk : chunk.subarray(offset, offset + n), input + carried);
    const end = carried + n;
    this.base = this.streamPos - carried;
    this.delta = offset - carried;
    this.chunkStart = carried;
    if (this.response && this.pendingExpect.length !== 0) this.refillExpectations();
    const words = rt.exports.h1Execute(this.slot, start, end);
    rt.gen++;
    const out = rt.outWord;
    const u32 = rt.u32;
    const status = u32[out + OUT_STATUS];
    const consumed = u32[out + OUT_CONSUMED];
    this.ev = out + OUT_EVENTS;
    this.evEnd = this.ev + words;
    this.tailInWindow = false;
    if (status === STATUS_AGAIN) {
      // Resume at `consumed`; it is never inside carried bytes (a carried head completes first).
      this.streamPos = this.base + consumed;
      return consumed + this.delta;
    }
    this.streamPos = this.base + end;
    if (status === STATUS_STOPPED) {
      this.stopped = true;
      return chunk.length;
    }
    if (consumed < end) {
      this.tailStart = consumed;
      this.tailEnd = end;
      this.tailInWindow = true;
    }
    return offset + n;
  }

  /** End of input (the peer closed): completes a close-delimited response or reports an
   *  incomplete message as an error. Read the events with next(). */
  finish(): void {
    const rt = this.rt;
    this.ev = this.evEnd = 0;
    if (this.stopped) return;
    this.base = this.streamPos;
    this.delta = 0;
    this.chunk = EMPTY;
    const words = rt.exports.h1Finish(this.slot, 0);
    rt.gen++;
    this.ev = rt.outWord + OUT_EVENTS;
    this.evEnd = this.ev + words;
    this.tail = null;
    this.tailInWindow = false;
  }

  /** The next event of the last push or finish (EVENT_*), or EVENT_NONE. */
  next(): number {
    if (this.ev >= this.evEnd) return EVENT_NONE;
    const u32 = this.rt.u32;
    const at = this.ev;
    const kind = u32[at];
    if (kind === EV_BODY) {
      this.bodyStart = u32[at + 1] + this.delta;
      this.bodyEnd = u32[at + 2] + this.delta;
      this.ev = at + 3;
    } else if (kind === EV_HEAD || kind === EV_END) {
      this.record = at;
      this.ev = at + u32[at + 1];
    } else if (kind === EV_ERROR) {
      this.streamOffset = this.base + u32[at + 2];
      this.error = new ParseError(u32[at + 1], this.streamOffset);
      this.stopped = true;
      this.ev = at + 3;
    } else {
      const w = u32[at + 1];
      this.restOffset = w + this.delta;
      this.streamOffset = this.base + w;
      this.restPrefix = w < this.chunkStart
        ? this.rt.u8.slice(this.rt.input + w, this.rt.input + this.chunkStart) : null;
      this.ev = at + 2;
    }
    return kind;
  }

  /** After EVENT_HEAD: a lazy view of the head. */
  head(): HeadView {
    return new HeadView(this.rt, this.record);
  }

  /** After EVENT_BODY: the body bytes, a subarray of the pushed chunk (no copy). */
  body(): Uint8Array {
    return this.chunk.subarray(this.bodyStart, this.bodyEnd);
  }

  /** After EVENT_END: the number of trailer field lines. */
  get trailerCount(): number {
    return this.rt.u32[this.record + END_COUNT];
  }

  /** After EVENT_END: the trailer fields as [lower-case name, value]. */
  trailers(): [string, string][] {
    const u32 = this.rt.u32;
    const count = u32[this.record + END_COUNT];
    if (count === 0) return [];
    const input = this.rt.input;
    const out: [string, string][] = [];
    for (let i = 0, at = this.record + END_FIXED; i < count; i++, at += 4) {
      const word = u32[at + 1];
      const id = word >>> FIELD_ID_SHIFT;
      const name = id !== 0 ? HEADER_NAMES[id]
        : this.rt.latin1(input + u32[at], input + (word & FIELD_END_MASK)).toLowerCase();
      out.push([name, this.rt.latin1(input + u32[at + 2], input + u32[at + 3])]);
    }
    return out;
  }

  /** After EVENT_UPGRADE / EVENT_H2_PREFACE: the bytes that belong to the other protocol. */
  rest(): Uint8Array {
    const fromChunk = this.chunk.subarray(Math.max(0, this.restOffset));
    const prefix = this.restPrefix;
    if (prefix === null) return fromChunk;
    const joined = new Uint8Array(prefix.length + fromChunk.length);
    joined.set(prefix);
    joined.set(fromChunk, prefix.length);
    return joined;
  }

  /** Response parsers: the next response answers a request with this method. Call it once
   *  per request, in order, if any request is HEAD or CONNECT. */
  expectResponseTo(method: string): void {
    const kind = method === 'HEAD' ? EXPECT_HEAD : method === 'CONNECT' ? EXPECT_CONNECT : EXPECT_ORDINARY;
    this.pendingExpect.push(kind);
    this.refillExpectations();
  }

  private refillExpectations(): void {
    const exports = this.rt.exports;
    while (this.pendingExpect.length !== 0 && exports.h1ExpectResponse(this.slot, this.pendingExpect[0]) === 0) {
      this.pendingExpect.shift();
    }
    exports.h1SetQueueMore(this.slot, this.pendingExpect.length !== 0 ? 1 : 0);
  }

  /** Back to the start of a stream (same options); stream offsets count from here. */
  reset(): void {
    this.rt.exports.h1Reset(this.slot);
    this.tail = null;
    this.tailInWindow = false;
    this.streamPos = 0;
    this.stopped = false;
    this.error = null;
    this.pendingExpect = [];
    this.ev = this.evEnd = 0;
  }

  /** Returns the slot to the runtime; the engine must not be used afterwards. */
  dispose(): void {
    if (this.slot < 0) return;
    if (this.rt.tenant === this) this.rt.tenant = null;
    slotRegistry?.unregister(this.token);
    this.rt.freeSlot(this.slot);
    this.slot = -1;
    this.stopped = true;
  }
}

