// HPACK error codes (RFC 7541 §5, §6 and the limits of RFC 9113 §6.5.2). This file is the one
// source of truth for the numbers: Wasm functions return them negated, the bindings mirror
// them (bindings/hpack/errors.ts, checked by test/hpack/layout.test.mjs). Numbers are stable
// and never reused. Every decoding error is an HTTP/2 COMPRESSION_ERROR, except
// HEADER_LIST_TOO_LARGE, after which the dynamic table is still consistent (the whole block
// was processed, RFC 9113 §6.5.2), so a server may answer 431 and keep the connection.

export const enum HpackErrorCode {
  /** An integer exceeds 2^31 - 1 or uses more than five continuation octets (§5.1). */
  INTEGER_OVERFLOW = 1,
  /** The block ends inside an integer (§5.1). */
  INTEGER_TRUNCATED = 2,
  /** A string literal's length runs past the end of the block (§5.2). */
  STRING_TRUNCATED = 3,
  /** A Huffman-coded string contains the EOS symbol (§5.2: MUST be a decoding error). */
  HUFFMAN_EOS = 4,
  /** Huffman padding is longer than 7 bits (§5.2: MUST be a decoding error). */
  HUFFMAN_PADDING_TOO_LONG = 5,
  /** Huffman padding is not a prefix of EOS, i.e. not all ones (§5.2: MUST be an error). */
  HUFFMAN_PADDING_INVALID = 6,
  /** An indexed representation with index 0 (§6.1: MUST be a decoding error). */
  INDEX_ZERO = 7,
  /** An index beyond the static and dynamic tables (§2.3.3: MUST be a decoding error). */
  INDEX_OUT_OF_RANGE = 8,
  /** A dynamic table size update after the first field of a block (§4.2: MUST be an error). */
  SIZE_UPDATE_NOT_AT_START = 9,
  /** A size update above the acknowledged SETTINGS_HEADER_TABLE_SIZE (§6.3: MUST be an error). */
  SIZE_UPDATE_TOO_LARGE = 10,
  /** The setting was lowered below the table's size and the block does not start with an update (§4.2). */
  SIZE_UPDATE_MISSING = 11,
  /** One field's name + value + 32 exceeds the decoder's maxFieldSize. */
  FIELD_TOO_LARGE = 12,
  /** The block's fields sum (name + value + 32 each) above maxHeaderListSize (RFC 9113 §6.5.2). */
  HEADER_LIST_TOO_LARGE = 13,
  /** The output window is too small: the bindings size it so that this cannot happen. */
  OUTPUT_FULL = 14,
  /** An encoder field value or name holds a character above U+00FF (raised by the bindings). */
  INVALID_CHARACTER = 15,
}
