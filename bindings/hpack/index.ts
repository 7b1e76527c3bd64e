// windhover/hpack: HPACK (RFC 7541) header compression in Wasm, for HTTP/2 peers.
// HpackDecoder and HpackEncoder each hold one connection's dynamic table; all of them share
// one Wasm instance per build. See README.md "windhover/hpack".
export { HpackDecoder } from './decoder.js';
export type { HpackDecoderOptions, HpackDecodedField, HpackTableEntry } from './decoder.js';
export { HpackEncoder } from './encoder.js';
export type { HpackEncoderOptions, HpackField } from './encoder.js';
export { HeaderBlockView } from './view.js';
export { HpackError, HPACK_ERROR_CODES } from './errors.js';
export { STATIC_NAMES, STATIC_VALUES } from './static-table.generated.js';
