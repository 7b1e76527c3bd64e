// HpackError: the one error class of windhover/hpack, with a stable string `code` and the
// numeric `errno` of assembly/hpack/errors.ts (mirrored here; test/hpack/layout.test.mjs
// checks the two lists agree). Decoding errors are HTTP/2 COMPRESSION_ERRORs (RFC 9113
// §4.3) except HPACK_HEADER_LIST_TOO_LARGE, which is `recoverable`: the block was decoded to
// its end, the dynamic table is in step, and a server may answer 431 instead of closing.

/** errno -> stable string code. */
export const HPACK_ERROR_CODES: Readonly<Record<number, string>> = {
  1: 'HPACK_INTEGER_OVERFLOW',
  2: 'HPACK_INTEGER_TRUNCATED',
  3: 'HPACK_STRING_TRUNCATED',
  4: 'HPACK_HUFFMAN_EOS',
  5: 'HPACK_HUFFMAN_PADDING_TOO_LONG',
  6: 'HPACK_HUFFMAN_PADDING_INVALID',
  7: 'HPACK_INDEX_ZERO',
  8: 'HPACK_INDEX_OUT_OF_RANGE',
  9: 'HPACK_SIZE_UPDATE_NOT_AT_START',
  10: 'HPACK_SIZE_UPDATE_TOO_LARGE',
  11: 'HPACK_SIZE_UPDATE_MISSING',
  12: 'HPACK_FIELD_TOO_LARGE',
  13: 'HPACK_HEADER_LIST_TOO_LARGE',
  14: 'HPACK_OUTPUT_FULL',
  15: 'HPACK_INVALID_CHARACTER',
};

const MESSAGES: Readonly<Record<number, string>> = {
  1: 'integer exceeds 2^31-1 or uses more than five continuation octets (RFC 7541 §5.1)',
  2: 'header block ends inside an integer (RFC 7541 §5.1)',
  3: 'string literal runs past the end of the header block (RFC 7541 §5.2)',
  4: 'Huffman-coded string contains the EOS symbol (RFC 7541 §5.2)',
  5: 'Huffman padding longer than 7 bits (RFC 7541 §5.2)',
  6: 'Huffman padding is not a prefix of the EOS code (RFC 7541 §5.2)',
  7: 'indexed field with index 0 (RFC 7541 §6.1)',
  8: 'index beyond the static and dynamic tables (RFC 7541 §2.3.3)',
  9: 'dynamic table size update after the first field of a block (RFC 7541 §4.2)',
  10: 'dynamic table size update above SETTINGS_HEADER_TABLE_SIZE (RFC 7541 §6.3)',
  11: 'header block does not start with the required dynamic table size update (RFC 7541 §4.2)',
  12: 'field larger than maxFieldSize',
  13: 'header list larger than maxHeaderListSize (RFC 9113 §6.5.2)',
  14: 'output window too small',
  15: 'name or value holds a character above U+00FF',
};

export const HEADER_LIST_TOO_LARGE = 13;

export class HpackError extends Error {
  /** Stable string code, e.g. 'HPACK_INDEX_OUT_OF_RANGE'. */
  readonly code: string;
  /** Stable number (assembly/hpack/errors.ts). */
  readonly errno: number;
  /** Octet offset in the header block of the representation at fault (decoding), or the field index (encoding). */
  readonly offset: number;
  /** True when the decoder's state is still consistent (only HPACK_HEADER_LIST_TOO_LARGE). */
  readonly recoverable: boolean;

  constructor(errno: number, offset: number) {
    const code = HPACK_ERROR_CODES[errno] ?? 'HPACK_UNKNOWN';
    super(`${code}: ${MESSAGES[errno] ?? `error ${errno}`} at offset ${offset}`);
    this.name = 'HpackError';
    this.code = code;
    this.errno = errno;
    this.offset = offset;
    this.recoverable = errno === HEADER_LIST_TOO_LARGE;
  }
}
