// Header block decoding (RFC 7541 §3, §6): one call decodes a whole block into records
// (layout.ts REC_*) and an output window holding the bytes of names and values that are not
// static. Enforces: index 0 and out-of-range indices (§6.1, §2.3.3); size updates only before
// the first field, never above the acknowledged setting, and required after the setting
// fell below the table's size (§4.2, §6.3); the field and header-list limits. A list over
// its limit is still decoded to the end (without output) so the table stays in step with the
// peer (RFC 9113 §6.5.2), then reported. State: the context's dynamic table; the field being
// decoded is passed between helpers in module globals (Wasm has no tuples).
import { HpackErrorCode } from './errors';
import { copyBytes } from './bytes';
import {
  CTX_COUNT, CTX_NEXT_SEQ, CTX_FLAGS, CTX_CAPACITY, CTX_RING, CTX_HEAD, CTX_MAX_SIZE,
  CTX_MAX_LIST, CTX_MAX_FIELD, CTX_F_UPDATE_REQUIRED,
  E_OFFSET, E_NAME_LEN, E_VALUE_LEN, E_NAME_ID, ENTRY_OVERHEAD, REC_SIZE, REC_NAME_PTR,
  REC_NAME_LEN, REC_VALUE_PTR, REC_VALUE_LEN, REC_INFO, REC_SEQ, REC_F_NEVER_INDEXED,
  REC_F_DYNAMIC, REC_F_DYNAMIC_NAME, REC_F_INSERTED, REC_F_IN_TABLE, STATUS, ST_ERROR_OFFSET, ST_OUT_USED,
  ST_SEQ_BEFORE, ST_INSERTED, ST_LIST_SIZE,
} from './layout';
import { decodeInteger, integerNext } from './integer';
import { huffmanDecode, HUFFMAN_LIMIT } from './huffman';
import { STATIC_COUNT, STATIC_NAME_FIRST } from './static-table';
import {
  staticNamePtr, staticNameLen, staticValuePtr, staticValueLen, staticNameId,
} from './static-lookup';
import { entryBySeq, ringRead, tableInsert, tableSetMaxSize, tableLimit } from './dynamic-table';

// The field being decoded.
let fNamePtr: usize = 0;
let fNameLen: u32 = 0;
let fValuePtr: usize = 0;
let fValueLen: u32 = 0;
let fInfo: u32 = 0;
let fSeq: u32 = 0;
/** Input position after the field. */
let fNext: usize = 0;
/** Records of this block whose octets are still in the dynamic table (REC_F_IN_TABLE). */
let tableRefs: u32 = 0;

/** Where readString left the string: in the input (raw) or the output window (Huffman). */
let sPtr: usize = 0;
let sLen: u32 = 0;

/**
 * Reads a string literal (§5.2) at p: a raw one stays where it is in the input, a Huffman
 * one is decoded to o, within the field's budget and the output window. Sets sPtr, sLen and
 * fNext; returns the output end or an error.
 */
function readString(p: usize, end: usize, o: usize, budgetEnd: usize, outEnd: usize): isize {
  if (p >= end) return -HpackErrorCode.STRING_TRUNCATED;
  const n = decodeInteger(p, end, 7);
  if (n < 0) return n;
  const q = integerNext;
  if (<usize>n > end - q) return -HpackErrorCode.STRING_TRUNCATED;
  fNext = q + <usize>n;
  if ((load<u8>(p) & 0x80) == 0) {
    if (<usize>n > budgetEnd - o) return -HpackErrorCode.FIELD_TOO_LARGE;
    sPtr = q;
    sLen = n;
    return <isize>o;
  }
  const limit = min(budgetEnd, outEnd);
  const r = huffmanDecode(q, n, o, limit);
  if (r == HUFFMAN_LIMIT) {
    return budgetEnd <= outEnd ? -HpackErrorCode.FIELD_TOO_LARGE : -HpackErrorCode.OUTPUT_FULL;
  }
  sPtr = o;
  sLen = <u32>(<usize>r - o);
  return r;
}

/**
 * Sets the field from a dynamic entry: its name only (`withValue` false), copied to o; or
 * name and value, pointing into the table when they are contiguous there (REC_F_IN_TABLE:
 * decodeBlock copies them out before anything is inserted) and else copied to o.
 * Returns the output end or an error.
 */
function fromEntry(ctx: usize, seq: u32, o: usize, outEnd: usize, budget: u32, withValue: bool): isize {
  const rec = entryBySeq(ctx, seq);
  const nameLen = load<u32>(rec, E_NAME_LEN);
  const valueLen = withValue ? load<u32>(rec, E_VALUE_LEN) : 0;
  if (nameLen + valueLen > budget) return -HpackErrorCode.FIELD_TOO_LARGE;
  const offset = load<u32>(rec, E_OFFSET);
  fNameLen = nameLen;
  fValueLen = valueLen;
  fSeq = seq;
  fInfo = load<u32>(rec, E_NAME_ID);
  if (withValue && offset + nameLen + valueLen <= load<u32>(ctx, CTX_CAPACITY)) {
    fNamePtr = load<usize>(ctx, CTX_RING) + offset;
    fValuePtr = fNamePtr + nameLen;
    fInfo |= REC_F_IN_TABLE;
    return <isize>o;
  }
  if (<usize>(nameLen + valueLen) > outEnd - o) return -HpackErrorCode.OUTPUT_FULL;
  const at = ringRead(ctx, offset, nameLen, o);
  if (withValue) ringRead(ctx, at, valueLen, o + nameLen);
  fNamePtr = o;
  fValuePtr = o + nameLen;
  return <isize>(o + nameLen + valueLen);
}

/**
 * Before an insertion writes `n` octets at the ring head, copies to o the records among the
 * first `count` whose octets are still in the table (REC_F_IN_TABLE) and would be
 * overwritten (§4.4: an indexed field must keep the value it had). Sets tableRefs to those
 * left in the table; returns the output end or an error.
 */
function copyOutOverwritten(ctx: usize, recPtr: usize, count: u32, n: u32, o: usize, outEnd: usize): isize {
  const ring = load<usize>(ctx, CTX_RING);
  const cap = load<u32>(ctx, CTX_CAPACITY);
  const head = load<u32>(ctx, CTX_HEAD);
  const aEnd = min(head + n, cap); // written: [head, aEnd) and [0, bEnd)
  const bEnd = head + n > cap ? head + n - cap : 0;
  let left: u32 = 0;
  for (let i: u32 = 0; i < count; i++) {
    const rec = recPtr + <usize>i * REC_SIZE;
    const info = load<u32>(rec, REC_INFO);
    if ((info & REC_F_IN_TABLE) == 0) continue;
    const from = load<u32>(rec, REC_NAME_PTR) - <u32>ring;
    const len = load<u32>(rec, REC_NAME_LEN) + load<u32>(rec, REC_VALUE_LEN);
    if (!((from < aEnd && head < from + len) || from < bEnd)) { left++; continue; }
    if (<usize>len > outEnd - o) return -HpackErrorCode.OUTPUT_FULL;
    copyBytes(o, load<u32>(rec, REC_NAME_PTR), len);
    store<u32>(rec, <u32>o, REC_NAME_PTR);
    store<u32>(rec, <u32>o + load<u32>(rec, REC_NAME_LEN), REC_VALUE_PTR);
    store<u32>(rec, info & ~REC_F_IN_TABLE, REC_INFO);
    o += len;
  }
  tableRefs = left;
  return <isize>o;
}

/** Indexed field (§6.1). */
function decodeIndexed(ctx: usize, index: u32, o: usize, outEnd: usize, budget: u32): isize {
  if (index == 0) return -HpackErrorCode.INDEX_ZERO;
  if (index <= STATIC_COUNT) {
    fNamePtr = staticNamePtr(index);
    fNameLen = staticNameLen(index);
    fValuePtr = staticValuePtr(index);
    fValueLen = staticValueLen(index);
    if (fNameLen + fValueLen > budget) return -HpackErrorCode.FIELD_TOO_LARGE;
    fInfo = <u32>load<u8>(STATIC_NAME_FIRST + index) | (index << 8);
    fSeq = 0;
    return <isize>o;
  }
  const i = index - STATIC_COUNT;
  if (i > load<u32>(ctx, CTX_COUNT)) return -HpackErrorCode.INDEX_OUT_OF_RANGE;
  const r = fromEntry(ctx, load<u32>(ctx, CTX_NEXT_SEQ) - i, o, outEnd, budget, true);
  fInfo |= REC_F_DYNAMIC;
  return r;
}

/** Literal field (§6.2), its first octet at p with a `prefixBits` name index. Sets fNext. */
function decodeLiteral(ctx: usize, p: usize, end: usize, prefixBits: u32, o: usize, outEnd: usize,
  budget: u32): isize {
  const index = decodeInteger(p, end, prefixBits);
  if (index < 0) return index;
  let q = integerNext;
  fSeq = 0;
  if (index == 0) {
    const r = readString(q, end, o, o + budget, outEnd);
    if (r < 0) return r;
    fNamePtr = sPtr;
    fNameLen = sLen;
    fInfo = staticNameId(sPtr, sLen);
    o = <usize>r;
    q = fNext;
  } else if (<u32>index <= STATIC_COUNT) {
    fNamePtr = staticNamePtr(index);
    fNameLen = staticNameLen(index);
    if (fNameLen > budget) return -HpackErrorCode.FIELD_TOO_LARGE;
    fInfo = <u32>load<u8>(STATIC_NAME_FIRST + index);
  } else {
    const i = <u32>index - STATIC_COUNT;
    if (i > load<u32>(ctx, CTX_COUNT)) return -HpackErrorCode.INDEX_OUT_OF_RANGE;
    const r = fromEntry(ctx, load<u32>(ctx, CTX_NEXT_SEQ) - i, o, outEnd, budget, false);
    if (r < 0) return r;
    o = <usize>r;
    fInfo |= REC_F_DYNAMIC_NAME;
  }
  const nameLen = fNameLen;
  const r = readString(q, end, o, o + (budget - nameLen), outEnd);
  if (r < 0) return r;
  fValuePtr = sPtr;
  fValueLen = sLen;
  return r;
}

// @ts-ignore: decorator
@inline function writeRecord(rec: usize, name: usize, nameLen: u32, value: usize, valueLen: u32,
  info: u32, seq: u32): void {
  store<u32>(rec, <u32>name, REC_NAME_PTR);
  store<u32>(rec, nameLen, REC_NAME_LEN);
  store<u32>(rec, <u32>value, REC_VALUE_PTR);
  store<u32>(rec, valueLen, REC_VALUE_LEN);
  store<u32>(rec, info, REC_INFO);
  store<u32>(rec, seq, REC_SEQ);
}

/** Records the outcome of a decode in STATUS and returns `result`. */
function finish(result: i32, offset: u32, outUsed: usize, inserted: u32, listSize: u64): i32 {
  store<u32>(STATUS, offset, ST_ERROR_OFFSET);
  store<u32>(STATUS, <u32>outUsed, ST_OUT_USED);
  store<u32>(STATUS, inserted, ST_INSERTED);
  store<u32>(STATUS, listSize > 0xffffffff ? 0xffffffff : <u32>listSize, ST_LIST_SIZE);
  return result;
}

/** Dynamic table size update (§6.3) at p; returns 0 or an error. */
function sizeUpdate(ctx: usize, p: usize, end: usize): i32 {
  const size = decodeInteger(p, end, 5);
  if (size < 0) return size;
  // §6.3: a new maximum size above the limit the decoder set MUST be a decoding error.
  if (<u32>size > tableLimit(ctx)) return -HpackErrorCode.SIZE_UPDATE_TOO_LARGE;
  tableSetMaxSize(ctx, size);
  store<u32>(ctx, load<u32>(ctx, CTX_FLAGS) & ~CTX_F_UPDATE_REQUIRED, CTX_FLAGS);
  fNext = integerNext;
  return 0;
}

/**
 * Decodes the block of `inLen` octets at inPtr. Longer than the other functions on purpose:
 * the one-octet indexed fields (most of a typical block) are handled inline with the block's
 * state in locals, measured at about half the cost per field of the general path. Writes up to recCap records at recPtr and
 * field bytes to [outPtr, outPtr + outCap). Returns the field count or a negated error.
 */
export function decodeBlock(ctx: usize, inPtr: usize, inLen: u32, recPtr: usize, recCap: u32,
  outPtr: usize, outCap: u32): i32 {
  const end = inPtr + inLen;
  const outEnd = outPtr + outCap;
  const maxList = <u64>load<u32>(ctx, CTX_MAX_LIST);
  const budget = load<u32>(ctx, CTX_MAX_FIELD) - ENTRY_OVERHEAD;
  const seqBefore = load<u32>(ctx, CTX_NEXT_SEQ);
  store<u32>(STATUS, seqBefore, ST_SEQ_BEFORE);
  let p = inPtr;
  let o = outPtr;
  let count: u32 = 0;
  let inserted: u32 = 0;
  let listSize: u64 = 0;
  let fields = false;
  let overflowAt: u32 = 0xffffffff;
  tableRefs = 0;
  while (p < end) {
    const b = <u32>load<u8>(p);
    let r: isize;
    if ((b & 0xe0) == 0x20) {
      // §4.2: a size update MUST come before the first field of a block.
      r = fields ? -HpackErrorCode.SIZE_UPDATE_NOT_AT_START : sizeUpdate(ctx, p, end);
      if (r < 0) return finish(<i32>r, <u32>(p - inPtr), o - outPtr, inserted, listSize);
      p = fNext;
      continue;
    }
    if (!fields) {
      // §4.2: after the setting fell below the table's size, the first block MUST open with an update.
      if (load<u32>(ctx, CTX_FLAGS) & CTX_F_UPDATE_REQUIRED) {
        return finish(-HpackErrorCode.SIZE_UPDATE_MISSING, <u32>(p - inPtr), 0, inserted, listSize);
      }
      fields = true;
    }
    if (b - 0x81 < STATIC_COUNT && overflowAt == 0xffffffff && count < recCap) {
      // Fast path: a one-octet indexed static field (§6.1), the most common representation.
      const index = b & 0x7f;
      const nameLen = staticNameLen(index);
      const valueLen = staticValueLen(index);
      if (nameLen + valueLen <= budget) {
        listSize += <u64>(nameLen + valueLen + ENTRY_OVERHEAD);
        if (listSize > maxList) {
          overflowAt = <u32>(p - inPtr);
        } else {
          writeRecord(recPtr + <usize>count * REC_SIZE, staticNamePtr(index), nameLen,
            staticValuePtr(index), valueLen, <u32>load<u8>(STATIC_NAME_FIRST + index) | (index << 8), 0);
          count++;
        }
        p++;
        continue;
      }
    }
    if (b - 0x81 - STATIC_COUNT < 0x7e - STATIC_COUNT && overflowAt == 0xffffffff && count < recCap &&
      b - 0x80 - STATIC_COUNT <= load<u32>(ctx, CTX_COUNT)) {
      // Fast path: a one-octet indexed dynamic field whose octets are contiguous in the table.
      const seq = load<u32>(ctx, CTX_NEXT_SEQ) - (b - 0x80 - STATIC_COUNT);
      const entry = entryBySeq(ctx, seq);
      const nameLen = load<u32>(entry, E_NAME_LEN);
      const valueLen = load<u32>(entry, E_VALUE_LEN);
      const offset = load<u32>(entry, E_OFFSET);
      if (nameLen + valueLen <= budget && offset + nameLen + valueLen <= load<u32>(ctx, CTX_CAPACITY)) {
        listSize += <u64>(nameLen + valueLen + ENTRY_OVERHEAD);
        if (listSize > maxList) {
          overflowAt = <u32>(p - inPtr);
        } else {
          const name = load<usize>(ctx, CTX_RING) + offset;
          writeRecord(recPtr + <usize>count * REC_SIZE, name, nameLen, name + nameLen, valueLen,
            load<u32>(entry, E_NAME_ID) | REC_F_DYNAMIC | REC_F_IN_TABLE, seq);
          count++;
          tableRefs++;
        }
        p++;
        continue;
      }
    }
    if (b & 0x80) {
      r = decodeInteger(p, end, 7);
      if (r >= 0) { fNext = integerNext; r = decodeIndexed(ctx, <u32>r, o, outEnd, budget); }
    } else {
      r = decodeLiteral(ctx, p, end, b & 0x40 ? 6 : 4, o, outEnd, budget);
      if (b & 0x10 && b < 0x40) fInfo |= REC_F_NEVER_INDEXED;
    }
    if (r < 0) return finish(<i32>r, <u32>(p - inPtr), o - outPtr, inserted, listSize);
    if (b >= 0x40 && b < 0x80) {
      // §6.2.1: incremental indexing. This field's name and value were copied out of the
      // table already; earlier fields of the block that point into it are copied now.
      if (tableRefs != 0 && fNameLen + fValueLen + ENTRY_OVERHEAD <= load<u32>(ctx, CTX_MAX_SIZE)) {
        // The copies go after this field's octets in the output window ([o, r)).
        r = copyOutOverwritten(ctx, recPtr, count, fNameLen + fValueLen, <usize>r, outEnd);
        if (r < 0) return finish(<i32>r, <u32>(p - inPtr), o - outPtr, inserted, listSize);
      }
      if (tableInsert(ctx, fNamePtr, fNameLen, fValuePtr, fValueLen, fInfo & 0xff) != 0) {
        // REC_SEQ now names the new entry (the name's old entry is no longer reported).
        fInfo = (fInfo & ~REC_F_DYNAMIC_NAME) | REC_F_INSERTED;
        fSeq = load<u32>(ctx, CTX_NEXT_SEQ) - 1;
        inserted++;
      }
    }
    listSize += <u64>fNameLen + fValueLen + ENTRY_OVERHEAD;
    if (listSize > maxList && overflowAt == 0xffffffff) overflowAt = <u32>(p - inPtr);
    p = fNext;
    if (overflowAt != 0xffffffff) continue; // over the list limit: keep the table in step only
    if (count >= recCap) {
      return finish(-HpackErrorCode.OUTPUT_FULL, <u32>(p - inPtr), o - outPtr, inserted, listSize);
    }
    writeRecord(recPtr + <usize>count * REC_SIZE, fNamePtr, fNameLen, fValuePtr, fValueLen, fInfo, fSeq);
    count++;
    if (fInfo & REC_F_IN_TABLE) tableRefs++;
    o = <usize>r;
  }
  if (!fields && (load<u32>(ctx, CTX_FLAGS) & CTX_F_UPDATE_REQUIRED)) {
    return finish(-HpackErrorCode.SIZE_UPDATE_MISSING, inLen, 0, inserted, listSize);
  }
  if (overflowAt != 0xffffffff) {
    return finish(-HpackErrorCode.HEADER_LIST_TOO_LARGE, overflowAt, o - outPtr, inserted, listSize);
  }
  return finish(<i32>count, 0, o - outPtr, inserted, listSize);
}
