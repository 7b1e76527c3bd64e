// Header fields on both sides of an exchange, for every protocol.
// - Validation of what the application sends (RFC 9110 §5.1 field-name = token; §5.5 field
//   values: no CR, LF, NUL or other CTL except HTAB, and nothing above 0xFF, which a latin1
//   wire encoding could not carry). Invalid input throws to the application and never
//   reaches the wire.
// - ResponseHeaders: the application's mutable header (or trailer) list.
// - RequestHeaders: the read-only, Headers-like view every protocol hands to the application;
//   FieldList is the array-backed implementation.

import { WindhoverError } from '../errors.js';

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const INVALID_VALUE_CHAR = /[^\t\x20-\x7e\x80-\xff]/;
const KNOWN_NAMES_MAX = 512;
/** Names already validated (application code repeats the same few names on every request). */
const knownNames = new Set<string>();

export function assertHeaderName(name: string): void {
  if (knownNames.has(name)) return;
  if (typeof name !== 'string' || !TOKEN.test(name)) {
    throw new WindhoverError('ERR_INVALID_HEADER_NAME', JSON.stringify(name));
  }
  if (knownNames.size < KNOWN_NAMES_MAX) knownNames.add(name);
}

export function headerValue(name: string, value: unknown): string {
  const text = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
  if (text === undefined) {
    throw new WindhoverError('ERR_INVALID_HEADER_VALUE', `${name}: expected a string or number, got ${typeof value}`);
  }
  if (INVALID_VALUE_CHAR.test(text)) {
    throw new WindhoverError('ERR_INVALID_HEADER_VALUE', `${name}: ${JSON.stringify(text)}`);
  }
  return text;
}

/**
 * Fields that cannot be sent in a trailer section (RFC 9110 §6.5.1: framing, routing,
 * authentication, response control and content-processing fields).
 */
const FORBIDDEN_TRAILERS = new Set([
  'transfer-encoding', 'content-length', 'content-type', 'content-encoding', 'content-range',
  'trailer', 'host', 'te', 'connection', 'keep-alive', 'upgrade', 'proxy-connection',
  'authorization', 'proxy-authenticate', 'www-authenticate', 'set-cookie', 'cache-control',
  'expires', 'date', 'age', 'location', 'retry-after', 'vary', 'expect', 'max-forwards', 'range',
]);

/** Mutable header list of a response (or its trailers). Names keep the case they were given. */
export class ResponseHeaders implements Iterable<[string, string]> {
  /** Lower-cased names, for lookups. */
  readonly keys: string[] = [];
  readonly names: string[] = [];
  readonly values: string[] = [];
  /** Set by the response once the section is on the wire. */
  locked = false;

  constructor(private readonly trailer = false) {}

  get size(): number {
    return this.keys.length;
  }

  set(name: string, value: string | number): this {
    const key = this.check(name);
    const text = headerValue(name, value);
    const at = this.keys.indexOf(key);
    if (at < 0) {
      this.keys.push(key);
      this.names.push(name);
      this.values.push(text);
      return this;
    }
    this.names[at] = name;
    this.values[at] = text;
    this.removeFrom(key, at + 1);
    return this;
  }

  append(name: string, value: string | number): this {
    const key = this.check(name);
    const text = headerValue(name, value);
    this.keys.push(key);
    this.names.push(name);
    this.values.push(text);
    return this;
  }

  /** All values of `name` joined with ", " (RFC 9110 §5.3), or null. */
  get(name: string): string | null {
    const key = name.toLowerCase();
    let out: string | null = null;
    for (let i = 0; i < this.keys.length; i++) {
      if (this.keys[i] === key) out = out === null ? this.values[i] : `${out}, ${this.values[i]}`;
    }
    return out;
  }

  getAll(name: string): string[] {
    const key = name.toLowerCase();
    const out: string[] = [];
    for (let i = 0; i < this.keys.length; i++) if (this.keys[i] === key) out.push(this.values[i]);
    return out;
  }

  has(name: string): boolean {
    return this.keys.indexOf(name.toLowerCase()) >= 0;
  }

  delete(name: string): boolean {
    if (this.locked) throw new WindhoverError('ERR_HEADERS_SENT', `cannot delete ${name}`);
    const key = name.toLowerCase();
    const before = this.keys.length;
    this.removeFrom(key, 0);
    return this.keys.length !== before;
  }

  *entries(): IterableIterator<[string, string]> {
    for (let i = 0; i < this.keys.length; i++) yield [this.names[i], this.values[i]];
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }

  forEach(callback: (value: string, name: string) => void): void {
    for (let i = 0; i < this.keys.length; i++) callback(this.values[i], this.names[i]);
  }

  private check(name: string): string {
    if (this.locked) throw new WindhoverError('ERR_HEADERS_SENT', `cannot set ${name}`);
    assertHeaderName(name);
    const key = name.toLowerCase();
    if (this.trailer && FORBIDDEN_TRAILERS.has(key)) throw new WindhoverError('ERR_FORBIDDEN_TRAILER', name);
    return key;
  }

  private removeFrom(key: string, start: number): void {
    for (let i = this.keys.length - 1; i >= start; i--) {
      if (this.keys[i] === key) {
        this.keys.splice(i, 1);
        this.names.splice(i, 1);
        this.values.splice(i, 1);
      }
    }
  }
}

/** The request's fields as the application sees them, whatever the protocol. */
export interface RequestHeaders extends Iterable<[string, string]> {
  /** Number of field lines received. */
  readonly size: number;
  /** Values of `name` (case-insensitive) joined with ", " (cookie: "; "), or null. */
  get(name: string): string | null;
  getAll(name: string): string[];
  has(name: string): boolean;
  /** [lower-case name, value] per field line, in the order received. */
  entries(): IterableIterator<[string, string]>;
  forEach(callback: (value: string, name: string) => void): void;
  /** [name, value] per field line with the name as received. */
  raw(): [string, string][];
}

/** RequestHeaders over a flat [name, value, name, value, ...] list (names as received). */
export class FieldList implements RequestHeaders {
  private lower: string[] | null = null;

  constructor(private readonly flat: readonly string[]) {}

  get size(): number {
    return this.flat.length >> 1;
  }

  get(name: string): string | null {
    const key = name.toLowerCase();
    const keys = this.keys();
    let out: string | null = null;
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] !== key) continue;
      const value = this.flat[2 * i + 1];
      out = out === null ? value : `${out}${key === 'cookie' ? '; ' : ', '}${value}`;
    }
    return out;
  }

  getAll(name: string): string[] {
    const key = name.toLowerCase();
    const keys = this.keys();
    const out: string[] = [];
    for (let i = 0; i < keys.length; i++) if (keys[i] === key) out.push(this.flat[2 * i + 1]);
    return out;
  }

  has(name: string): boolean {
    return this.keys().indexOf(name.toLowerCase()) >= 0;
  }

  *entries(): IterableIterator<[string, string]> {
    const keys = this.keys();
    for (let i = 0; i < keys.length; i++) yield [keys[i], this.flat[2 * i + 1]];
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }

  forEach(callback: (value: string, name: string) => void): void {
    const keys = this.keys();
    for (let i = 0; i < keys.length; i++) callback(this.flat[2 * i + 1], keys[i]);
  }

  raw(): [string, string][] {
    const out: [string, string][] = [];
    for (let i = 0; i < this.flat.length; i += 2) out.push([this.flat[i], this.flat[i + 1]]);
    return out;
  }

  private keys(): string[] {
    if (this.lower === null) {
      this.lower = [];
      for (let i = 0; i < this.flat.length; i += 2) this.lower.push(this.flat[i].toLowerCase());
    }
    return this.lower;
  }
}

/** An empty field section (a request without trailers). */
export const NO_FIELDS: RequestHeaders = new FieldList([]);
