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
/**
 * Names already validated, with their lower-case form: application code repeats the same
 * few names on every response, so neither the check nor the lower-casing is redone.
 */
const knownNames = new Map<string, string>();

/** Validates a field name (RFC 9110 §5.1 token) and returns it lower-cased. */
export function headerKey(name: string): string {
  const known = knownNames.get(name);
  if (known !== undefined) return known;
  if (typeof name !== 'string' || !TOKEN.test(name)) {
    throw new WindhoverError('ERR_INVALID_HEADER_NAME', JSON.stringify(name));
  }
  const key = name.toLowerCase();
  if (knownNames.size < KNOWN_NAMES_MAX) knownNames.set(name, key);
  return key;
}

/** Short values already validated (content types and the like repeat on every response). */
const knownValues = new Set<string>();
const KNOWN_VALUE_LENGTH = 64;

export function headerValue(name: string, value: unknown): string {
  if (typeof value === 'string' && knownValues.has(value)) return value;
  const text = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
  if (text === undefined) {
    throw new WindhoverError('ERR_INVALID_HEADER_VALUE', `${name}: expected a string or number, got ${typeof value}`);
  }
  if (INVALID_VALUE_CHAR.test(text)) {
    throw new WindhoverError('ERR_INVALID_HEADER_VALUE', `${name}: ${JSON.stringify(text)}`);
  }
  if (text.length <= KNOWN_VALUE_LENGTH && knownValues.size < KNOWN_NAMES_MAX && typeof value === 'string') knownValues.add(text);
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

/**
 * Mutable header list of a response (or its trailers). Names keep the case they were given.
 * Stored flat as [lower-case name, name, value, ...] in one array made on first use.
 */
export class ResponseHeaders implements Iterable<[string, string]> {
  /** [key, name, value] triples; serializers read it directly. */
  list: string[] = EMPTY_LIST;
  /** Set by the response once the section is on the wire. */
  locked = false;
  /** FIELD_* bits of the fields present, so serializers skip lookups for absent ones. */
  flags = 0;

  constructor(private readonly trailer = false) {}

  /** Number of field lines. */
  get size(): number {
    return this.list.length / 3;
  }

  set(name: string, value: string | number): this {
    const key = this.check(name);
    const text = headerValue(name, value);
    const list = this.list;
    let at = -1;
    for (let i = 0; i < list.length; i += 3) {
      if (list[i] === key) {
        at = i;
        break;
      }
    }
    if (at < 0) {
      this.push(key, name, text);
      return this;
    }
    list[at + 1] = name;
    list[at + 2] = text;
    this.removeFrom(key, at + 3);
    return this;
  }

  append(name: string, value: string | number): this {
    const key = this.check(name);
    this.push(key, name, headerValue(name, value));
    return this;
  }

  /** All values of `name` joined with ", " (RFC 9110 §5.3), or null. */
  get(name: string): string | null {
    const key = name.toLowerCase();
    const list = this.list;
    let out: string | null = null;
    for (let i = 0; i < list.length; i += 3) {
      if (list[i] === key) out = out === null ? list[i + 2] : `${out}, ${list[i + 2]}`;
    }
    return out;
  }

  getAll(name: string): string[] {
    const key = name.toLowerCase();
    const out: string[] = [];
    for (let i = 0; i < this.list.length; i += 3) if (this.list[i] === key) out.push(this.list[i + 2]);
    return out;
  }

  has(name: string): boolean {
    const key = name.toLowerCase();
    for (let i = 0; i < this.list.length; i += 3) if (this.list[i] === key) return true;
    return false;
  }

  delete(name: string): boolean {
    if (this.locked) throw new WindhoverError('ERR_HEADERS_SENT', `cannot delete ${name}`);
    const before = this.list.length;
    this.removeFrom(name.toLowerCase(), 0);
    return this.list.length !== before;
  }

  /** Lower-cased names, in order (one per field line). */
  keys(): string[] {
    const out: string[] = [];
    for (let i = 0; i < this.list.length; i += 3) out.push(this.list[i]);
    return out;
  }

  *entries(): IterableIterator<[string, string]> {
    for (let i = 0; i < this.list.length; i += 3) yield [this.list[i + 1], this.list[i + 2]];
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }

  forEach(callback: (value: string, name: string) => void): void {
    for (let i = 0; i < this.list.length; i += 3) callback(this.list[i + 2], this.list[i + 1]);
  }

  private push(key: string, name: string, value: string): void {
    if (this.list === EMPTY_LIST) this.list = [key, name, value];
    else this.list.push(key, name, value);
    this.flags |= FIELD_BITS.get(key) ?? 0;
  }

  private check(name: string): string {
    if (this.locked) throw new WindhoverError('ERR_HEADERS_SENT', `cannot set ${name}`);
    const key = headerKey(name);
    if (this.trailer && FORBIDDEN_TRAILERS.has(key)) throw new WindhoverError('ERR_FORBIDDEN_TRAILER', name);
    return key;
  }

  private removeFrom(key: string, start: number): void {
    const list = this.list;
    for (let i = list.length - 3; i >= start; i -= 3) if (list[i] === key) list.splice(i, 3);
    let flags = 0;
    for (let i = 0; i < list.length; i += 3) flags |= FIELD_BITS.get(list[i]) ?? 0;
    this.flags = flags;
  }
}

const EMPTY_LIST: string[] = [];

/** Bits of ResponseHeaders.flags: which fields the serializers must look at. */
export const FIELD_CONTENT_LENGTH = 1;
export const FIELD_CONNECTION = 2;
export const FIELD_TRAILER = 4;
export const FIELD_DATE = 8;
export const FIELD_SERVER = 16;
export const FIELD_TRANSFER_ENCODING = 32;
export const FIELD_KEEP_ALIVE = 64;
const FIELD_BITS = new Map([
  ['content-length', FIELD_CONTENT_LENGTH], ['connection', FIELD_CONNECTION], ['trailer', FIELD_TRAILER],
  ['date', FIELD_DATE], ['server', FIELD_SERVER], ['transfer-encoding', FIELD_TRANSFER_ENCODING],
  ['keep-alive', FIELD_KEEP_ALIVE],
]);

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
