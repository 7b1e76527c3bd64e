// Parser options: limits (Kestrel's names and defaults where Kestrel has one) and named
// leniency flags, all off by default. Validated once per parser; the Wasm side enforces them.
import {
  MAX_CARRY, MAX_HEADER_COUNT_CAP, OPT_ALLOW_BARE_LF, OPT_ALLOW_MISSING_HOST,
} from './generated.js';

export interface ParserLimits {
  /** Bytes of the request line or status line, CRLF excluded (default 8192; 414 when exceeded). */
  maxRequestLineSize?: number;
  /** Field lines per header section, and per trailer section (default 100; 431). */
  maxHeaderCount?: number;
  /** Bytes of the field lines after the start line, CRLFs included (default 32768; 431). */
  maxHeadersTotalSize?: number;
  /** Bytes of one field line, CRLF excluded (default: maxHeadersTotalSize; 431). */
  maxFieldSize?: number;
  /** Bytes of chunk extensions on one chunk-size line (default 16384, as Node). */
  maxChunkExtensionSize?: number;
  /** Bytes of the trailer field lines, CRLFs included (default 32768; 431). */
  maxTrailersSize?: number;
}

export interface ParserOptions extends ParserLimits {
  /**
   * Accept a bare LF as the end of the start line and of field lines (RFC 9112 §2.2 MAY).
   * Never applies to chunked framing. Off by default.
   */
  allowBareLF?: boolean;
  /** Accept HTTP/1.1 requests without Host (RFC 9112 §3.2 requires a 400). Off by default. */
  allowMissingHost?: boolean;
  /** Run on these Wasm bytes instead of the embedded build (tests use the debug build). */
  wasm?: Uint8Array;
}

export interface ResolvedOptions {
  flags: number;
  maxLine: number;
  maxCount: number;
  maxTotal: number;
  maxField: number;
  maxExt: number;
  maxTrailers: number;
}

export const DEFAULT_LIMITS = Object.freeze({
  maxRequestLineSize: 8192,
  maxHeaderCount: 100,
  maxHeadersTotalSize: 32768,
  maxChunkExtensionSize: 16384,
  maxTrailersSize: 32768,
});

function positive(name: string, value: number | undefined, fallback: number, max: number): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < 1 || v > max) {
    throw new RangeError(`${name} must be an integer from 1 to ${max}, got ${value}`);
  }
  return v;
}

/** Fills defaults and checks that a carried head always fits the shared input window. */
export function resolveOptions(options: ParserOptions = {}): ResolvedOptions {
  const carry = MAX_CARRY - 16;
  const maxLine = positive('maxRequestLineSize', options.maxRequestLineSize, DEFAULT_LIMITS.maxRequestLineSize, carry);
  const maxTotal = positive('maxHeadersTotalSize', options.maxHeadersTotalSize,
    DEFAULT_LIMITS.maxHeadersTotalSize, carry - maxLine);
  const resolved: ResolvedOptions = {
    flags: (options.allowBareLF ? OPT_ALLOW_BARE_LF : 0) | (options.allowMissingHost ? OPT_ALLOW_MISSING_HOST : 0),
    maxLine,
    maxTotal,
    maxCount: positive('maxHeaderCount', options.maxHeaderCount, DEFAULT_LIMITS.maxHeaderCount, MAX_HEADER_COUNT_CAP),
    maxField: positive('maxFieldSize', options.maxFieldSize, maxTotal, 0x7fffffff),
    maxExt: positive('maxChunkExtensionSize', options.maxChunkExtensionSize,
      DEFAULT_LIMITS.maxChunkExtensionSize, 0x7fffffff),
    maxTrailers: positive('maxTrailersSize', options.maxTrailersSize, DEFAULT_LIMITS.maxTrailersSize, carry),
  };
  return resolved;
}
