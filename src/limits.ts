// Server limits and timeouts: Kestrel's KestrelServerLimits, one row per limit, with
// Kestrel's name, default, and the status sent when a request exceeds it. This table is the
// single source of truth; `resolveLimits` validates user options against it. Sizes are
// bytes, durations milliseconds, rates bytes per second with a grace period in milliseconds.

import { WindhoverError } from './errors.js';

/** A minimum data rate: enforced only after `gracePeriod` ms (Kestrel's MinDataRate). */
export interface DataRate {
  bytesPerSecond: number;
  gracePeriod: number;
}

export interface Limits {
  maxConcurrentConnections: number | null;
  maxConcurrentUpgradedConnections: number | null;
  maxRequestBodySize: number | null;
  maxRequestHeaderCount: number;
  maxRequestHeadersTotalSize: number;
  maxRequestLineSize: number;
  maxRequestBufferSize: number | null;
  maxResponseBufferSize: number | null;
  keepAliveTimeout: number;
  requestHeadersTimeout: number;
  minRequestBodyDataRate: DataRate | null;
  minResponseDataRate: DataRate | null;
}

export type LimitOptions = Partial<Limits>;

type Kind = 'count' | 'bytes' | 'duration' | 'rate';

interface LimitRow {
  option: keyof Limits;
  kestrel: string;
  kind: Kind;
  /** Smallest accepted number (counts and sizes). */
  min: number;
  /** Whether null (unlimited / disabled) is accepted. */
  nullable: boolean;
  default: number | DataRate | null;
  /** Status sent when a request exceeds the limit; 0 when the connection is refused or cut. */
  status: number;
}

const KIB = 1024;
const DEFAULT_RATE: DataRate = Object.freeze({ bytesPerSecond: 240, gracePeriod: 5000 });

/** Kestrel's limits (reference/kestrel.md §1.4). */
export const LIMITS: readonly LimitRow[] = [
  { option: 'maxConcurrentConnections', kestrel: 'MaxConcurrentConnections', kind: 'count', min: 0, nullable: true, default: null, status: 0 },
  { option: 'maxConcurrentUpgradedConnections', kestrel: 'MaxConcurrentUpgradedConnections', kind: 'count', min: 0, nullable: true, default: null, status: 0 },
  { option: 'maxRequestBodySize', kestrel: 'MaxRequestBodySize', kind: 'bytes', min: 0, nullable: true, default: 30_000_000, status: 413 },
  { option: 'maxRequestHeaderCount', kestrel: 'MaxRequestHeaderCount', kind: 'count', min: 1, nullable: false, default: 100, status: 431 },
  { option: 'maxRequestHeadersTotalSize', kestrel: 'MaxRequestHeadersTotalSize', kind: 'bytes', min: 1, nullable: false, default: 32 * KIB, status: 431 },
  { option: 'maxRequestLineSize', kestrel: 'MaxRequestLineSize', kind: 'bytes', min: 1, nullable: false, default: 8 * KIB, status: 414 },
  { option: 'maxRequestBufferSize', kestrel: 'MaxRequestBufferSize', kind: 'bytes', min: 1, nullable: true, default: 1024 * KIB, status: 0 },
  { option: 'maxResponseBufferSize', kestrel: 'MaxResponseBufferSize', kind: 'bytes', min: 0, nullable: true, default: 64 * KIB, status: 0 },
  { option: 'keepAliveTimeout', kestrel: 'KeepAliveTimeout', kind: 'duration', min: 1, nullable: false, default: 130_000, status: 0 },
  { option: 'requestHeadersTimeout', kestrel: 'RequestHeadersTimeout', kind: 'duration', min: 1, nullable: false, default: 30_000, status: 408 },
  { option: 'minRequestBodyDataRate', kestrel: 'MinRequestBodyDataRate', kind: 'rate', min: 0, nullable: true, default: DEFAULT_RATE, status: 408 },
  { option: 'minResponseDataRate', kestrel: 'MinResponseDataRate', kind: 'rate', min: 0, nullable: true, default: DEFAULT_RATE, status: 0 },
];

const BY_OPTION = new Map(LIMITS.map((row) => [row.option as string, row]));

/** The defaults, frozen. */
export const DEFAULT_LIMITS: Readonly<Limits> = resolveLimits();

/**
 * Validates `options` against the table and returns a complete, frozen limits object.
 * Unknown names, wrong types and out-of-range values throw ERR_INVALID_OPTION naming the
 * limit, its Kestrel name and the accepted range.
 */
export function resolveLimits(options: LimitOptions = {}): Readonly<Limits> {
  if (options === null || typeof options !== 'object') {
    throw new WindhoverError('ERR_INVALID_OPTION', `limits must be an object, got ${describe(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!BY_OPTION.has(key)) throw new WindhoverError('ERR_INVALID_OPTION', unknownMessage(key));
  }
  const out: Record<string, unknown> = {};
  for (const row of LIMITS) {
    const given = (options as Record<string, unknown>)[row.option];
    out[row.option] = given === undefined ? row.default : validate(row, given);
  }
  return Object.freeze(out) as unknown as Limits;
}

function validate(row: LimitRow, value: unknown): unknown {
  const label = `limits.${row.option} (Kestrel ${row.kestrel})`;
  if (value === null) {
    if (row.nullable) return null;
    throw new WindhoverError('ERR_INVALID_OPTION', `${label} cannot be null`);
  }
  if (row.kind === 'rate') return validateRate(label, value);
  if (row.kind === 'duration') {
    // Kestrel accepts an infinite KeepAliveTimeout / RequestHeadersTimeout.
    if (value === Infinity) return value;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < row.min) {
      throw new WindhoverError('ERR_INVALID_OPTION',
        `${label} must be a positive number of milliseconds or Infinity, got ${describe(value)}`);
    }
    return value;
  }
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < row.min) {
    const range = row.nullable ? `an integer >= ${row.min} or null` : `an integer >= ${row.min}`;
    throw new WindhoverError('ERR_INVALID_OPTION', `${label} must be ${range}, got ${describe(value)}`);
  }
  return value;
}

function validateRate(label: string, value: unknown): DataRate {
  const rate = value as Partial<DataRate>;
  if (typeof value !== 'object' || value === null || Object.keys(value).some((k) => k !== 'bytesPerSecond' && k !== 'gracePeriod')) {
    throw new WindhoverError('ERR_INVALID_OPTION',
      `${label} must be null or { bytesPerSecond, gracePeriod }, got ${describe(value)}`);
  }
  if (typeof rate.bytesPerSecond !== 'number' || !(rate.bytesPerSecond > 0) || !Number.isFinite(rate.bytesPerSecond)) {
    throw new WindhoverError('ERR_INVALID_OPTION', `${label}.bytesPerSecond must be a positive number, got ${describe(rate.bytesPerSecond)}`);
  }
  // Kestrel requires the grace period to exceed its 1 s heartbeat; ours ticks once a second too.
  const grace = rate.gracePeriod ?? DEFAULT_RATE.gracePeriod;
  if (typeof grace !== 'number' || !Number.isFinite(grace) || grace < 1000) {
    throw new WindhoverError('ERR_INVALID_OPTION', `${label}.gracePeriod must be at least 1000 ms, got ${describe(grace)}`);
  }
  return Object.freeze({ bytesPerSecond: rate.bytesPerSecond, gracePeriod: grace });
}

function unknownMessage(key: string): string {
  const lower = key.toLowerCase();
  const near = LIMITS.find((row) => row.option.toLowerCase() === lower || row.kestrel.toLowerCase() === lower);
  const hint = near ? `; did you mean '${near.option}'?` : `; known limits: ${LIMITS.map((r) => r.option).join(', ')}`;
  return `unknown limit '${key}'${hint}`;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object' && value !== null) {
    try { return JSON.stringify(value); } catch { return 'an object'; }
  }
  return String(value);
}
