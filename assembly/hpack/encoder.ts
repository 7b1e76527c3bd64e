// Header list encoding (RFC 7541 §6): one call encodes a whole list given as field records
// (layout.ts FIELD_*) into one header block. Per field: a full static match becomes an
// indexed field; otherwise a full dynamic match (hash index, encoder-table.ts); otherwise a
// literal with the best name index (static first: it is never evicted) and the indexing the
// policy picks (encoder-policy.ts). Strings are Huffman-coded when that is shorter (or as the
// context's mode says). Size updates owed since the last block open it (§4.2).
// State: the context's dynamic table and its hash index.
import { HpackErrorCode } from './errors';
import { copyBytes } from './bytes';
import {
  CTX_COUNT, CTX_FLAGS, CTX_MAX_SIZE, CTX_PENDING_MIN, CTX_HUFFMAN, CTX_CAPACITY, CTX_LIMIT,
  CTX_F_UPDATE_PENDING, FIELD_SIZE, FIELD_INFO, FIELD_NAME_PTR, FIELD_NAME_LEN,
  FIELD_VALUE_PTR, FIELD_VALUE_LEN, ENTRY_OVERHEAD, STATUS, ST_ERROR_OFFSET,
} from './layout';
import { encodeInteger } from './integer';
import { huffmanEncode, huffmanEncodedLength } from './huffman';
import { STATIC_COUNT } from './static-table';
import { staticNamePtr, staticNameLen, staticFullMatch } from './static-lookup';
import { tableSetMaxSize } from './dynamic-table';
import { hashBytes, findFull, findName, encoderInsert } from './encoder-table';
import { Indexing, indexingFor } from './encoder-policy';

// @ts-ignore: decorator
@inline const HUFFMAN_AUTO: u32 = 0;
// @ts-ignore: decorator
@inline const HUFFMAN_ALWAYS: u32 = 1;

/** Writes a string literal (§5.2). */
function encodeString(ctx: usize, o: usize, src: usize, len: u32): usize {
  const mode = load<u32>(ctx, CTX_HUFFMAN);
  if (mode <= HUFFMAN_ALWAYS) {
    const coded = huffmanEncodedLength(src, len);
    if (coded < len || mode == HUFFMAN_ALWAYS) {
      o = encodeInteger(o, coded, 7, 0x80);
      return huffmanEncode(src, len, o);
    }
  }
  o = encodeInteger(o, len, 7, 0);
  copyBytes(o, src, len);
  return o + len;
}

/** Encodes one field record at o; returns the end. */
function encodeField(ctx: usize, info: u32, name: usize, nameLen: u32, value: usize,
  valueLen: u32, o: usize): usize {
  const nameId = info & 0xff;
  if (nameId != 0) {
    name = staticNamePtr(nameId);
    nameLen = staticNameLen(nameId);
  }
  const mode = indexingFor(info, nameId, value, valueLen, nameLen + valueLen + ENTRY_OVERHEAD,
    load<u32>(ctx, CTX_MAX_SIZE));
  const count = load<u32>(ctx, CTX_COUNT);
  let nameHash: u32 = 0;
  let fullHash: u32 = 0;
  if (mode != Indexing.NEVER && nameId != 0) {
    const s = staticFullMatch(nameId, value, valueLen);
    if (s != 0) return encodeInteger(o, s, 7, 0x80); // §6.1
  }
  if (mode == Indexing.INCREMENTAL || nameId == 0) nameHash = hashBytes(name, nameLen, 0);
  if (mode == Indexing.INCREMENTAL) {
    fullHash = hashBytes(value, valueLen, nameHash);
    if (count != 0) {
      const d = findFull(ctx, fullHash, name, nameLen, value, valueLen);
      if (d != 0) return encodeInteger(o, STATIC_COUNT + d, 7, 0x80);
    }
  }
  let nameIndex = nameId;
  if (nameIndex == 0 && count != 0) {
    const d = findName(ctx, nameHash, name, nameLen);
    if (d != 0) nameIndex = STATIC_COUNT + d;
  }
  if (mode == Indexing.INCREMENTAL) o = encodeInteger(o, nameIndex, 6, 0x40); // §6.2.1
  else o = encodeInteger(o, nameIndex, 4, mode == Indexing.NEVER ? 0x10 : 0); // §6.2.3, §6.2.2
  if (nameIndex == 0) o = encodeString(ctx, o, name, nameLen);
  o = encodeString(ctx, o, value, valueLen);
  if (mode == Indexing.INCREMENTAL) {
    encoderInsert(ctx, name, nameLen, value, valueLen, nameId, nameHash, fullHash);
  }
  return o;
}

/**
 * Encodes `count` field records at recPtr into [outPtr, outPtr + outCap). Returns the block
 * length or a negated error (OUTPUT_FULL, with nothing written and the table unchanged).
 */
export function encodeBlock(ctx: usize, count: u32, recPtr: usize, outPtr: usize, outCap: u32): i32 {
  // Worst case per field: two 6-octet integers, one prefix octet, Huffman at 30 bits per
  // octet; checked before anything is written, so a refusal leaves the table untouched.
  let worst: u64 = 12;
  for (let i: u32 = 0; i < count; i++) {
    const r = recPtr + <usize>i * FIELD_SIZE;
    worst += 13 + (<u64>load<u32>(r, FIELD_NAME_LEN) + load<u32>(r, FIELD_VALUE_LEN)) * 4;
  }
  if (worst > <u64>outCap) {
    store<u32>(STATUS, 0, ST_ERROR_OFFSET);
    return -HpackErrorCode.OUTPUT_FULL;
  }
  let o = outPtr;
  const flags = load<u32>(ctx, CTX_FLAGS);
  if (flags & CTX_F_UPDATE_PENDING) {
    // §4.2: signal the smallest size since the last block, then the final one.
    const final = load<u32>(ctx, CTX_MAX_SIZE);
    const least = load<u32>(ctx, CTX_PENDING_MIN);
    if (least < final) o = encodeInteger(o, least, 5, 0x20);
    o = encodeInteger(o, final, 5, 0x20);
    store<u32>(ctx, flags & ~CTX_F_UPDATE_PENDING, CTX_FLAGS);
  }
  for (let i: u32 = 0; i < count; i++) {
    const r = recPtr + <usize>i * FIELD_SIZE;
    o = encodeField(ctx, load<u32>(r, FIELD_INFO), load<u32>(r, FIELD_NAME_PTR),
      load<u32>(r, FIELD_NAME_LEN), load<u32>(r, FIELD_VALUE_PTR), load<u32>(r, FIELD_VALUE_LEN), o);
  }
  return <i32>(o - outPtr);
}

/** Uses min(setting, capacity) as the table size from now on; the change is signalled in the next block. */
export function encoderSetMaxSize(ctx: usize, setting: u32): void {
  const size = min(setting, load<u32>(ctx, CTX_CAPACITY));
  store<u32>(ctx, setting, CTX_LIMIT);
  const flags = load<u32>(ctx, CTX_FLAGS);
  const pending = (flags & CTX_F_UPDATE_PENDING) != 0;
  if (!pending && size == load<u32>(ctx, CTX_MAX_SIZE)) return;
  store<u32>(ctx, pending ? min(size, load<u32>(ctx, CTX_PENDING_MIN)) : size, CTX_PENDING_MIN);
  store<u32>(ctx, flags | CTX_F_UPDATE_PENDING, CTX_FLAGS);
  tableSetMaxSize(ctx, size);
}
