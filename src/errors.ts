// Error values thrown by the server to application code and to option parsing. Each error
// carries a stable string `code` (never reused, never renamed); errors that end a request on
// the wire also carry the HTTP `status` the server answers with (Kestrel's rejection model,
// reference: KestrelBadHttpRequestException). This file is the one list of those codes.

/** Every code the server can raise, with the default message. */
export const ERROR_CODES = {
  ERR_INVALID_OPTION: 'invalid option',
  ERR_INVALID_HEADER_NAME: 'header name is not a token (RFC 9110 §5.1)',
  ERR_INVALID_HEADER_VALUE: 'header value contains a forbidden character (RFC 9110 §5.5)',
  ERR_FRAMING_HEADER: 'framing header is managed by the server',
  ERR_FORBIDDEN_TRAILER: 'field is not allowed in a trailer section (RFC 9110 §6.5.1)',
  ERR_INVALID_STATUS: 'status must be an integer from 100 to 999 (RFC 9110 §15)',
  ERR_HEADERS_SENT: 'response headers were already sent',
  ERR_RESPONSE_ENDED: 'response already ended',
  ERR_BODY_NOT_ALLOWED: 'this response cannot carry a body (RFC 9110 §6.4.1)',
  ERR_INVALID_BODY: 'body must be a string, a Uint8Array, a ReadableStream or null',
  ERR_CONTENT_LENGTH_MISMATCH: 'body length does not match Content-Length',
  ERR_NEXT_CALLED_TWICE: 'next() called more than once by one middleware',
  ERR_BODY_USED: 'request body already read',
  ERR_BODY_TOO_LARGE: 'request body exceeds MaxRequestBodySize',
  ERR_BAD_REQUEST_BODY: 'request body is malformed',
  ERR_BODY_TIMEOUT: 'request body arrived slower than MinRequestBodyDataRate',
  ERR_REQUEST_ABORTED: 'client closed the connection',
  ERR_LIMIT_LOCKED: 'maxRequestBodySize cannot change after the body started to be read',
  ERR_SERVER_RUNNING: 'server is already listening',
  ERR_SERVER_CLOSED: 'server is closed',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The one error class the server throws; `code` is stable, `status` set when it maps to one. */
export class WindhoverError extends Error {
  readonly code: ErrorCode;
  readonly status: number | undefined;

  constructor(code: ErrorCode, detail?: string, status?: number) {
    super(detail ? `${ERROR_CODES[code]}: ${detail}` : ERROR_CODES[code]);
    this.name = 'WindhoverError';
    this.code = code;
    this.status = status;
  }
}

/** Errors that end the request with a specific status (413, 400, 408) rather than 500. */
export function statusOf(error: unknown): number | undefined {
  return error instanceof WindhoverError ? error.status : undefined;
}
