// HpackDecoder: one connection's HPACK decoding context (RFC 7541) over the shared Wasm
// runtime. decode() copies the block into the input window, makes one Wasm call, and turns
// the records into strings: static names and values come from interned strings, dynamic
// entries from a per-decoder string cache keyed by insertion number (an entry referenced in
// many blocks is turned into strings once), and other octets from one latin1 string per
// window and block, sliced per field. decodeView() makes strings only when asked; its view
// is valid until the next call on any decoder or encoder of the same runtime.
// State: the Wasm context pointer and the string cache.
import { runtimeFor, contextRegistry, type HpackRuntime } from './runtime.js';
import { HeaderBlockView } from './view.js';
import { STATIC_NAMES, STATIC_VALUES } from './static-table.generated.js';
import {
  REC_SIZE, REC_WORDS, REC_F_DYNAMIC, REC_F_DYNAMIC_NAME, REC_F_INSERTED, REC_F_NEVER_INDEXED,
  ST_ERROR_OFFSET, ST_OUT_USED, ST_SEQ_BEFORE, ST_INSERTED, ST_VALUE_LEN, MAX_LIMIT,
} from './layout.js';

export interface HpackDecoderOptions {
  /** SETTINGS_HEADER_TABLE_SIZE in force (sent and acknowledged); default 4096. */
  maxTableSize?: number;
  /** Largest header list, counted as name + value + 32 per field (RFC 9113 §6.5.2); default 65536. */
  maxHeaderListSize?: number;
  /** Largest single field, counted as name + value + 32; default maxHeaderListSize. */
  maxFieldSize?: number;
  /** A specific build to run (e.g. the bytes of build/hpack.debug.wasm). */
  wasm?: Uint8Array;
}

/** One decoded field with its flags. */
export type HpackDecodedField = [name: string, value: string, neverIndexed: boolean];

/** A dynamic table entry (inspection). */
export interface HpackTableEntry { name: string; value: string; size: number }

/**
 * A cached string may keep a block's string of up to 4 x its length + this many characters
 * alive: the cache then holds at most about 20 x the table size (measured: a bound of
 * 4 x length + 64 cost 16% of decoding speed on the haskell-http2-linear stories, + 256 cost 5%).
 */
const KEPT_SLACK = 256;

function checkSize(name: string, n: number): number {
  if (!Number.isInteger(n) || n < 0 || n > MAX_LIMIT) throw new RangeError(`${name} must be an integer in [0, ${MAX_LIMIT}]`);
  return n;
}

export class HpackDecoder {
  /** @internal */ readonly rt: HpackRuntime;
  private readonly held: { rt: HpackRuntime; ctx: number };
  private readonly maxList: number;
  private readonly maxField: number;
  private cacheMask = 0;
  private cacheSeq = new Float64Array(0);
  private cacheName: string[] = [];
  private cacheValue: string[] = [];
  /** End of the current block in the input window, and the per-block strings of text(). */
  private inEnd = 0;
  private inText: string | null = null;
  private outText: string | null = null;

  constructor(options: HpackDecoderOptions = {}) {
    const tableSize = checkSize('maxTableSize', options.maxTableSize ?? 4096);
    this.maxList = checkSize('maxHeaderListSize', options.maxHeaderListSize ?? 65536);
    this.maxField = Math.max(32, checkSize('maxFieldSize', options.maxFieldSize ?? this.maxList));
    this.rt = runtimeFor(options.wasm);
    const rt = this.rt;
    rt.ensureRec((Math.floor(this.maxList / 32) + 1) * REC_SIZE);
    rt.ensureOut(this.maxList + this.maxField);
    const ctx = rt.exports.hpackDecoderNew(tableSize, this.maxList, this.maxField) >>> 0;
    rt.refresh();
    if (ctx === 0) throw new RangeError('windhover/hpack: cannot allocate a decoder context');
    this.held = { rt, ctx };
    contextRegistry.register(this, this.held, this.held);
    this.resetCache();
  }

  private resetCache(): void {
    const n = this.rt.exports.hpackTableEntryCapacity(this.held.ctx);
    this.cacheMask = n - 1;
    this.cacheSeq = new Float64Array(n).fill(-1);
    this.cacheName = new Array<string>(n).fill('');
    this.cacheValue = new Array<string>(n).fill('');
  }

  /** Runs the Wasm decode; returns the field count or throws. Invalidates cache slots of new entries. */
  private run(block: Uint8Array): number {
    const rt = this.rt;
    const ctx = this.held.ctx;
    if (ctx === 0) throw new Error('windhover/hpack: decoder used after dispose()');
    if (block.length > rt.inCap) rt.ensureIn(block.length);
    rt.u8.set(block, rt.inPtr);
    rt.generation++;
    const n = rt.exports.hpackDecode(ctx, rt.inPtr, block.length, rt.recPtr, (rt.recCap / REC_SIZE) | 0,
      rt.outPtr, rt.outCap);
    const status = rt.statusWord;
    const inserted = rt.u32[status + (ST_INSERTED >>> 2)];
    if (inserted !== 0) {
      const seqs = this.cacheSeq;
      const first = rt.u32[status + (ST_SEQ_BEFORE >>> 2)];
      const mask = this.cacheMask;
      for (let k = 0; k < inserted && k <= mask; k++) seqs[(first + k) & mask] = -1;
    }
    this.inEnd = rt.inPtr + block.length;
    this.inText = null;
    this.outText = null;
    if (n < 0) throw rt.error(n, rt.status(ST_ERROR_OFFSET));
    return n;
  }

  /**
   * The octets [ptr, ptr + len) as a string. Raw literals point into the input window and
   * Huffman-decoded ones into the output window: each window gets one latin1 string per
   * block, sliced per field. Indexed fields may point into the dynamic table: decoded alone.
   * A slice keeps its block's string alive, so a string for the cache (`kept`) is decoded
   * alone when the block's string is much longer: the cache then holds O(table size).
   */
  private text(ptr: number, len: number, kept: boolean): string {
    const rt = this.rt;
    let whole: string;
    let at: number;
    if (ptr >= rt.inPtr && ptr < this.inEnd) {
      whole = this.inText ??= rt.latin1.decode(rt.inPtr, this.inEnd);
      at = ptr - rt.inPtr;
    } else if (ptr >= rt.outPtr && ptr < rt.outPtr + rt.outCap) {
      whole = this.outText ??= rt.latin1.decode(rt.outPtr, rt.outPtr + rt.status(ST_OUT_USED));
      at = ptr - rt.outPtr;
    } else {
      return rt.latin1.decode(ptr, ptr + len);
    }
    if (kept && whole.length > 4 * len + KEPT_SLACK) return rt.latin1.decode(ptr, ptr + len);
    return whole.slice(at, at + len);
  }

  /** Name and value made by the last materialize() call. */
  private name = '';
  private value = '';

  /** Strings of the record at word r that is not a whole static entry; caches dynamic ones. */
  private materialize(u32: Uint32Array, r: number, info: number): void {
    const nameId = info & 0xff;
    const seq = u32[r + 5];
    const slot = seq & this.cacheMask;
    const cached = this.cacheSeq[slot] === seq;
    if (cached && (info & REC_F_DYNAMIC) !== 0) {
      this.name = this.cacheName[slot];
      this.value = this.cacheValue[slot];
      return;
    }
    const kept = (info & (REC_F_DYNAMIC | REC_F_INSERTED)) !== 0;
    if (nameId !== 0) this.name = STATIC_NAMES[nameId];
    else if (cached && (info & REC_F_DYNAMIC_NAME) !== 0) this.name = this.cacheName[slot];
    else this.name = this.text(u32[r], u32[r + 1], kept);
    this.value = this.text(u32[r + 2], u32[r + 3], kept);
    if (kept) {
      this.cacheSeq[slot] = seq;
      this.cacheName[slot] = this.name;
      this.cacheValue[slot] = this.value;
    }
  }

  /** @internal Name and value of record i as strings, into the two-slot `out`. Any order. */
  field(i: number, out: string[]): void {
    const u32 = this.rt.u32;
    const r = (this.rt.recPtr >>> 2) + i * REC_WORDS;
    const info = u32[r + 4];
    const index = (info >>> 8) & 0xff;
    if (index !== 0) {
      out[0] = STATIC_NAMES[index];
      out[1] = STATIC_VALUES[index];
      return;
    }
    this.materialize(u32, r, info);
    out[0] = this.name;
    out[1] = this.value;
  }

  /** Decodes one complete header block (HEADERS + CONTINUATION payloads) into [name, value] pairs. */
  decode(block: Uint8Array): [string, string][] {
    const n = this.run(block);
    const list = new Array<[string, string]>(n);
    const u32 = this.rt.u32;
    const seqs = this.cacheSeq;
    const names = this.cacheName;
    const values = this.cacheValue;
    const mask = this.cacheMask;
    for (let i = 0, r = this.rt.recPtr >>> 2; i < n; i++, r += REC_WORDS) {
      const info = u32[r + 4];
      if ((info & 0xff00) !== 0) {
        const index = (info >>> 8) & 0xff;
        list[i] = [STATIC_NAMES[index], STATIC_VALUES[index]];
        continue;
      }
      const seq = u32[r + 5];
      const slot = seq & mask;
      const cached = seqs[slot] === seq;
      if (cached && (info & REC_F_DYNAMIC) !== 0) {
        list[i] = [names[slot], values[slot]];
        continue;
      }
      // A literal, or a table entry not yet cached: the same steps as materialize(), inline.
      const kept = (info & (REC_F_DYNAMIC | REC_F_INSERTED)) !== 0;
      const nameId = info & 0xff;
      const name = nameId !== 0 ? STATIC_NAMES[nameId]
        : cached && (info & REC_F_DYNAMIC_NAME) !== 0 ? names[slot] : this.text(u32[r], u32[r + 1], kept);
      const value = this.text(u32[r + 2], u32[r + 3], kept);
      if (kept) {
        seqs[slot] = seq;
        names[slot] = name;
        values[slot] = value;
      }
      list[i] = [name, value];
    }
    return list;
  }

  /** Like decode(), with a third element telling whether the field was never-indexed (RFC 7541 §6.2.3). */
  decodeWithFlags(block: Uint8Array): HpackDecodedField[] {
    const n = this.run(block);
    const list: HpackDecodedField[] = [];
    const pair = ['', ''];
    const u32 = this.rt.u32;
    const base = this.rt.recPtr >>> 2;
    for (let i = 0; i < n; i++) {
      this.field(i, pair);
      list.push([pair[0], pair[1], (u32[base + i * REC_WORDS + 4] & REC_F_NEVER_INDEXED) !== 0]);
    }
    return list;
  }

  /**
   * Decodes a block and returns a lazy view over its records: strings are made only when
   * read. The view is valid until the next call by any decoder or encoder sharing this
   * runtime (reading it later throws).
   */
  decodeView(block: Uint8Array): HeaderBlockView {
    const n = this.run(block);
    return new HeaderBlockView(this, n);
  }

  /**
   * Applies an acknowledged SETTINGS_HEADER_TABLE_SIZE. If it is below the table's current
   * maximum, the next block must start with a size update (RFC 7541 §4.2).
   */
  setMaxTableSize(size: number): void {
    checkSize('maxTableSize', size);
    const rt = this.rt;
    if (rt.exports.hpackDecoderSetMaxTableSize(this.held.ctx, size) === 0) return;
    const moved = rt.exports.hpackDecoderResize(this.held.ctx, size) >>> 0;
    rt.refresh();
    if (moved === 0) throw new RangeError('windhover/hpack: cannot allocate a larger decoder context');
    this.held.ctx = moved;
    rt.exports.hpackDecoderSetMaxTableSize(moved, size);
    this.resetCache();
  }

  /** Current dynamic table size (sum of entry sizes, RFC 7541 §4.1). */
  get tableSize(): number { return this.rt.exports.hpackTableSize(this.held.ctx); }
  /** Maximum size the encoder last set (RFC 7541 §4.2). */
  get maxTableSize(): number { return this.rt.exports.hpackTableMaxSize(this.held.ctx); }

  /** The dynamic table, newest entry first (index 62 first). For tests and debugging. */
  dynamicTable(): HpackTableEntry[] {
    const rt = this.rt;
    const ctx = this.held.ctx;
    const count = rt.exports.hpackTableCount(ctx);
    const entries: HpackTableEntry[] = [];
    rt.ensureIn(rt.exports.hpackTableCapacity(ctx));
    rt.generation++; // entries are copied through the input window
    for (let i = 1; i <= count; i++) {
      const nameLen = rt.exports.hpackTableEntry(ctx, i, rt.inPtr);
      const valueLen = rt.status(ST_VALUE_LEN);
      const name = rt.latin1.decode(rt.inPtr, rt.inPtr + nameLen);
      const value = rt.latin1.decode(rt.inPtr + nameLen, rt.inPtr + nameLen + valueLen);
      entries.push({ name, value, size: nameLen + valueLen + 32 });
    }
    return entries;
  }

  /** Frees the Wasm context now (otherwise it is freed when the decoder is collected). */
  dispose(): void {
    if (this.held.ctx === 0) return;
    contextRegistry.unregister(this.held);
    this.rt.exports.hpackContextFree(this.held.ctx);
    this.held.ctx = 0;
  }
}
