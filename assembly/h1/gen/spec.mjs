// The one source of truth for every fact the Wasm parser and its bindings share: the result
// record and parser-slot layout, the error codes, the known methods and header names, and the
// byte classes. generate.mjs turns it into assembly/h1/{layout,errors,tables}.ts and
// bindings/parser/generated.ts; test/parser/generated.test.mjs regenerates and compares.
// Ids and codes are append-only: never renumber, never reuse a retired number.

/** Bumped whenever the binary interface between the Wasm module and the bindings changes. */
export const ABI_VERSION = 1;

/** Fixed regions in linear memory (bytes unless named otherwise). */
export const REGIONS = {
  // The input window shared by every parser: 64 KiB socket chunks plus a carried head of at
  // most MAX_CARRY bytes always fit in one piece.
  INPUT_CAP: 131072,
  // Readable padding after the window: SIMD loads of 16 bytes from the last input byte stay
  // inside memory, and a sentinel byte is stored right after the input.
  INPUT_PAD: 64,
  // The largest incomplete head (request line + field section) or trailer section carried
  // from one call to the next; the option limits are validated against it.
  MAX_CARRY: 65536,
  // Result record: u32 words. Enough for a maximal head plus thousands of small events.
  OUT_WORDS: 65536,
  // Hard cap on the configurable field-line count (a head record must fit OUT_WORDS).
  MAX_HEADER_COUNT_CAP: 4096,
  // Bytes per parser slot in the slab that grows from JS at the end of memory.
  SLOT_BYTES: 128,
};

/** Words at the start of the result record, before the first event. */
export const OUT_HEADER = {
  OUT_WORDS_USED: 0, // words of events written after the header
  OUT_CONSUMED: 1, // window offset where the bytes not yet accounted for begin
  OUT_STATUS: 2, // one of STATUS_*
  OUT_EVENTS: 4, // first event word
};

export const STATUS = {
  STATUS_DONE: 0, // every byte parsed or carried; push the next chunk
  STATUS_AGAIN: 1, // stopped early (record full, or more response expectations wanted): call again from OUT_CONSUMED
  STATUS_STOPPED: 2, // upgrade, HTTP/2 preface or error: the parser accepts no more input
};

/** Event kinds, the first word of every event. */
export const EVENTS = {
  EV_HEAD: 1, // a complete message head; HEAD_* words, then HEAD_FIELD_WORDS per field line
  EV_BODY: 2, // [kind, start, end]: decoded body bytes in the window
  EV_END: 3, // message complete; END_* words, then HEAD_FIELD_WORDS per trailer line
  EV_UPGRADE: 4, // [kind, offset]: the parser stopped; the other protocol starts at offset
  EV_H2_PREFACE: 5, // [kind, offset]: the HTTP/2 connection preface starts at offset
  EV_ERROR: 6, // [kind, code, offset]
};

export const HEAD = {
  HEAD_KIND: 0,
  HEAD_WORDS: 1, // size of this event in words
  HEAD_FLAGS: 2, // F_* bits
  HEAD_METHOD: 3, // method id (requests, 0 = not a known method) or status code (responses)
  HEAD_VERSION: 4, // major << 8 | minor
  HEAD_START: 5, // window offset of the first byte of the start line
  HEAD_END: 6, // window offset just past the empty line that ends the head
  HEAD_TARGET_START: 7, // request-target (requests) or reason-phrase (responses)
  HEAD_TARGET_END: 8,
  HEAD_LENGTH_LO: 9, // Content-Length, low and high 32 bits (0 when absent)
  HEAD_LENGTH_HI: 10,
  HEAD_COUNT: 11, // field lines that follow
  HEAD_FIXED: 12,
  // Per field line: name start, name end | known id << 24, value start, value end (OWS trimmed).
  HEAD_FIELD_WORDS: 4,
  FIELD_ID_SHIFT: 24,
  FIELD_END_MASK: 0xffffff,
};

export const END = {
  END_KIND: 0,
  END_WORDS: 1,
  END_COUNT: 2, // trailer field lines that follow
  END_START: 3, // window span of the trailer section (0, 0 when none)
  END_END: 4,
  END_FIXED: 5,
};

/** HEAD_FLAGS bits. */
export const FLAGS = {
  F_KEEP_ALIVE: 1 << 0, // the connection stays open after this message (RFC 9112 §9.3)
  F_UPGRADE: 1 << 1, // the parser stops after this message: Upgrade, CONNECT or 101 (RFC 9110 §7.8, §9.3.6)
  F_CHUNKED: 1 << 2, // body framed by the chunked coding (RFC 9112 §7.1)
  F_CONTENT_LENGTH: 1 << 3, // body framed by Content-Length (RFC 9112 §6.2)
  F_CLOSE_DELIMITED: 1 << 4, // response body runs until the connection closes (RFC 9112 §6.3 item 8)
  F_NO_BODY: 1 << 5, // the message has no content
  F_OBS_TEXT: 1 << 6, // the head holds bytes >= 0x80 (decode as latin1)
  F_CONN_CLOSE: 1 << 7, // Connection carries the token "close"
  F_CONN_KEEP_ALIVE: 1 << 8, // Connection carries "keep-alive"
  F_CONN_UPGRADE: 1 << 9, // Connection carries "upgrade"
  F_HAS_UPGRADE: 1 << 10, // an Upgrade field is present
  F_TRANSFER_ENCODING: 1 << 11, // a Transfer-Encoding field is present
  F_EXPECT_CONTINUE: 1 << 12, // Expect: 100-continue (RFC 9110 §10.1.1)
  F_INTERIM: 1 << 13, // 1xx response other than 101: another response follows
  F_HEAD_RESPONSE: 1 << 14, // response to a HEAD request
  F_CONNECT: 1 << 15, // CONNECT request, or response to one
};

/** Parser option bits (h1Init's `flags`). */
export const OPTIONS = {
  OPT_RESPONSE: 1 << 0, // parse responses instead of requests
  OPT_ALLOW_BARE_LF: 1 << 1, // RFC 9112 §2.2 MAY: accept LF without CR after the start line and field lines
  OPT_ALLOW_MISSING_HOST: 1 << 2, // do not require Host on HTTP/1.1 requests (RFC 9112 §3.2 MUST, relaxed)
};

/** Coarse parser progress for h1Progress (timeouts: a head in progress, a body in progress). */
export const PROGRESS = {
  PROGRESS_IDLE: 0, // between messages
  PROGRESS_HEAD: 1, // some bytes of a head received, not all
  PROGRESS_BODY: 2, // inside a body, chunked framing or trailer section
  PROGRESS_STOPPED: 3, // upgrade, HTTP/2 preface or error
};

/** Response expectations for h1ExpectResponse (what request a response answers). */
export const EXPECT = {
  EXPECT_ORDINARY: 0,
  EXPECT_HEAD: 1,
  EXPECT_CONNECT: 2,
  EXPECT_QUEUE_CAP: 16,
};

/** Parser slot words (u32 index into the slot). Words 16..19 hold u64 values. */
export const SLOT = {
  S_PHASE: 0,
  S_CONFIG: 1, // OPT_* bits
  S_MAX_LINE: 2, // request-line / status-line bytes
  S_MAX_COUNT: 3, // field lines per head (and per trailer section)
  S_MAX_TOTAL: 4, // field-section bytes
  S_MAX_FIELD: 5, // bytes of one field line
  S_MAX_EXT: 6, // chunk-extension bytes per chunk
  S_MAX_TRAILERS: 7, // trailer-section bytes
  S_EXAMINED: 8, // offset from the carried head start of the first line not yet parsed
  S_HSTATE: 9, // head facts gathered so far (H_* bits, internal)
  S_HCOUNT: 10, // field lines parsed so far
  S_FIELDS: 11, // offset from the head start of the first field line
  S_METHOD: 12,
  S_VERSION: 13,
  S_TARGET_START: 14, // offsets from the head start
  S_TARGET_END: 15,
  S_LENGTH: 16, // u64 Content-Length (words 16, 17)
  S_REMAIN: 18, // u64 body bytes still to come (words 18, 19)
  S_CHUNK: 20, // chunked-framing sub-state
  S_EXT_BYTES: 21, // chunk-extension bytes seen on the current size line
  S_QUEUE: 22, // response expectations, 2 bits each, oldest in the low bits
  S_QUEUE_LEN: 23,
  S_MSG_FLAGS: 24, // F_* bits of the message in progress
  S_TE: 25, // transfer-coding list state (internal)
  S_MESSAGES: 26, // messages started since init or reset
  S_QUEUE_MORE: 27, // 1 while the bindings hold more expectations than fit the queue
  // A field line cut inside its value: where scanning resumes (offsets from the section
  // start, 0 = no partial line), the name end and the value start.
  S_PART_SCAN: 28,
  S_PART_NAME_END: 29,
  S_PART_VALUE: 30,
  S_SLOT_WORDS: 32,
};

/** Stable error codes: code, name, HTTP status a server answers with, reason. */
export const ERRORS = [
  [1, 'INTERNAL', 500, 'Internal parser error'],
  [2, 'INVALID_METHOD', 400, 'Method is not a token'],
  [3, 'INVALID_TARGET', 400, 'Invalid request-target'],
  [4, 'INVALID_VERSION', 400, 'Malformed HTTP-version'],
  [5, 'VERSION_NOT_SUPPORTED', 505, 'HTTP version not supported'],
  [6, 'INVALID_STATUS', 400, 'Invalid status code'],
  [7, 'INVALID_REASON', 400, 'Invalid byte in reason-phrase'],
  [8, 'INVALID_HEADER_TOKEN', 400, 'Invalid field name (not a token, empty, or no colon)'],
  [9, 'WHITESPACE_BEFORE_COLON', 400, 'Whitespace between field name and colon'],
  [10, 'OBS_FOLD', 400, 'Line starts with whitespace (obs-fold)'],
  [11, 'INVALID_HEADER_VALUE', 400, 'Invalid byte in field value'],
  [12, 'CR_EXPECTED', 400, 'Expected CR before LF'],
  [13, 'LF_EXPECTED', 400, 'Expected LF after CR'],
  [14, 'INVALID_CONTENT_LENGTH', 400, 'Invalid Content-Length'],
  [15, 'DUPLICATE_CONTENT_LENGTH', 400, 'More than one Content-Length'],
  [16, 'CONTENT_LENGTH_AND_TRANSFER_ENCODING', 400, 'Both Content-Length and Transfer-Encoding'],
  [17, 'INVALID_TRANSFER_ENCODING', 400, 'Malformed Transfer-Encoding list'],
  [18, 'UNKNOWN_TRANSFER_CODING', 400, 'Unknown transfer coding'],
  [19, 'CHUNKED_NOT_FINAL', 400, 'Transfer-Encoding does not end with chunked'],
  [20, 'CHUNKED_TWICE', 400, 'chunked applied more than once'],
  [21, 'UNSUPPORTED_TRANSFER_CODING', 501, 'Transfer coding not implemented'],
  [22, 'TRANSFER_ENCODING_IN_HTTP10', 400, 'Transfer-Encoding in an HTTP/1.0 request'],
  [23, 'MISSING_HOST', 400, 'HTTP/1.1 request without Host'],
  [24, 'DUPLICATE_HOST', 400, 'More than one Host'],
  [25, 'INVALID_HOST', 400, 'Invalid Host'],
  [26, 'INVALID_CHUNK_SIZE', 400, 'Invalid chunk size'],
  [27, 'INVALID_CHUNK_EXTENSION', 400, 'Invalid chunk extension'],
  [28, 'CHUNK_EXTENSION_TOO_LARGE', 400, 'Chunk extensions too large'],
  [29, 'REQUEST_LINE_TOO_LONG', 414, 'Request line too long'],
  [30, 'TOO_MANY_HEADERS', 431, 'Too many header fields'],
  [31, 'HEADERS_TOO_LARGE', 431, 'Header section too large'],
  [32, 'HEADER_FIELD_TOO_LARGE', 431, 'Header field line too large'],
  [33, 'TRAILERS_TOO_LARGE', 431, 'Trailer section too large'],
  [34, 'FORBIDDEN_TRAILER', 400, 'Framing field in trailer section'],
  [35, 'DATA_AFTER_CLOSE', 400, 'Data after a message that closes the connection'],
  [36, 'INCOMPLETE_MESSAGE', 400, 'Connection ended inside a message'],
  [37, 'INVALID_H2_PREFACE', 400, 'Malformed HTTP/2 connection preface'],
  [38, 'STATUS_LINE_TOO_LONG', 400, 'Status line too long'],
];

/** Methods recognised by id (any other token method parses with id 0). Append only. */
export const METHODS = [
  'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH', 'PRI',
  'QUERY', 'PROPFIND', 'PROPPATCH', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'UNLOCK', 'SEARCH',
  'REPORT', 'PURGE', 'ACL', 'BIND', 'UNBIND', 'REBIND', 'LINK', 'UNLINK', 'MKCALENDAR',
  'MKACTIVITY', 'CHECKOUT', 'MERGE', 'M-SEARCH', 'NOTIFY', 'SUBSCRIBE', 'UNSUBSCRIBE',
];

/**
 * Known field names (lower case), id = index + 1. The first six carry framing or connection
 * semantics the Wasm side acts on; keep them first so one comparison finds them.
 */
export const HEADERS = [
  'host', 'connection', 'content-length', 'transfer-encoding', 'upgrade', 'expect',
  'te', 'trailer', 'keep-alive', 'proxy-connection',
  'accept', 'accept-charset', 'accept-encoding', 'accept-language', 'accept-ranges',
  'access-control-allow-credentials', 'access-control-allow-headers',
  'access-control-allow-methods', 'access-control-allow-origin',
  'access-control-expose-headers', 'access-control-max-age',
  'access-control-request-headers', 'access-control-request-method',
  'age', 'allow', 'alt-svc', 'authorization', 'cache-control', 'content-disposition',
  'content-encoding', 'content-language', 'content-location', 'content-range',
  'content-security-policy', 'content-type', 'cookie', 'date', 'dnt', 'etag', 'expires',
  'forwarded', 'from', 'http2-settings', 'if-match', 'if-modified-since', 'if-none-match',
  'if-range', 'if-unmodified-since', 'last-modified', 'link', 'location', 'max-forwards',
  'origin', 'pragma', 'priority', 'proxy-authenticate', 'proxy-authorization', 'range',
  'referer', 'refresh', 'retry-after', 'sec-ch-ua', 'sec-ch-ua-mobile', 'sec-ch-ua-platform',
  'sec-fetch-dest', 'sec-fetch-mode', 'sec-fetch-site', 'sec-fetch-user',
  'sec-websocket-accept', 'sec-websocket-extensions', 'sec-websocket-key',
  'sec-websocket-protocol', 'sec-websocket-version', 'server', 'set-cookie',
  'strict-transport-security', 'upgrade-insecure-requests', 'user-agent', 'vary', 'via',
  'www-authenticate', 'x-content-type-options', 'x-forwarded-for', 'x-forwarded-host',
  'x-forwarded-proto', 'x-frame-options', 'x-powered-by', 'x-real-ip', 'x-request-id',
  'x-requested-with', 'x-xss-protection',
];

/** Header ids the Wasm side gives meaning to (must be the first entries of HEADERS). */
export const SEMANTIC_HEADERS = ['host', 'connection', 'content-length', 'transfer-encoding', 'upgrade', 'expect'];

/** Transfer codings we recognise but do not decode (RFC 9112 §7.2, §7.3): answered with 501. */
export const KNOWN_CODINGS = ['gzip', 'x-gzip', 'deflate', 'compress', 'x-compress'];

/** Byte classes (bit flags in one 256-byte table). */
const ALPHA = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const DIGIT = '0123456789';
export const CLASSES = {
  // RFC 9110 §5.6.2 tchar
  C_TCHAR: { bit: 1, chars: "!#$%&'*+-.^_`|~" + DIGIT + ALPHA },
  // RFC 5234 HEXDIG (case-insensitive)
  C_HEX: { bit: 2, chars: DIGIT + 'ABCDEFabcdef' },
  // RFC 3986 reg-name / IPv4address characters: unreserved, sub-delims, "%" (checked apart)
  C_HOST: { bit: 4, chars: ALPHA + DIGIT + "-._~!$&'()*+,;=%" },
  // Inside an IP-literal: IPv6address and IPvFuture characters
  C_IPLIT: { bit: 8, chars: ALPHA + DIGIT + "-._~!$&'()*+,;=:" },
  // RFC 9110 §5.6.4 qdtext (plus obs-text) inside quoted-string: HTAB, SP, !, #-[, ]-~, 0x80-0xFF
  C_QDTEXT: { bit: 16, ranges: [[0x09, 0x09], [0x20, 0x21], [0x23, 0x5b], [0x5d, 0x7e], [0x80, 0xff]] },
  // RFC 9110 §5.6.4 quoted-pair second byte: HTAB, SP, VCHAR, obs-text
  C_QPAIR: { bit: 32, ranges: [[0x09, 0x09], [0x20, 0x7e], [0x80, 0xff]] },
};
