// One instance of the h1 Wasm module and everything shared by the parsers running on it: the
// raw exports, the memory views (refreshed if the slab grows), the slab of parser slots
// (grown from JS, never capped), the latin1 decoder, and which parser's carried bytes are
// still sitting in the shared input window. No runtime-specific imports.
import { loadComponent } from '../wasm/load.js';
import { SIMD_BASE64, PLAIN_BASE64 } from '../wasm/h1.generated.js';
import { ABI_VERSION, INPUT_CAP, SLOT_BYTES, LAYOUT_VALUES, LAYOUT_NAMES } from './generated.js';

/** The raw h1 exports (all i32 in and out). */
export interface H1Exports {
  memory: WebAssembly.Memory;
  h1LayoutPtr(): number;
  h1Init(slot: number, options: number, maxLine: number, maxCount: number, maxTotal: number,
    maxField: number, maxExt: number, maxTrailers: number): void;
  h1Reset(slot: number): void;
  h1Execute(slot: number, start: number, end: number): number;
  h1Finish(slot: number, at: number): number;
  h1ExpectResponse(slot: number, kind: number): number;
  h1SetQueueMore(slot: number, more: number): void;
  h1Progress(slot: number): number;
  h1EncodeChunkHeader(len: number, out: number): number;
}

/** Something that may hold carried bytes in the input window (an engine). */
export interface WindowTenant {
  evictTail(): void;
}

type Latin1Slicer = (start: number, end: number) => string;

interface NodeLikeBuffer extends Uint8Array {
  latin1Slice(start: number, end: number): string;
}

interface BufferConstructorLike {
  from(buffer: ArrayBuffer): NodeLikeBuffer;
  prototype: { latin1Slice?: unknown };
}

const BufferCtor = (globalThis as unknown as { Buffer?: BufferConstructorLike }).Buffer;
const HAS_LATIN1_SLICE = typeof BufferCtor?.prototype.latin1Slice === 'function';
const utf8 = new TextDecoder();

export class Runtime {
  readonly exports: H1Exports;
  readonly flavor: string;
  readonly memory: WebAssembly.Memory;
  /** Byte offsets of the regions. */
  readonly input: number;
  readonly out: number;
  readonly slab: number;
  readonly scratch: number;
  /** Word index of the result record in u32. */
  readonly outWord: number;
  u8!: Uint8Array;
  u32!: Uint32Array;
  /** latin1 string of memory bytes [start, end). */
  latin1!: Latin1Slicer;
  /** Engine whose carried bytes are still in the window, if any. */
  tenant: WindowTenant | null = null;
  /** Bumped on every call that rewrites the result record: views check it. */
  gen = 0;
  private readonly free: number[] = [];
  private nextSlot = 0;
  private capacity = 0;

  constructor(bytes?: BufferSource) {
    const loaded = loadComponent('h1', SIMD_BASE64, PLAIN_BASE64, bytes);
    this.exports = loaded.exports as unknown as H1Exports;
    this.flavor = loaded.flavor;
    this.memory = this.exports.memory;
    this.refreshViews();
    const layout = this.exports.h1LayoutPtr() >>> 2;
    const words = this.u32;
    if (words[layout] !== ABI_VERSION) throw new Error(`h1 Wasm ABI ${words[layout]}, bindings expect ${ABI_VERSION}`);
    this.input = words[layout + 1];
    this.out = words[layout + 2];
    this.slab = words[layout + 3];
    this.scratch = words[layout + 5];
    this.outWord = this.out >>> 2;
    const info = words[layout + 4] >>> 2;
    const count = words[layout + 6];
    if (count !== LAYOUT_VALUES.length) throw new Error('h1 Wasm layout differs from the bindings (rebuild)');
    for (let i = 0; i < count; i++) {
      if (words[info + i] !== LAYOUT_VALUES[i]) throw new Error(`h1 Wasm layout differs: ${LAYOUT_NAMES[i]}`);
    }
    this.capacity = this.slotsInMemory();
  }

  /** Layout constants as the Wasm module stores them (for the agreement test). */
  wasmLayout(): number[] {
    const layout = this.exports.h1LayoutPtr() >>> 2;
    const info = this.u32[layout + 4] >>> 2;
    return Array.from(this.u32.subarray(info, info + this.u32[layout + 6]));
  }

  private slotsInMemory(): number {
    return Math.floor((this.memory.buffer.byteLength - this.slab) / SLOT_BYTES);
  }

  private refreshViews(): void {
    const buffer = this.memory.buffer;
    this.u8 = new Uint8Array(buffer);
    this.u32 = new Uint32Array(buffer);
    if (HAS_LATIN1_SLICE) {
      const view = BufferCtor!.from(buffer);
      this.latin1 = (start, end) => view.latin1Slice(start, end);
    } else {
      const u8 = this.u8;
      this.latin1 = (start, end) => portableLatin1(u8, start, end);
    }
  }

  /** A free parser slot; grows the slab (and refreshes every view) when none is left. */
  allocSlot(): number {
    const reused = this.free.pop();
    if (reused !== undefined) return reused;
    if (this.nextSlot >= this.capacity) {
      const pages = Math.max(16, Math.ceil((this.capacity * SLOT_BYTES) / 65536));
      this.memory.grow(pages);
      this.refreshViews();
      this.capacity = this.slotsInMemory();
    }
    return this.nextSlot++;
  }

  freeSlot(slot: number): void {
    this.free.push(slot);
  }

  /** Slots handed out and not freed (for tests and metrics). */
  get liveSlots(): number {
    return this.nextSlot - this.free.length;
  }

  /** Claims the input window for `tenant`, saving the previous tenant's carried bytes. */
  claimWindow(tenant: WindowTenant): void {
    const previous = this.tenant;
    if (previous !== tenant) {
      if (previous) previous.evictTail();
      this.tenant = tenant;
    }
  }
}

/** latin1 without Buffer: ASCII through TextDecoder (identical there), the rest by code. */
function portableLatin1(u8: Uint8Array, start: number, end: number): string {
  let ascii = true;
  for (let i = start; i < end; i++) {
    if (u8[i] >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return utf8.decode(u8.subarray(start, end));
  let text = '';
  for (let i = start; i < end; i += 4096) {
    text += String.fromCharCode.apply(null, Array.from(u8.subarray(i, Math.min(end, i + 4096))));
  }
  return text;
}

let shared: Runtime | null = null;
const custom = new WeakMap<object, Runtime>();

/** The runtime for the embedded build (SIMD when supported), or for specific Wasm bytes. */
export function getRuntime(bytes?: Uint8Array): Runtime {
  if (!bytes) return (shared ??= new Runtime());
  let runtime = custom.get(bytes);
  if (!runtime) {
    runtime = new Runtime(bytes as Uint8Array<ArrayBuffer>);
    custom.set(bytes, runtime);
  }
  return runtime;
}

export const WINDOW_CAP = INPUT_CAP;
