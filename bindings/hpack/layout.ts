// Mirror of assembly/hpack/layout.ts for the bindings: the record and status offsets they
// read and write. PUBLISHED lists the constants in the order hpackLayout() publishes them;
// checkLayout() compares both sides when a module is loaded, so a drift fails loudly.

export const REC_SIZE = 24;
export const REC_WORDS = 6;
export const REC_NAME_PTR = 0;
export const REC_NAME_LEN = 4;
export const REC_VALUE_PTR = 8;
export const REC_VALUE_LEN = 12;
export const REC_INFO = 16;
export const REC_SEQ = 20;
export const REC_F_NEVER_INDEXED = 1 << 16;
export const REC_F_DYNAMIC = 1 << 17;
export const REC_F_DYNAMIC_NAME = 1 << 18;
export const REC_F_INSERTED = 1 << 19;
export const REC_F_IN_TABLE = 1 << 20;

export const FIELD_SIZE = 20;
export const FIELD_WORDS = 5;
export const FIELD_INFO = 0;
export const FIELD_NAME_PTR = 4;
export const FIELD_NAME_LEN = 8;
export const FIELD_VALUE_PTR = 12;
export const FIELD_VALUE_LEN = 16;
export const FIELD_F_SENSITIVE = 1 << 8;

export const ST_ERROR_OFFSET = 0;
export const ST_OUT_USED = 4;
export const ST_SEQ_BEFORE = 8;
export const ST_INSERTED = 12;
export const ST_LIST_SIZE = 16;
export const ST_VALUE_LEN = 20;

/** Largest table, field or list size a context accepts. */
export const MAX_LIMIT = 1 << 28;

const LAYOUT_VERSION = 2;

/** Constants in the order of assembly/hpack/index.ts LAYOUT. */
export const PUBLISHED: readonly number[] = [
  LAYOUT_VERSION, REC_SIZE, REC_NAME_PTR, REC_NAME_LEN, REC_VALUE_PTR, REC_VALUE_LEN, REC_INFO,
  REC_SEQ, REC_F_NEVER_INDEXED, REC_F_DYNAMIC, REC_F_DYNAMIC_NAME, REC_F_INSERTED, REC_F_IN_TABLE, FIELD_SIZE,
  FIELD_INFO, FIELD_NAME_PTR, FIELD_NAME_LEN, FIELD_VALUE_PTR, FIELD_VALUE_LEN,
  FIELD_F_SENSITIVE, ST_ERROR_OFFSET, ST_OUT_USED, ST_SEQ_BEFORE, ST_INSERTED, ST_LIST_SIZE,
  ST_VALUE_LEN, MAX_LIMIT,
];

/** Throws if the module's published layout differs from this file. */
export function checkLayout(memory: WebAssembly.Memory, layoutPtr: number): void {
  const words = new Uint32Array(memory.buffer, layoutPtr, PUBLISHED.length);
  for (let i = 0; i < PUBLISHED.length; i++) {
    if (words[i] !== PUBLISHED[i]) {
      throw new Error(`windhover/hpack: Wasm layout constant #${i} is ${words[i]}, bindings expect ${PUBLISHED[i]}`);
    }
  }
}
