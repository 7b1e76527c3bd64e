// One loaded windhover/hpack Wasm instance shared by every HpackDecoder and HpackEncoder
// that uses the same build: its exports, its memory views, and the three I/O windows
// (input octets, records, output octets), which start as the module's static data and are
// replaced by larger heap blocks only when a block, a list or a decoder's limits need it.
// Contexts (one per decoder or encoder) are heap blocks in the same memory, so thousands of
// connections share one instance. Memory grows only in calls that allocate (a larger window,
// a context created or resized); the views are refreshed right after them.
import { loadComponent } from '../wasm/load.js';
import { SIMD_BASE64, PLAIN_BASE64 } from '../wasm/hpack.generated.js';
import { checkLayout } from './layout.js';
import { HpackError } from './errors.js';
import { Latin1 } from './latin1.js';

/** The raw Wasm exports (all i32; pointers are below 2 GiB). */
export interface HpackExports {
  memory: WebAssembly.Memory;
  hpackLayout(): number;
  hpackStatus(): number;
  hpackWindows(): number;
  hpackAlloc(size: number): number;
  hpackFree(ptr: number): void;
  hpackHeapUsed(): number;
  hpackDecoderNew(maxTableSize: number, maxListSize: number, maxFieldSize: number): number;
  hpackDecoderSetLimits(ctx: number, maxListSize: number, maxFieldSize: number): void;
  hpackDecoderSetMaxTableSize(ctx: number, setting: number): number;
  hpackDecoderResize(ctx: number, capacity: number): number;
  hpackDecode(ctx: number, inPtr: number, inLen: number, recPtr: number, recCap: number,
    outPtr: number, outCap: number): number;
  hpackEncoderNew(maxTableSize: number, huffman: number): number;
  hpackEncoderSetMaxTableSize(ctx: number, setting: number): void;
  hpackEncode(ctx: number, count: number, recPtr: number, outPtr: number, outCap: number): number;
  hpackContextFree(ctx: number): void;
  hpackTableCount(ctx: number): number;
  hpackTableSize(ctx: number): number;
  hpackTableMaxSize(ctx: number): number;
  hpackTableLimit(ctx: number): number;
  hpackTableCapacity(ctx: number): number;
  hpackTableEntryCapacity(ctx: number): number;
  hpackTableNextSeq(ctx: number): number;
  hpackTableEntry(ctx: number, index: number, dst: number): number;
  hpackIntegerDecode(ptr: number, len: number, prefixBits: number): number;
  hpackIntegerEncode(dst: number, value: number, prefixBits: number, first: number): number;
  hpackHuffmanDecode(src: number, len: number, dst: number, cap: number): number;
  hpackHuffmanEncode(src: number, len: number, dst: number): number;
  hpackHuffmanEncodedLength(src: number, len: number): number;
}

export class HpackRuntime {
  readonly exports: HpackExports;
  readonly flavor: string;
  readonly latin1: Latin1;
  u8: Uint8Array;
  u32: Uint32Array;
  /** Word index of the status record (layout.ts ST_* / 4). */
  readonly statusWord: number;
  inPtr = 0;
  inCap = 0;
  recPtr = 0;
  recCap = 0;
  outPtr = 0;
  outCap = 0;
  /** Incremented by every decode and encode: lazy views check it to refuse stale reads. */
  generation = 0;
  private buffer: ArrayBuffer;
  /** The default windows (static data): never freed. */
  private readonly staticWindows: number[];

  constructor(bytes?: Uint8Array) {
    const loaded = loadComponent('hpack', SIMD_BASE64, PLAIN_BASE64, bytes as BufferSource | undefined);
    this.exports = loaded.exports as unknown as HpackExports;
    this.flavor = loaded.flavor;
    const memory = this.exports.memory;
    checkLayout(memory, this.exports.hpackLayout() >>> 0);
    this.statusWord = (this.exports.hpackStatus() >>> 0) >>> 2;
    this.buffer = memory.buffer as ArrayBuffer;
    this.u8 = new Uint8Array(this.buffer);
    this.u32 = new Uint32Array(this.buffer);
    this.latin1 = new Latin1(this.buffer);
    const w = (this.exports.hpackWindows() >>> 0) >>> 2;
    [this.inPtr, this.inCap, this.recPtr, this.recCap, this.outPtr, this.outCap] = this.u32.slice(w, w + 6);
    this.staticWindows = [this.inPtr, this.recPtr, this.outPtr];
  }

  /** Re-creates the views if memory grew (growth detaches the old ones). */
  refresh(): void {
    const buffer = this.exports.memory.buffer as ArrayBuffer;
    if (buffer === this.buffer) return;
    this.buffer = buffer;
    this.u8 = new Uint8Array(buffer);
    this.u32 = new Uint32Array(buffer);
    this.latin1.reset(buffer);
  }

  /** Allocates `size` heap octets (a safe point: views are refreshed). */
  alloc(size: number): number {
    const ptr = this.exports.hpackAlloc(size) >>> 0;
    this.refresh();
    if (ptr === 0) throw new RangeError(`windhover/hpack: cannot allocate ${size} octets of Wasm memory`);
    return ptr;
  }

  private grow(ptr: number, cap: number, need: number): [number, number] {
    const size = Math.max(need, cap * 2);
    const next = this.alloc(size);
    if (!this.staticWindows.includes(ptr)) this.exports.hpackFree(ptr);
    return [next, size];
  }

  ensureIn(need: number): void {
    if (need > this.inCap) [this.inPtr, this.inCap] = this.grow(this.inPtr, this.inCap, need);
  }
  ensureRec(need: number): void {
    if (need > this.recCap) [this.recPtr, this.recCap] = this.grow(this.recPtr, this.recCap, need);
  }
  ensureOut(need: number): void {
    if (need > this.outCap) [this.outPtr, this.outCap] = this.grow(this.outPtr, this.outCap, need);
  }

  /** Status word `offset` (layout.ts ST_*) of the last call. */
  status(offset: number): number {
    return this.u32[this.statusWord + (offset >>> 2)];
  }

  /** An HpackError for a negative return value of the last call. */
  error(result: number, offset: number): HpackError {
    return new HpackError(-result, offset);
  }
}

let defaultRuntime: HpackRuntime | undefined;
const custom = new WeakMap<Uint8Array, HpackRuntime>();

/** The shared runtime for the embedded release build, or for the given Wasm bytes. */
export function runtimeFor(wasm?: Uint8Array): HpackRuntime {
  if (!wasm) return (defaultRuntime ??= new HpackRuntime());
  let rt = custom.get(wasm);
  if (!rt) {
    rt = new HpackRuntime(wasm);
    custom.set(wasm, rt);
  }
  return rt;
}

/** Frees a context when its owner is collected without dispose(). */
export const contextRegistry = new FinalizationRegistry<{ rt: HpackRuntime; ctx: number }>((held) => {
  if (held.ctx !== 0) held.rt.exports.hpackContextFree(held.ctx);
});
