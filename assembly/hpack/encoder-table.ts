// The encoder's index over its dynamic table: two hash chains (by name, and by name + value)
// threaded through the entry records by insertion number. Buckets hold the newest seq with
// that hash; each entry links to the next older one. Eviction needs no unlinking: a walk
// stops at the first seq that is no longer live, because links only ever point to older
// entries. Owns: the context's bucket arrays and the hash fields of its entry records.
import {
  CTX_COUNT, CTX_NEXT_SEQ, CTX_BUCKETS, CTX_BUCKET_MASK, E_OFFSET, E_NAME_LEN, E_VALUE_LEN,
  E_NAME_HASH, E_FULL_HASH, E_NEXT_NAME, E_NEXT_FULL,
} from './layout';
import { entryBySeq, ringEquals, ringAdvance, tableInsert } from './dynamic-table';

/** A 32-bit hash of `len` octets at ptr (FNV-style multiply, four octets a step). */
export function hashBytes(ptr: usize, len: u32, seed: u32): u32 {
  let h = seed ^ (len * 0x9e3779b1);
  let i: u32 = 0;
  for (; i + 4 <= len; i += 4) {
    h = (h ^ load<u32>(ptr + i)) * 0x01000193;
    h ^= h >> 15;
  }
  for (; i < len; i++) h = (h ^ <u32>load<u8>(ptr + i)) * 0x01000193;
  return h ^ (h >> 16);
}

// @ts-ignore: decorator
@inline function bucketOf(ctx: usize, hash: u32, which: u32): usize {
  const mask = load<u32>(ctx, CTX_BUCKET_MASK);
  return load<usize>(ctx, CTX_BUCKETS) + ((<usize>(mask + 1) * which + (hash & mask)) << 2);
}

/** Dynamic index (1 = newest) of an entry equal to name: value, or 0. */
export function findFull(ctx: usize, hash: u32, name: usize, nameLen: u32, value: usize,
  valueLen: u32): u32 {
  const count = load<u32>(ctx, CTX_COUNT);
  const newest = load<u32>(ctx, CTX_NEXT_SEQ) - 1;
  let seq = load<u32>(bucketOf(ctx, hash, 1));
  for (let steps: u32 = 0; steps < count; steps++) {
    const age = newest - seq;
    if (age >= count) return 0;
    const rec = entryBySeq(ctx, seq);
    if (load<u32>(rec, E_FULL_HASH) == hash && load<u32>(rec, E_NAME_LEN) == nameLen &&
      load<u32>(rec, E_VALUE_LEN) == valueLen) {
      const at = load<u32>(rec, E_OFFSET);
      if (ringEquals(ctx, at, name, nameLen) &&
        ringEquals(ctx, ringAdvance(ctx, at, nameLen), value, valueLen)) return age + 1;
    }
    seq = load<u32>(rec, E_NEXT_FULL);
  }
  return 0;
}

/** Dynamic index (1 = newest) of an entry whose name is the given octets, or 0. */
export function findName(ctx: usize, hash: u32, name: usize, nameLen: u32): u32 {
  const count = load<u32>(ctx, CTX_COUNT);
  const newest = load<u32>(ctx, CTX_NEXT_SEQ) - 1;
  let seq = load<u32>(bucketOf(ctx, hash, 0));
  for (let steps: u32 = 0; steps < count; steps++) {
    const age = newest - seq;
    if (age >= count) return 0;
    const rec = entryBySeq(ctx, seq);
    if (load<u32>(rec, E_NAME_HASH) == hash && load<u32>(rec, E_NAME_LEN) == nameLen &&
      ringEquals(ctx, load<u32>(rec, E_OFFSET), name, nameLen)) return age + 1;
    seq = load<u32>(rec, E_NEXT_NAME);
  }
  return 0;
}

/** Inserts name: value (§4.4) and links it into both chains. */
export function encoderInsert(ctx: usize, name: usize, nameLen: u32, value: usize, valueLen: u32,
  nameId: u32, nameHash: u32, fullHash: u32): void {
  const rec = tableInsert(ctx, name, nameLen, value, valueLen, nameId);
  if (rec == 0) return;
  const seq = load<u32>(ctx, CTX_NEXT_SEQ) - 1;
  const byName = bucketOf(ctx, nameHash, 0);
  const byFull = bucketOf(ctx, fullHash, 1);
  store<u32>(rec, nameHash, E_NAME_HASH);
  store<u32>(rec, fullHash, E_FULL_HASH);
  store<u32>(rec, load<u32>(byName), E_NEXT_NAME);
  store<u32>(rec, load<u32>(byFull), E_NEXT_FULL);
  store<u32>(byName, seq);
  store<u32>(byFull, seq);
}
