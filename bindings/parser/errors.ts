// ParseError: the bindings' face of the Wasm error codes. `code` is a stable string (our own
// names, listed in gen/spec.mjs), `errno` the stable number, `offset` the byte offset in the
// stream (since the parser was created or reset), `status` the HTTP status a server answers.
import { ERROR_NAMES, ERROR_REASONS, ERROR_STATUS } from './generated.js';

export class ParseError extends Error {
  readonly code: string;
  readonly errno: number;
  readonly offset: number;
  readonly reason: string;
  readonly status: number;

  constructor(errno: number, offset: number) {
    const code = ERROR_NAMES[errno] || 'INTERNAL';
    const reason = ERROR_REASONS[errno] || 'Internal parser error';
    super(`${code}: ${reason} at byte ${offset}`);
    this.name = 'ParseError';
    this.code = code;
    this.errno = errno;
    this.offset = offset;
    this.reason = reason;
    this.status = ERROR_STATUS[errno] ?? 400;
  }
}

/** Every error code name by number (index 0 unused), for documentation and mapping tables. */
export const ERROR_CODES: readonly string[] = ERROR_NAMES;
