// windhover/parser: HTTP/1.x request and response parsing in Wasm. This index only re-exports.
export {
  RequestParser, ResponseParser, parseRequest, parseResponse,
  type RequestMessage, type ResponseMessage, type ParseResult, type UpgradeInfo,
  type MessageCallbacks, type OneShotOptions,
} from './message-parser.js';
export { ParseError, ERROR_CODES } from './errors.js';
export { DEFAULT_LIMITS, type ParserOptions, type ParserLimits } from './options.js';
export { encodeChunkHeader } from './chunk-header.js';
export * as lowLevel from './low-level-api.js';
