// The HTTP/1.x request engine the connection drives: one call per socket chunk, events in
// order (head, body segments, end with trailers, stop for upgrades / HTTP/2 preface, error
// with a stable code and the status Kestrel sends). This file fixes the contract the
// connection relies on. Its parser is an interim strict implementation in TypeScript
// (RFC 9112 §2-7: CRLF only, no obs-fold, token names, CL/TE decision table of
// reference/security.md §6, exactly one Host, chunk-size/extension grammar); it is to be
// replaced by the Wasm engine of windhover/parser behind the same interface.

import { Buffer } from 'node:buffer';
import { FieldList, NO_FIELDS, type RequestHeaders } from '../http/headers.js';
import type { Limits } from '../limits.js';

export interface ParsedHead {
  method: string;
  target: string;
  http10: boolean;
  /** The request allows the connection to persist (RFC 9112 §9.3). */
  keepAlive: boolean;
  expectContinue: boolean;
  /** An Expect other than 100-continue (RFC 9110 §10.1.1). */
  unknownExpectation: boolean;
  hasBody: boolean;
  /** Content-Length, or -1 for chunked. */
  contentLength: number;
  /** Upgrade or CONNECT: the engine stops after this head. */
  upgrade: boolean;
  headers: RequestHeaders;
}

export interface EngineHandler {
  onHead(head: ParsedHead): void;
  /** Body bytes; the view stays valid (it is never reused by the engine). */
  onBody(bytes: Uint8Array): void;
  onEnd(trailers: RequestHeaders): void;
  /** The engine stopped after an upgrade head; `rest` holds the bytes that followed. */
  onStop(rest: Uint8Array): void;
  /** An HTTP/2 connection preface arrived. */
  onPreface(): void;
  onError(code: string, status: number): void;
}

const HEAD = 0;
const LENGTH = 1;
const CHUNK_SIZE = 2;
const CHUNK_DATA = 3;
const CHUNK_CRLF = 4;
const TRAILERS = 5;
const STOPPED = 6;

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const REQUEST_LINE = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+) ([\x21-\x7e]+) HTTP\/(\d)\.(\d)$/;
const LOOSE_VERSION = /^\S+ \S+ HTTP\/(\d)\.(\d)$/;
const BAD_VALUE = /[\x00-\x08\x0a-\x1f\x7f]/;
const HOST = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-._~!$&'()*+,;=%]*)(?::\d*)?$/;
const CHUNK_LINE = /^([0-9A-Fa-f]+)((?:[ \t]*;[ \t]*[!#$%&'*+\-.^_`|~0-9A-Za-z]+(?:[ \t]*=[ \t]*(?:[!#$%&'*+\-.^_`|~0-9A-Za-z]+|"(?:[\t\x20\x21\x23-\x5b\x5d-\x7e\x80-\xff]|\\[\t\x20-\x7e\x80-\xff])*"))?)*)$/;
const FORBIDDEN_TRAILERS = new Set(['content-length', 'transfer-encoding', 'host', 'trailer', 'content-type', 'content-encoding', 'authorization', 'expect', 'connection', 'te', 'upgrade']);
const MAX_CHUNK_LINE = 16 * 1024;
const MAX_SAFE_HEX_DIGITS = 13;

class EngineError {
  constructor(readonly code: string, readonly status: number) {}
}

export class H1Engine {
  private phase = HEAD;
  private carry: Buffer | null = null;
  private remaining = 0;

  constructor(private readonly limits: Readonly<Limits>) {}

  /** Bytes of an incomplete head are held (RequestHeadersTimeout applies). */
  get midHead(): boolean {
    return this.phase === HEAD && this.carry !== null;
  }

  /** Strings views are already detached in this engine. */
  detachLive(): void {}

  dispose(): void {
    this.carry = null;
    this.phase = STOPPED;
  }

  execute(chunk: Buffer, handler: EngineHandler): void {
    if (this.phase === STOPPED) return;
    let buf = chunk;
    if (this.carry !== null) {
      buf = Buffer.concat([this.carry, chunk]);
      this.carry = null;
    }
    try {
      let pos = 0;
      while (pos < buf.length && this.phase !== STOPPED) {
        const next = this.step(buf, pos, handler);
        if (next < 0) {
          this.carry = Buffer.from(buf.subarray(pos));
          return;
        }
        pos = next;
      }
    } catch (error) {
      if (!(error instanceof EngineError)) throw error;
      this.phase = STOPPED;
      handler.onError(error.code, error.status);
    }
  }

  /** Consumes from `pos`; returns the new position, or -1 to wait for more bytes. */
  private step(buf: Buffer, pos: number, handler: EngineHandler): number {
    switch (this.phase) {
      case HEAD: return this.head(buf, pos, handler);
      case LENGTH: {
        const take = Math.min(this.remaining, buf.length - pos);
        handler.onBody(buf.subarray(pos, pos + take));
        this.remaining -= take;
        if (this.remaining === 0) {
          this.phase = HEAD;
          handler.onEnd(NO_FIELDS);
        }
        return pos + take;
      }
      case CHUNK_SIZE: return this.chunkSize(buf, pos);
      case CHUNK_DATA: {
        const take = Math.min(this.remaining, buf.length - pos);
        handler.onBody(buf.subarray(pos, pos + take));
        this.remaining -= take;
        if (this.remaining === 0) this.phase = CHUNK_CRLF;
        return pos + take;
      }
      case CHUNK_CRLF: {
        if (buf.length - pos < 2) {
          if (buf[pos] !== 13) throw new EngineError('E_INVALID_CHUNK_SIZE', 400);
          return -1;
        }
        if (buf[pos] !== 13 || buf[pos + 1] !== 10) throw new EngineError('E_INVALID_CHUNK_SIZE', 400);
        this.phase = CHUNK_SIZE;
        return pos + 2;
      }
      case TRAILERS: return this.trailers(buf, pos, handler);
      default: return buf.length;
    }
  }

  private head(buf: Buffer, pos: number, handler: EngineHandler): number {
    // RFC 9112 §2.2: ignore at least one empty line before a request line.
    while (buf[pos] === 13 && buf[pos + 1] === 10) pos += 2;
    if (pos >= buf.length) return buf.length;
    if (buf[pos] === 13 && pos + 1 === buf.length) return -1;
    checkLineEnds(buf, pos, buf.length);
    const end = buf.indexOf('\r\n\r\n', pos, 'latin1');
    const lineEnd = buf.indexOf('\r\n', pos, 'latin1');
    const { maxRequestLineSize, maxRequestHeadersTotalSize } = this.limits;
    if ((lineEnd < 0 ? buf.length : lineEnd) - pos > maxRequestLineSize) throw new EngineError('E_REQUEST_LINE_TOO_LONG', 414);
    if (end < 0) {
      if (buf.length - pos > maxRequestLineSize + maxRequestHeadersTotalSize + 4) throw new EngineError('E_HEADERS_TOO_LARGE', 431);
      // Reject a bad request line without waiting for the rest of the head.
      if (lineEnd > 0 && this.requestLine(buf.toString('latin1', pos, lineEnd), handler) === null) return buf.length;
      return -1;
    }
    const line = buf.toString('latin1', pos, lineEnd);
    const parts = this.requestLine(line, handler);
    if (parts === null) return buf.length;
    const fieldsStart = lineEnd + 2;
    if (end + 2 - fieldsStart > maxRequestHeadersTotalSize) throw new EngineError('E_HEADERS_TOO_LARGE', 431);
    const flat = parseFields(buf.toString('latin1', fieldsStart, end + 2), this.limits.maxRequestHeaderCount, 'E_TOO_MANY_HEADERS');
    const head = this.frame(parts, flat);
    handler.onHead(head);
    let next = end + 4;
    if (head.upgrade) {
      this.phase = STOPPED;
      handler.onStop(buf.subarray(next));
      return buf.length;
    }
    if (head.contentLength > 0) {
      this.phase = LENGTH;
      this.remaining = head.contentLength;
    } else if (head.contentLength < 0) {
      this.phase = CHUNK_SIZE;
    }
    return next;
  }

  /** Validates the request line; null after an HTTP/2 preface (the engine stopped). */
  private requestLine(line: string, handler: EngineHandler): [string, string, number] | null {
    if (line === 'PRI * HTTP/2.0') {
      this.phase = STOPPED;
      handler.onPreface();
      return null;
    }
    const match = REQUEST_LINE.exec(line);
    if (match === null) {
      const loose = LOOSE_VERSION.exec(line);
      if (loose !== null && loose[1] !== '1' && loose[1] !== '0') throw new EngineError('E_VERSION_NOT_SUPPORTED', 505);
      throw new EngineError('E_INVALID_REQUEST_LINE', 400);
    }
    if (match[3] !== '1') throw new EngineError(match[3] === '0' ? 'E_INVALID_VERSION' : 'E_VERSION_NOT_SUPPORTED', match[3] === '0' ? 400 : 505);
    if (match[4] !== '0' && match[4] !== '1') throw new EngineError('E_VERSION_NOT_SUPPORTED', 505);
    return [match[1], match[2], Number(match[4])];
  }

  /** RFC 9112 §6.1-6.3 and reference/security.md §6: the framing decision table. */
  private frame([method, target, minor]: [string, string, number], flat: string[]): ParsedHead {
    let contentLength = 0;
    let lengthLines = 0;
    let te: string[] | null = null;
    let hosts = 0;
    let hostValue = '';
    let close = false;
    let keepAliveToken = false;
    let upgradeToken = false;
    let upgradeField = false;
    let expectContinue = false;
    let unknownExpectation = false;
    for (let i = 0; i < flat.length; i += 2) {
      const name = flat[i].toLowerCase();
      const value = flat[i + 1];
      if (name === 'content-length') {
        lengthLines++;
        if (!/^\d{1,15}$/.test(value)) throw new EngineError('E_INVALID_CONTENT_LENGTH', 400);
        contentLength = Number(value);
      } else if (name === 'transfer-encoding') {
        (te ??= []).push(...value.split(',').map((s) => s.trim().toLowerCase()).filter((s) => s !== ''));
      } else if (name === 'host') {
        hosts++;
        hostValue = value;
      } else if (name === 'connection') {
        for (const token of value.toLowerCase().split(',')) {
          const t = token.trim();
          if (t === 'close') close = true;
          else if (t === 'keep-alive') keepAliveToken = true;
          else if (t === 'upgrade') upgradeToken = true;
        }
      } else if (name === 'upgrade') {
        upgradeField = true;
      } else if (name === 'expect') {
        if (value.toLowerCase() === '100-continue') expectContinue = true;
        else if (value !== '') unknownExpectation = true;
      }
    }
    const http10 = minor === 0;
    if (lengthLines > 1) throw new EngineError('E_DUPLICATE_CONTENT_LENGTH', 400);
    if (!http10 && hosts !== 1) throw new EngineError(hosts === 0 ? 'E_MISSING_HOST' : 'E_DUPLICATE_HOST', 400);
    if (hosts > 1) throw new EngineError('E_DUPLICATE_HOST', 400);
    if (hosts === 1 && !HOST.test(hostValue)) throw new EngineError('E_INVALID_HOST', 400);
    let chunked = false;
    if (te !== null) {
      if (http10) throw new EngineError('E_TRANSFER_ENCODING_IN_HTTP10', 400);
      if (lengthLines > 0) throw new EngineError('E_CONTENT_LENGTH_AND_TRANSFER_ENCODING', 400);
      if (te.length === 0 || te[te.length - 1] !== 'chunked') throw new EngineError('E_CHUNKED_NOT_FINAL', 400);
      if (te.indexOf('chunked') !== te.length - 1) throw new EngineError('E_CHUNKED_TWICE', 400);
      if (te.length > 1) throw new EngineError('E_UNSUPPORTED_TRANSFER_CODING', 501);
      if (!te.every((t) => TOKEN.test(t))) throw new EngineError('E_INVALID_TRANSFER_ENCODING', 400);
      chunked = true;
    }
    const upgrade = method === 'CONNECT' || (upgradeField && upgradeToken);
    return {
      method,
      target,
      http10,
      keepAlive: http10 ? keepAliveToken && !close : !close,
      expectContinue,
      unknownExpectation,
      hasBody: chunked || contentLength > 0,
      contentLength: chunked ? -1 : contentLength,
      upgrade,
      headers: new FieldList(flat),
    };
  }

  private chunkSize(buf: Buffer, pos: number): number {
    const lineEnd = buf.indexOf('\r\n', pos, 'latin1');
    checkLineEnds(buf, pos, lineEnd < 0 ? buf.length : lineEnd);
    if (lineEnd < 0) {
      if (buf.length - pos > MAX_CHUNK_LINE) throw new EngineError('E_CHUNK_EXTENSION_TOO_LARGE', 400);
      return -1;
    }
    const match = CHUNK_LINE.exec(buf.toString('latin1', pos, lineEnd));
    if (match === null) throw new EngineError('E_INVALID_CHUNK_SIZE', 400);
    const digits = match[1].replace(/^0+(?=.)/, '');
    if (digits.length > MAX_SAFE_HEX_DIGITS) throw new EngineError('E_INVALID_CHUNK_SIZE', 400);
    const size = parseInt(digits, 16);
    if (size === 0) {
      this.phase = TRAILERS;
    } else {
      this.phase = CHUNK_DATA;
      this.remaining = size;
    }
    return lineEnd + 2;
  }

  private trailers(buf: Buffer, pos: number, handler: EngineHandler): number {
    if (buf.length - pos < 2) return -1;
    if (buf[pos] === 13 && buf[pos + 1] === 10) {
      this.phase = HEAD;
      handler.onEnd(NO_FIELDS);
      return pos + 2;
    }
    checkLineEnds(buf, pos, buf.length);
    const end = buf.indexOf('\r\n\r\n', pos, 'latin1');
    if (end < 0) {
      if (buf.length - pos > this.limits.maxRequestHeadersTotalSize) throw new EngineError('E_TRAILERS_TOO_LARGE', 431);
      return -1;
    }
    if (end + 2 - pos > this.limits.maxRequestHeadersTotalSize) throw new EngineError('E_TRAILERS_TOO_LARGE', 431);
    const flat = parseFields(buf.toString('latin1', pos, end + 2), this.limits.maxRequestHeaderCount, 'E_TRAILERS_TOO_LARGE');
    for (let i = 0; i < flat.length; i += 2) {
      if (FORBIDDEN_TRAILERS.has(flat[i].toLowerCase())) throw new EngineError('E_FORBIDDEN_TRAILER', 400);
    }
    this.phase = HEAD;
    handler.onEnd(new FieldList(flat));
    return end + 4;
  }
}

/** RFC 9112 §2.2: CR only as part of CRLF; a bare LF ends no line here. */
function checkLineEnds(buf: Buffer, from: number, to: number): void {
  for (let i = buf.indexOf(10, from); i >= 0 && i < to; i = buf.indexOf(10, i + 1)) {
    if (i === 0 || buf[i - 1] !== 13) throw new EngineError('E_LF_EXPECTED', 400);
  }
  for (let i = buf.indexOf(13, from); i >= 0 && i < to; i = buf.indexOf(13, i + 1)) {
    if (i + 1 < buf.length && buf[i + 1] !== 10) throw new EngineError('E_CR_EXPECTED', 400);
  }
}

/** Field lines ending in CRLF each → flat [name, value, ...] (RFC 9112 §5, RFC 9110 §5.5). */
function parseFields(text: string, maxCount: number, countCode: string): string[] {
  const flat: string[] = [];
  let start = 0;
  while (start < text.length) {
    const end = text.indexOf('\r\n', start);
    const line = text.slice(start, end);
    start = end + 2;
    if (line.charCodeAt(0) === 32 || line.charCodeAt(0) === 9) throw new EngineError('E_OBS_FOLD', 400);
    const colon = line.indexOf(':');
    if (colon <= 0) throw new EngineError('E_INVALID_HEADER_TOKEN', 400);
    const name = line.slice(0, colon);
    if (!TOKEN.test(name)) throw new EngineError(/[ \t]$/.test(name) ? 'E_WHITESPACE_BEFORE_COLON' : 'E_INVALID_HEADER_TOKEN', 400);
    const value = line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, '');
    if (BAD_VALUE.test(value)) throw new EngineError('E_INVALID_HEADER_VALUE', 400);
    if (flat.length / 2 >= maxCount) throw new EngineError(countCode, 431);
    flat.push(name, value);
  }
  return flat;
}
