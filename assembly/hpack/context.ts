// Creating, resizing and freeing decoder and encoder contexts (cold path). A context's
// memory is bounded by its table capacity (dynamic-table.ts contextBytes); limits above
// MAX_LIMIT are refused. Decoders follow the acknowledged SETTINGS_HEADER_TABLE_SIZE
// (RFC 7541 §4.2); encoders start at the protocol's initial 4096 (RFC 9113 §6.5.2) or their
// capacity if smaller, owing a size update in that case. Owns: nothing beyond the blocks it
// takes from and returns to the heap.
import {
  CTX_CAPACITY, CTX_MAX_SIZE, CTX_LIMIT, CTX_FLAGS, CTX_MAX_LIST, CTX_MAX_FIELD, CTX_HUFFMAN,
  CTX_PENDING_MIN, CTX_COUNT, CTX_NEXT_SEQ, CTX_F_UPDATE_REQUIRED, CTX_F_UPDATE_PENDING,
  DECODER_ENTRY_SHIFT, ENCODER_ENTRY_SHIFT, ENTRY_OVERHEAD, MAX_LIMIT, E_OFFSET, E_NAME_LEN,
  E_VALUE_LEN, E_NAME_ID,
} from './layout';
import { heapAlloc, heapFree } from './alloc';
import { contextBytes, contextInit, entryBySeq, ringRead, tableInsert } from './dynamic-table';

// @ts-ignore: decorator
@inline const INITIAL_TABLE_SIZE: u32 = 4096;

/** Sets a decoder's limits: the field limit is at least one empty entry's size. */
export function decoderSetLimits(ctx: usize, maxList: u32, maxField: u32): void {
  store<u32>(ctx, min(maxList, MAX_LIMIT), CTX_MAX_LIST);
  store<u32>(ctx, max(ENTRY_OVERHEAD, min(maxField, MAX_LIMIT)), CTX_MAX_FIELD);
}

/** A decoder whose table may grow to `maxTableSize` (the setting in force); 0 if refused. */
export function decoderNew(maxTableSize: u32, maxList: u32, maxField: u32): usize {
  if (maxTableSize > MAX_LIMIT) return 0;
  const ctx = heapAlloc(contextBytes(maxTableSize, DECODER_ENTRY_SHIFT));
  if (ctx == 0) return 0;
  contextInit(ctx, maxTableSize, DECODER_ENTRY_SHIFT, maxTableSize, maxTableSize);
  decoderSetLimits(ctx, maxList, maxField);
  return ctx;
}

/**
 * Applies an acknowledged SETTINGS_HEADER_TABLE_SIZE. Returns 0, or -1 when it exceeds the
 * context's capacity (the caller then moves the table with decoderResize first).
 */
export function decoderSetMaxSize(ctx: usize, setting: u32): i32 {
  if (setting > load<u32>(ctx, CTX_CAPACITY)) return -1;
  store<u32>(ctx, setting, CTX_LIMIT);
  // §4.2: the encoder MUST signal the change in the next block; we insist when the old
  // maximum no longer fits, since the tables would otherwise disagree.
  if (setting < load<u32>(ctx, CTX_MAX_SIZE)) {
    store<u32>(ctx, load<u32>(ctx, CTX_FLAGS) | CTX_F_UPDATE_REQUIRED, CTX_FLAGS);
  }
  return 0;
}

/** Moves a decoder's state into a new context of `capacity` octets; returns it, or 0 if refused. */
export function decoderResize(ctx: usize, capacity: u32): usize {
  if (capacity > MAX_LIMIT || capacity < load<u32>(ctx, CTX_MAX_SIZE)) return 0;
  const next = heapAlloc(contextBytes(capacity, DECODER_ENTRY_SHIFT));
  if (next == 0) return 0;
  const scratch = heapAlloc(load<u32>(ctx, CTX_CAPACITY));
  if (scratch == 0) { heapFree(next); return 0; }
  contextInit(next, capacity, DECODER_ENTRY_SHIFT, load<u32>(ctx, CTX_MAX_SIZE), load<u32>(ctx, CTX_LIMIT));
  store<u32>(next, load<u32>(ctx, CTX_FLAGS), CTX_FLAGS);
  store<u32>(next, load<u32>(ctx, CTX_MAX_LIST), CTX_MAX_LIST);
  store<u32>(next, load<u32>(ctx, CTX_MAX_FIELD), CTX_MAX_FIELD);
  const count = load<u32>(ctx, CTX_COUNT);
  const first = load<u32>(ctx, CTX_NEXT_SEQ) - count;
  store<u32>(next, first, CTX_NEXT_SEQ); // keeps insertion numbers, so the bindings' caches stay valid
  for (let seq = first; seq != first + count; seq++) {
    const rec = entryBySeq(ctx, seq);
    const nameLen = load<u32>(rec, E_NAME_LEN);
    const valueLen = load<u32>(rec, E_VALUE_LEN);
    ringRead(ctx, load<u32>(rec, E_OFFSET), nameLen + valueLen, scratch);
    tableInsert(next, scratch, nameLen, scratch + nameLen, valueLen, load<u32>(rec, E_NAME_ID));
  }
  heapFree(scratch);
  heapFree(ctx);
  return next;
}

/** An encoder using at most `capacity` octets of table; huffman: 0 auto, 1 always, 2 never. */
export function encoderNew(capacity: u32, huffman: u32): usize {
  if (capacity > MAX_LIMIT) return 0;
  const ctx = heapAlloc(contextBytes(capacity, ENCODER_ENTRY_SHIFT));
  if (ctx == 0) return 0;
  const size = min(capacity, INITIAL_TABLE_SIZE);
  contextInit(ctx, capacity, ENCODER_ENTRY_SHIFT, size, INITIAL_TABLE_SIZE);
  store<u32>(ctx, huffman, CTX_HUFFMAN);
  if (size < INITIAL_TABLE_SIZE) {
    // The peer's decoder starts at 4096 (RFC 9113 §6.5.2): say we use less (§4.2).
    store<u32>(ctx, size, CTX_PENDING_MIN);
    store<u32>(ctx, CTX_F_UPDATE_PENDING, CTX_FLAGS);
  }
  return ctx;
}

export function contextFree(ctx: usize): void {
  heapFree(ctx);
}
