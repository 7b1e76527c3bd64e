// Memory layout of everything the bindings read or write: decode records, encode field
// records, the status record, and the per-context header and table entries. This file is the
// one source of truth; bindings/hpack/layout.ts mirrors the numbers the bindings use and
// hpackLayout() publishes them so that the bindings check both sides agree at load time.

// --- Decode output: one record per field, in block order --------------------------------
// @ts-ignore: decorator
@inline export const REC_SIZE: u32 = 24;
// @ts-ignore: decorator
@inline export const REC_NAME_PTR: u32 = 0;
// @ts-ignore: decorator
@inline export const REC_NAME_LEN: u32 = 4;
// @ts-ignore: decorator
@inline export const REC_VALUE_PTR: u32 = 8;
// @ts-ignore: decorator
@inline export const REC_VALUE_LEN: u32 = 12;
/** Bits 0-7: static name id (lowest static index with this name, 0 = none); bits 8-15: static index when the whole field is a static entry; bits 16+: REC_F_* flags. */
// @ts-ignore: decorator
@inline export const REC_INFO: u32 = 16;
/** Insertion number of the dynamic entry the field came from (REC_F_DYNAMIC), or of the entry it was inserted as (REC_F_INSERTED), or of the entry its name came from (REC_F_DYNAMIC_NAME). */
// @ts-ignore: decorator
@inline export const REC_SEQ: u32 = 20;

// @ts-ignore: decorator
@inline export const REC_F_NEVER_INDEXED: u32 = 1 << 16;
// @ts-ignore: decorator
@inline export const REC_F_DYNAMIC: u32 = 1 << 17;
// @ts-ignore: decorator
@inline export const REC_F_DYNAMIC_NAME: u32 = 1 << 18;
// @ts-ignore: decorator
@inline export const REC_F_INSERTED: u32 = 1 << 19;
/** Name and value point into the dynamic table (an indexed field, not copied): valid until the next call. */
// @ts-ignore: decorator
@inline export const REC_F_IN_TABLE: u32 = 1 << 20;

// --- Encode input: one record per field ---------------------------------------------------
// @ts-ignore: decorator
@inline export const FIELD_SIZE: u32 = 20;
/** Bits 0-7: static name id given by the caller (0 = literal name); bits 8+: FIELD_F_* flags. */
// @ts-ignore: decorator
@inline export const FIELD_INFO: u32 = 0;
// @ts-ignore: decorator
@inline export const FIELD_NAME_PTR: u32 = 4;
// @ts-ignore: decorator
@inline export const FIELD_NAME_LEN: u32 = 8;
// @ts-ignore: decorator
@inline export const FIELD_VALUE_PTR: u32 = 12;
// @ts-ignore: decorator
@inline export const FIELD_VALUE_LEN: u32 = 16;
/** The caller marked the field sensitive: never-indexed literal (RFC 7541 §7.1.3). */
// @ts-ignore: decorator
@inline export const FIELD_F_SENSITIVE: u32 = 1 << 8;

// --- Status record, written by every hpackDecode / hpackEncode call ------------------------
// @ts-ignore: decorator
@inline export const ST_ERROR_OFFSET: u32 = 0;
/** Decode: output window bytes used. */
// @ts-ignore: decorator
@inline export const ST_OUT_USED: u32 = 4;
/** Decode: insertion number of the first entry this block inserted. */
// @ts-ignore: decorator
@inline export const ST_SEQ_BEFORE: u32 = 8;
/** Decode: entries this block inserted. */
// @ts-ignore: decorator
@inline export const ST_INSERTED: u32 = 12;
/** Decode: header list size (name + value + 32 per field, discarded fields included). */
// @ts-ignore: decorator
@inline export const ST_LIST_SIZE: u32 = 16;
/** hpackTableEntry: value length of the entry copied out. */
// @ts-ignore: decorator
@inline export const ST_VALUE_LEN: u32 = 20;
// @ts-ignore: decorator
@inline export const ST_SIZE: u32 = 32;

// --- Context header (decoder or encoder), followed by the ring, the entries, the buckets ---
/** Maximum table size now in effect (RFC 7541 §4.2), moved only by size updates. */
// @ts-ignore: decorator
@inline export const CTX_MAX_SIZE: u32 = 0;
/** Decoder: acknowledged SETTINGS_HEADER_TABLE_SIZE. Encoder: the size it may use. */
// @ts-ignore: decorator
@inline export const CTX_LIMIT: u32 = 4;
/** Current table size: sum of entry sizes (§4.1). */
// @ts-ignore: decorator
@inline export const CTX_SIZE: u32 = 8;
// @ts-ignore: decorator
@inline export const CTX_COUNT: u32 = 12;
/** Insertion number the next entry gets (wraps at 2^32). */
// @ts-ignore: decorator
@inline export const CTX_NEXT_SEQ: u32 = 16;
/** Ring offset where the next entry's bytes go. */
// @ts-ignore: decorator
@inline export const CTX_HEAD: u32 = 20;
/** Bytes the context was sized for: the ring capacity and the largest maximum size. */
// @ts-ignore: decorator
@inline export const CTX_CAPACITY: u32 = 24;
// @ts-ignore: decorator
@inline export const CTX_ENTRY_MASK: u32 = 28;
// @ts-ignore: decorator
@inline export const CTX_FLAGS: u32 = 32;
// @ts-ignore: decorator
@inline export const CTX_MAX_LIST: u32 = 36;
// @ts-ignore: decorator
@inline export const CTX_MAX_FIELD: u32 = 40;
/** Encoder: smallest size set since the last block (§4.2). */
// @ts-ignore: decorator
@inline export const CTX_PENDING_MIN: u32 = 44;
// @ts-ignore: decorator
@inline export const CTX_BUCKET_MASK: u32 = 48;
// @ts-ignore: decorator
@inline export const CTX_RING: u32 = 52;
// @ts-ignore: decorator
@inline export const CTX_ENTRIES: u32 = 56;
// @ts-ignore: decorator
@inline export const CTX_BUCKETS: u32 = 60;
/** log2 of the entry record size: 4 for a decoder, 5 for an encoder. */
// @ts-ignore: decorator
@inline export const CTX_ENTRY_SHIFT: u32 = 64;
/** Encoder: 0 = Huffman when shorter, 1 = always, 2 = never. */
// @ts-ignore: decorator
@inline export const CTX_HUFFMAN: u32 = 68;
// @ts-ignore: decorator
@inline export const CTX_HEADER_SIZE: u32 = 80;

/** Decoder: the setting fell below the table size; the next block must start with an update. */
// @ts-ignore: decorator
@inline export const CTX_F_UPDATE_REQUIRED: u32 = 1;
/** Encoder: size updates are owed at the start of the next block. */
// @ts-ignore: decorator
@inline export const CTX_F_UPDATE_PENDING: u32 = 2;

// --- Dynamic table entry (decoder: 16 bytes; encoder: 32 bytes) ---------------------------
// @ts-ignore: decorator
@inline export const E_OFFSET: u32 = 0;
// @ts-ignore: decorator
@inline export const E_NAME_LEN: u32 = 4;
// @ts-ignore: decorator
@inline export const E_VALUE_LEN: u32 = 8;
/** Static name id of the entry's name (0 = none). */
// @ts-ignore: decorator
@inline export const E_NAME_ID: u32 = 12;
// @ts-ignore: decorator
@inline export const E_NAME_HASH: u32 = 16;
// @ts-ignore: decorator
@inline export const E_FULL_HASH: u32 = 20;
/** Insertion number of the next older entry in the same name bucket. */
// @ts-ignore: decorator
@inline export const E_NEXT_NAME: u32 = 24;
/** Insertion number of the next older entry in the same name+value bucket. */
// @ts-ignore: decorator
@inline export const E_NEXT_FULL: u32 = 28;
// @ts-ignore: decorator
@inline export const DECODER_ENTRY_SHIFT: u32 = 4;
// @ts-ignore: decorator
@inline export const ENCODER_ENTRY_SHIFT: u32 = 5;

/** Per-entry overhead in the table size (§4.1). */
// @ts-ignore: decorator
@inline export const ENTRY_OVERHEAD: u32 = 32;
/** Largest table size, field size or list size a context accepts (bounds every region). */
// @ts-ignore: decorator
@inline export const MAX_LIMIT: u32 = 1 << 28;

/** The status record: one per module, rewritten by each call (see ST_*). */
export const STATUS = memory.data(ST_SIZE, 16);

// --- Default I/O windows. Enough for a 64 KiB header list; the bindings take larger ones
// from the heap only when a block, a list or a decoder's limits need them. -----------------
// @ts-ignore: decorator
@inline export const IN_WINDOW_SIZE: u32 = 64 * 1024;
// @ts-ignore: decorator
@inline export const REC_WINDOW_SIZE: u32 = 64 * 1024;
// @ts-ignore: decorator
@inline export const OUT_WINDOW_SIZE: u32 = 128 * 1024 + 256;
export const IN_WINDOW = memory.data(IN_WINDOW_SIZE, 16);
export const REC_WINDOW = memory.data(REC_WINDOW_SIZE, 16);
export const OUT_WINDOW = memory.data(OUT_WINDOW_SIZE, 16);
