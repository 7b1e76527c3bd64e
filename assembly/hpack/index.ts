// windhover/hpack Wasm module (RFC 7541): the flat hpack* ABI the bindings call. One call
// decodes a header block or encodes a header list; contexts (one per connection direction)
// live in the heap (alloc.ts) and are addressed by pointer. Exports that can allocate
// (hpackAlloc, hpack*New, hpackDecoderResize) may grow memory: the bindings refresh their
// views after them. hpackLayout() publishes layout.ts so the bindings can check they agree.
import {
  REC_SIZE, REC_NAME_PTR, REC_NAME_LEN, REC_VALUE_PTR, REC_VALUE_LEN, REC_INFO, REC_SEQ,
  REC_F_NEVER_INDEXED, REC_F_DYNAMIC, REC_F_DYNAMIC_NAME, REC_F_INSERTED, REC_F_IN_TABLE, FIELD_SIZE,
  FIELD_INFO, FIELD_NAME_PTR, FIELD_NAME_LEN, FIELD_VALUE_PTR, FIELD_VALUE_LEN,
  FIELD_F_SENSITIVE, ST_ERROR_OFFSET, ST_OUT_USED, ST_SEQ_BEFORE, ST_INSERTED, ST_LIST_SIZE,
  ST_VALUE_LEN, MAX_LIMIT, STATUS, IN_WINDOW, IN_WINDOW_SIZE, REC_WINDOW, REC_WINDOW_SIZE,
  OUT_WINDOW, OUT_WINDOW_SIZE, CTX_COUNT, CTX_SIZE, CTX_MAX_SIZE, CTX_LIMIT, CTX_NEXT_SEQ,
  CTX_CAPACITY, CTX_ENTRY_MASK, E_OFFSET, E_NAME_LEN, E_VALUE_LEN,
} from './layout';
import { heapAlloc, heapFree, heapUsed } from './alloc';
import { decodeBlock } from './decoder';
import { encodeBlock, encoderSetMaxSize } from './encoder';
import {
  decoderNew, decoderSetLimits, decoderSetMaxSize, decoderResize, encoderNew, contextFree,
} from './context';
import { entryBySeq, ringRead } from './dynamic-table';
import { decodeInteger, encodeInteger, integerNext } from './integer';
import { huffmanDecode, huffmanEncode, huffmanEncodedLength, HUFFMAN_LIMIT } from './huffman';
import { HpackErrorCode } from './errors';

// @ts-ignore: decorator
@inline const LAYOUT_VERSION: u32 = 2;

const LAYOUT = memory.data<u32>([
  LAYOUT_VERSION, REC_SIZE, REC_NAME_PTR, REC_NAME_LEN, REC_VALUE_PTR, REC_VALUE_LEN, REC_INFO,
  REC_SEQ, REC_F_NEVER_INDEXED, REC_F_DYNAMIC, REC_F_DYNAMIC_NAME, REC_F_INSERTED, REC_F_IN_TABLE, FIELD_SIZE,
  FIELD_INFO, FIELD_NAME_PTR, FIELD_NAME_LEN, FIELD_VALUE_PTR, FIELD_VALUE_LEN,
  FIELD_F_SENSITIVE, ST_ERROR_OFFSET, ST_OUT_USED, ST_SEQ_BEFORE, ST_INSERTED, ST_LIST_SIZE,
  ST_VALUE_LEN, MAX_LIMIT,
]);

/** Address of the published layout constants (see bindings/hpack/layout.ts for the order). */
export function hpackLayout(): usize { return LAYOUT; }
/** Address of the status record (layout.ts ST_*). */
export function hpackStatus(): usize { return STATUS; }

const WINDOWS = memory.data(24, 16);
/** Address of [inPtr, inSize, recPtr, recSize, outPtr, outSize]: the default I/O windows. */
export function hpackWindows(): usize {
  store<u32>(WINDOWS, <u32>IN_WINDOW, 0);
  store<u32>(WINDOWS, IN_WINDOW_SIZE, 4);
  store<u32>(WINDOWS, <u32>REC_WINDOW, 8);
  store<u32>(WINDOWS, REC_WINDOW_SIZE, 12);
  store<u32>(WINDOWS, <u32>OUT_WINDOW, 16);
  store<u32>(WINDOWS, OUT_WINDOW_SIZE, 20);
  return WINDOWS;
}

// --- Heap (safe points: memory may grow) -------------------------------------------------
export function hpackAlloc(size: u32): usize { return heapAlloc(size); }
export function hpackFree(ptr: usize): void { heapFree(ptr); }
export function hpackHeapUsed(): usize { return heapUsed(); }

// --- Decoder ---------------------------------------------------------------------------
export function hpackDecoderNew(maxTableSize: u32, maxListSize: u32, maxFieldSize: u32): usize {
  return decoderNew(maxTableSize, maxListSize, maxFieldSize);
}
export function hpackDecoderSetLimits(ctx: usize, maxListSize: u32, maxFieldSize: u32): void {
  decoderSetLimits(ctx, maxListSize, maxFieldSize);
}
export function hpackDecoderSetMaxTableSize(ctx: usize, setting: u32): i32 {
  return decoderSetMaxSize(ctx, setting);
}
export function hpackDecoderResize(ctx: usize, capacity: u32): usize {
  return decoderResize(ctx, capacity);
}
export function hpackDecode(ctx: usize, inPtr: usize, inLen: u32, recPtr: usize, recCap: u32,
  outPtr: usize, outCap: u32): i32 {
  return decodeBlock(ctx, inPtr, inLen, recPtr, recCap, outPtr, outCap);
}

// --- Encoder ---------------------------------------------------------------------------
export function hpackEncoderNew(maxTableSize: u32, huffman: u32): usize {
  return encoderNew(maxTableSize, huffman);
}
export function hpackEncoderSetMaxTableSize(ctx: usize, setting: u32): void {
  encoderSetMaxSize(ctx, setting);
}
export function hpackEncode(ctx: usize, count: u32, recPtr: usize, outPtr: usize, outCap: u32): i32 {
  return encodeBlock(ctx, count, recPtr, outPtr, outCap);
}
export function hpackContextFree(ctx: usize): void { contextFree(ctx); }

// --- Inspection (tests, debugging) -------------------------------------------------------
export function hpackTableCount(ctx: usize): u32 { return load<u32>(ctx, CTX_COUNT); }
export function hpackTableSize(ctx: usize): u32 { return load<u32>(ctx, CTX_SIZE); }
export function hpackTableMaxSize(ctx: usize): u32 { return load<u32>(ctx, CTX_MAX_SIZE); }
export function hpackTableLimit(ctx: usize): u32 { return load<u32>(ctx, CTX_LIMIT); }
export function hpackTableCapacity(ctx: usize): u32 { return load<u32>(ctx, CTX_CAPACITY); }
export function hpackTableEntryCapacity(ctx: usize): u32 { return load<u32>(ctx, CTX_ENTRY_MASK) + 1; }
export function hpackTableNextSeq(ctx: usize): u32 { return load<u32>(ctx, CTX_NEXT_SEQ); }

/** Copies dynamic entry `index` (1 = newest) as name then value to dst; returns the name length (value length in ST_VALUE_LEN). */
export function hpackTableEntry(ctx: usize, index: u32, dst: usize): i32 {
  if (index == 0 || index > load<u32>(ctx, CTX_COUNT)) return -HpackErrorCode.INDEX_OUT_OF_RANGE;
  const rec = entryBySeq(ctx, load<u32>(ctx, CTX_NEXT_SEQ) - index);
  const nameLen = load<u32>(rec, E_NAME_LEN);
  const valueLen = load<u32>(rec, E_VALUE_LEN);
  ringRead(ctx, load<u32>(rec, E_OFFSET), nameLen + valueLen, dst);
  store<u32>(STATUS, valueLen, ST_VALUE_LEN);
  return <i32>nameLen;
}

// --- Primitives (unit tests of §5.1 and §5.2) ---------------------------------------------
/** Decodes an integer at ptr (len octets available); returns it or a negated error; the octets used go to ST_OUT_USED. */
export function hpackIntegerDecode(ptr: usize, len: u32, prefixBits: u32): i32 {
  if (len == 0) return -HpackErrorCode.INTEGER_TRUNCATED;
  const v = decodeInteger(ptr, ptr + len, prefixBits);
  if (v >= 0) store<u32>(STATUS, <u32>(integerNext - ptr), ST_OUT_USED);
  return v;
}
export function hpackIntegerEncode(dst: usize, value: u32, prefixBits: u32, first: u32): i32 {
  return <i32>(encodeInteger(dst, value, prefixBits, first) - dst);
}
/** Decodes len Huffman octets at src into dst (at most cap octets); returns the length or a negated error (OUTPUT_FULL when cap is too small). */
export function hpackHuffmanDecode(src: usize, len: u32, dst: usize, cap: u32): i32 {
  const r = huffmanDecode(src, len, dst, dst + cap);
  if (r == HUFFMAN_LIMIT) return -HpackErrorCode.OUTPUT_FULL;
  return r < 0 ? <i32>r : <i32>(<usize>r - dst);
}
export function hpackHuffmanEncode(src: usize, len: u32, dst: usize): i32 {
  return <i32>(huffmanEncode(src, len, dst) - dst);
}
export function hpackHuffmanEncodedLength(src: usize, len: u32): i32 {
  return <i32>huffmanEncodedLength(src, len);
}
