// HpackEncoder: one connection's HPACK encoding context (RFC 7541) over the shared Wasm
// runtime. encode() writes the list as field records plus latin1 octets into the runtime's
// windows (names found in the static table travel as their id only), makes one Wasm call,
// and copies the block out. Indexing, Huffman and size-update choices are made in Wasm
// (assembly/hpack/encoder.ts, encoder-policy.ts). State: the Wasm context pointer.
import { runtimeFor, contextRegistry, type HpackRuntime } from './runtime.js';
import { STATIC_NAMES } from './static-table.generated.js';
import { FIELD_SIZE, FIELD_WORDS, FIELD_F_SENSITIVE, ST_ERROR_OFFSET, ST_VALUE_LEN, MAX_LIMIT } from './layout.js';
import type { HpackTableEntry } from './decoder.js';

export interface HpackEncoderOptions {
  /**
   * Most dynamic table octets this encoder will use (default 4096). It uses
   * min(this, the peer's SETTINGS_HEADER_TABLE_SIZE), starting from the protocol's 4096.
   */
  maxTableSize?: number;
  /** 'auto' (default): Huffman-code a string only when shorter; 'always'; 'never'. */
  huffman?: 'auto' | 'always' | 'never';
  /** A specific build to run (e.g. the bytes of build/hpack.debug.wasm). */
  wasm?: Uint8Array;
}

/** A field to encode; `sensitive` makes it a never-indexed literal (RFC 7541 §7.1.3). */
export type HpackField = readonly [name: string, value: string, sensitive?: boolean];

const HUFFMAN_MODES = { auto: 0, always: 1, never: 2 } as const;

// Returned blocks up to POOL_BLOCK_LIMIT octets are views into a shared pool: allocating one
// ArrayBuffer per block costs more than encoding it.
const POOL_SIZE = 64 * 1024;
const POOL_BLOCK_LIMIT = 4 * 1024;
let pool = new Uint8Array(POOL_SIZE);
let poolUsed = 0;

/** Static-table name -> name id (lowest index with that name). */
const STATIC_NAME_IDS = new Map<string, number>();
for (let i = STATIC_NAMES.length - 1; i >= 1; i--) STATIC_NAME_IDS.set(STATIC_NAMES[i], i);

export class HpackEncoder {
  private readonly rt: HpackRuntime;
  private readonly held: { rt: HpackRuntime; ctx: number };

  constructor(options: HpackEncoderOptions = {}) {
    const size = options.maxTableSize ?? 4096;
    if (!Number.isInteger(size) || size < 0 || size > MAX_LIMIT) {
      throw new RangeError(`maxTableSize must be an integer in [0, ${MAX_LIMIT}]`);
    }
    const huffman = HUFFMAN_MODES[options.huffman ?? 'auto'];
    if (huffman === undefined) throw new RangeError(`huffman must be 'auto', 'always' or 'never'`);
    this.rt = runtimeFor(options.wasm);
    const ctx = this.rt.exports.hpackEncoderNew(size, huffman) >>> 0;
    this.rt.refresh();
    if (ctx === 0) throw new RangeError('windhover/hpack: cannot allocate an encoder context');
    this.held = { rt: this.rt, ctx };
    contextRegistry.register(this, this.held, this.held);
  }

  /** Encodes the list in the runtime's output window; returns the block length. */
  private run(headers: readonly HpackField[]): number {
    const rt = this.rt;
    const ctx = this.held.ctx;
    if (ctx === 0) throw new Error('windhover/hpack: encoder used after dispose()');
    const n = headers.length;
    let octets = 0;
    for (let i = 0; i < n; i++) {
      const field = headers[i];
      if (typeof field[0] !== 'string' || typeof field[1] !== 'string') {
        throw new TypeError(`header ${i}: name and value must be strings`);
      }
      octets += field[0].length + field[1].length;
    }
    rt.ensureIn(octets);
    rt.ensureRec(n * FIELD_SIZE);
    rt.ensureOut(12 + 13 * n + 4 * octets);
    // Field records point into one string of every literal name and value, written at once.
    const u32 = rt.u32;
    const base = rt.inPtr;
    let text = '';
    let at = base;
    for (let i = 0, w = rt.recPtr >>> 2; i < n; i++, w += FIELD_WORDS) {
      const field = headers[i];
      const name = field[0];
      const value = field[1];
      const id = STATIC_NAME_IDS.get(name);
      if (id === undefined) {
        u32[w] = field[2] === true ? FIELD_F_SENSITIVE : 0;
        u32[w + 1] = at;
        u32[w + 2] = name.length;
        at += name.length;
        text += name;
      } else {
        u32[w] = field[2] === true ? id | FIELD_F_SENSITIVE : id;
        u32[w + 1] = 0;
        u32[w + 2] = 0;
      }
      u32[w + 3] = at;
      u32[w + 4] = value.length;
      at += value.length;
      text += value;
    }
    rt.generation++; // the windows are about to change under any lazy decoder view
    rt.latin1.encode(text, base, (c) => this.fieldAt(c + base));
    const len = rt.exports.hpackEncode(ctx, n, rt.recPtr, rt.outPtr, rt.outCap);
    if (len < 0) throw rt.error(len, rt.status(ST_ERROR_OFFSET));
    return len;
  }

  /** Index of the field whose octets include input address `address` (for errors). */
  private fieldAt(address: number): number {
    const u32 = this.rt.u32;
    let field = 0;
    for (let w = this.rt.recPtr >>> 2; ; w += FIELD_WORDS, field++) {
      if (address < u32[w + 3] + u32[w + 4]) return field;
    }
  }

  /** Encodes a header list into one header block. Small blocks share a pooled ArrayBuffer, as Buffer.allocUnsafe does. */
  encode(headers: readonly HpackField[]): Uint8Array {
    const len = this.run(headers);
    const rt = this.rt;
    const start = rt.outPtr;
    if (len > POOL_BLOCK_LIMIT) return rt.u8.slice(start, start + len);
    if (poolUsed + len > pool.length) {
      pool = new Uint8Array(POOL_SIZE);
      poolUsed = 0;
    }
    const at = poolUsed;
    pool.set(new Uint8Array(rt.u8.buffer, start, len), at);
    poolUsed = (at + len + 7) & ~7;
    return pool.subarray(at, at + len);
  }

  /**
   * Encodes into `target` at `offset` and returns the block length. Throws RangeError if it
   * does not fit, in which case the encoder's table is already updated: the connection
   * cannot continue, so size `target` generously (e.g. the peer's max frame size).
   */
  encodeInto(headers: readonly HpackField[], target: Uint8Array, offset = 0): number {
    const len = this.run(headers);
    if (len > target.length - offset) throw new RangeError(`header block of ${len} octets does not fit`);
    const start = this.rt.outPtr;
    target.set(this.rt.u8.subarray(start, start + len), offset);
    return len;
  }

  /**
   * Applies the peer's SETTINGS_HEADER_TABLE_SIZE: the encoder uses min(size, maxTableSize)
   * and signals a change at the start of the next block (RFC 7541 §4.2).
   */
  setMaxTableSize(size: number): void {
    if (!Number.isInteger(size) || size < 0 || size > 0xffffffff) throw new RangeError('size must be a u32');
    this.rt.exports.hpackEncoderSetMaxTableSize(this.held.ctx, size);
  }

  /** Current dynamic table size (RFC 7541 §4.1). */
  get tableSize(): number { return this.rt.exports.hpackTableSize(this.held.ctx); }
  /** Maximum table size in use. */
  get maxTableSize(): number { return this.rt.exports.hpackTableMaxSize(this.held.ctx); }

  /** The dynamic table, newest entry first. For tests and debugging. */
  dynamicTable(): HpackTableEntry[] {
    const rt = this.rt;
    const ctx = this.held.ctx;
    rt.ensureIn(rt.exports.hpackTableCapacity(ctx));
    rt.generation++; // entries are copied through the input window
    const entries: HpackTableEntry[] = [];
    for (let i = 1, n = rt.exports.hpackTableCount(ctx); i <= n; i++) {
      const nameLen = rt.exports.hpackTableEntry(ctx, i, rt.inPtr);
      const valueLen = rt.status(ST_VALUE_LEN);
      entries.push({
        name: rt.latin1.decode(rt.inPtr, rt.inPtr + nameLen),
        value: rt.latin1.decode(rt.inPtr + nameLen, rt.inPtr + nameLen + valueLen),
        size: nameLen + valueLen + 32,
      });
    }
    return entries;
  }

  /** Frees the Wasm context now (otherwise it is freed when the encoder is collected). */
  dispose(): void {
    if (this.held.ctx === 0) return;
    contextRegistry.unregister(this.held);
    this.rt.exports.hpackContextFree(this.held.ctx);
    this.held.ctx = 0;
  }
}
