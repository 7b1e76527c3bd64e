// The dynamic table (RFC 7541 §2.3.2, §4): a FIFO of entries whose bytes live in a ring of
// exactly `capacity` octets, indexed by insertion number (seq). Entry i (1 = newest) is
// seq = nextSeq - i; its record sits at slot seq & mask of a power-of-two entry array, big
// enough for capacity / 32 entries (every entry costs at least 32, §4.1). Eviction only drops
// the oldest record: the ring space it held is reused by later insertions because live bytes
// never exceed the maximum size, which never exceeds the capacity. Owns: one context block
// (header, ring, entry records and, for an encoder, hash buckets) from the heap.
import { copyBytes, bytesEqual } from './bytes';
import {
  CTX_MAX_SIZE, CTX_LIMIT, CTX_SIZE, CTX_COUNT, CTX_NEXT_SEQ, CTX_HEAD, CTX_CAPACITY,
  CTX_ENTRY_MASK, CTX_RING, CTX_ENTRIES, CTX_BUCKETS, CTX_BUCKET_MASK, CTX_ENTRY_SHIFT,
  CTX_HEADER_SIZE, E_OFFSET, E_NAME_LEN, E_VALUE_LEN, E_NAME_ID, ENTRY_OVERHEAD,
  ENCODER_ENTRY_SHIFT,
} from './layout';

/** Entry records a table of `capacity` octets can need: a power of two >= capacity / 32. */
export function entryCapacity(capacity: u32): u32 {
  const n = capacity >> 5;
  return n <= 1 ? 1 : <u32>1 << (32 - clz(n - 1));
}

/** Bytes of a context for a table of `capacity` octets with 2^shift-byte entry records. */
export function contextBytes(capacity: u32, shift: u32): usize {
  const entries = <usize>entryCapacity(capacity);
  let bytes = <usize>CTX_HEADER_SIZE + ((<usize>capacity + 15) & ~15) + (entries << shift);
  if (shift == ENCODER_ENTRY_SHIFT) bytes += entries << 4; // two bucket arrays of 2 x entries
  return bytes;
}

/** Lays out a zeroed context block; the table starts empty with maximum size `maxSize`. */
export function contextInit(ctx: usize, capacity: u32, shift: u32, maxSize: u32, limit: u32): void {
  const entries = entryCapacity(capacity);
  const ring = ctx + CTX_HEADER_SIZE;
  const records = ring + ((<usize>capacity + 15) & ~15);
  store<u32>(ctx, capacity, CTX_CAPACITY);
  store<u32>(ctx, maxSize, CTX_MAX_SIZE);
  store<u32>(ctx, limit, CTX_LIMIT);
  store<u32>(ctx, entries - 1, CTX_ENTRY_MASK);
  store<u32>(ctx, shift, CTX_ENTRY_SHIFT);
  store<usize>(ctx, ring, CTX_RING);
  store<usize>(ctx, records, CTX_ENTRIES);
  store<usize>(ctx, records + (<usize>entries << shift), CTX_BUCKETS);
  store<u32>(ctx, entries * 2 - 1, CTX_BUCKET_MASK);
}

/** Record of the entry with insertion number `seq` (the caller knows it is live). */
// @ts-ignore: decorator
@inline export function entryBySeq(ctx: usize, seq: u32): usize {
  return load<usize>(ctx, CTX_ENTRIES) +
    (<usize>(seq & load<u32>(ctx, CTX_ENTRY_MASK)) << load<u32>(ctx, CTX_ENTRY_SHIFT));
}

/** Ring offset `n` octets after `at`. */
// @ts-ignore: decorator
@inline export function ringAdvance(ctx: usize, at: u32, n: u32): u32 {
  const next = at + n;
  const cap = load<u32>(ctx, CTX_CAPACITY);
  return next >= cap ? next - cap : next;
}

/** Copies `len` ring octets from `at` to dst; returns the ring offset after them. */
export function ringRead(ctx: usize, at: u32, len: u32, dst: usize): u32 {
  const ring = load<usize>(ctx, CTX_RING);
  const cap = load<u32>(ctx, CTX_CAPACITY);
  const first = min(len, cap - at);
  copyBytes(dst, ring + at, first);
  if (len > first) {
    copyBytes(dst + first, ring, len - first);
    return len - first;
  }
  return at + len == cap ? 0 : at + len;
}

/** Copies `len` octets from src into the ring at `at`; returns the ring offset after them. */
function ringWrite(ctx: usize, at: u32, src: usize, len: u32): u32 {
  const ring = load<usize>(ctx, CTX_RING);
  const cap = load<u32>(ctx, CTX_CAPACITY);
  const first = min(len, cap - at);
  copyBytes(ring + at, src, first);
  if (len > first) {
    copyBytes(ring, src + first, len - first);
    return len - first;
  }
  return at + len == cap ? 0 : at + len;
}

/** Whether the `len` ring octets at `at` equal the octets at src. */
export function ringEquals(ctx: usize, at: u32, src: usize, len: u32): bool {
  const ring = load<usize>(ctx, CTX_RING);
  const first = min(len, load<u32>(ctx, CTX_CAPACITY) - at);
  return bytesEqual(ring + at, src, first) && bytesEqual(ring, src + first, len - first);
}

/** Drops the oldest entry (§4.4). */
function evictOldest(ctx: usize): void {
  const count = load<u32>(ctx, CTX_COUNT);
  const rec = entryBySeq(ctx, load<u32>(ctx, CTX_NEXT_SEQ) - count);
  const size = load<u32>(rec, E_NAME_LEN) + load<u32>(rec, E_VALUE_LEN) + ENTRY_OVERHEAD;
  store<u32>(ctx, load<u32>(ctx, CTX_SIZE) - size, CTX_SIZE);
  store<u32>(ctx, count - 1, CTX_COUNT);
}

/** Sets the maximum size and evicts until the table fits (§4.3). */
export function tableSetMaxSize(ctx: usize, maxSize: u32): void {
  store<u32>(ctx, maxSize, CTX_MAX_SIZE);
  while (load<u32>(ctx, CTX_SIZE) > maxSize) evictOldest(ctx);
}

/**
 * Adds an entry, evicting old ones first (§4.4). An entry larger than the maximum size
 * empties the table and is not added: returns 0 then, else the new entry's record.
 */
export function tableInsert(ctx: usize, name: usize, nameLen: u32, value: usize, valueLen: u32,
  nameId: u32): usize {
  const size = nameLen + valueLen + ENTRY_OVERHEAD;
  const maxSize = load<u32>(ctx, CTX_MAX_SIZE);
  if (size > maxSize) {
    store<u32>(ctx, 0, CTX_COUNT);
    store<u32>(ctx, 0, CTX_SIZE);
    return 0;
  }
  while (load<u32>(ctx, CTX_SIZE) + size > maxSize) evictOldest(ctx);
  const seq = load<u32>(ctx, CTX_NEXT_SEQ);
  const rec = entryBySeq(ctx, seq);
  let head = load<u32>(ctx, CTX_HEAD);
  store<u32>(rec, head, E_OFFSET);
  store<u32>(rec, nameLen, E_NAME_LEN);
  store<u32>(rec, valueLen, E_VALUE_LEN);
  store<u32>(rec, nameId, E_NAME_ID);
  head = ringWrite(ctx, head, name, nameLen);
  head = ringWrite(ctx, head, value, valueLen);
  store<u32>(ctx, head, CTX_HEAD);
  store<u32>(ctx, seq + 1, CTX_NEXT_SEQ);
  store<u32>(ctx, load<u32>(ctx, CTX_COUNT) + 1, CTX_COUNT);
  store<u32>(ctx, load<u32>(ctx, CTX_SIZE) + size, CTX_SIZE);
  return rec;
}

/** Current limit (decoder: acknowledged setting; encoder: usable size). */
// @ts-ignore: decorator
@inline export function tableLimit(ctx: usize): u32 {
  return load<u32>(ctx, CTX_LIMIT);
}
