// The request/response context every protocol hands to middleware: one API for HTTP/1.x and
// HTTP/2. The transport supplies a ResponseSink (how a head, body chunks and trailers reach
// the wire) and a RequestBody; everything else here is protocol-neutral. Strings and objects
// (path, query, AbortSignal, ReadableStream) are made only when the application reads them.

import { Buffer } from 'node:buffer';
import type { RequestBody } from './body.js';
import { WindhoverError } from './errors.js';
import { FIELD_CONTENT_LENGTH, FIELD_TRAILER, NO_FIELDS, ResponseHeaders, type RequestHeaders } from './http/headers.js';

export type Protocol = 'HTTP/1.0' | 'HTTP/1.1' | 'HTTP/2';

/** Addresses of the connection a request arrived on (read from the socket on first use). */
export interface ConnectionInfo {
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly localAddress: string;
  readonly localPort: number;
  /** True for TLS connections. */
  readonly encrypted: boolean;
}

/** What the transport does with a response; implemented by the HTTP/1 and HTTP/2 layers. */
export interface ResponseSink {
  /** Head and a complete body of `length` bytes (body null: empty). */
  sendWhole(res: Response, body: string | Uint8Array | null, length: number): void;
  /** Head of a streamed body; `length` is the declared Content-Length or -1. */
  sendHead(res: Response, length: number): void;
  /** One non-empty body chunk; false when output is above MaxResponseBufferSize. */
  writeBody(chunk: string | Uint8Array, length: number): boolean;
  /** Settles when output is below MaxResponseBufferSize again, or the exchange is gone. */
  drain(): Promise<void>;
  /** End of the body; trailers (res.trailers) go out when the framing allows. */
  finish(res: Response): void;
}

const RESOLVED = Promise.resolve();

export type ResponseBody = string | Uint8Array | ArrayBuffer | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string> | null | undefined;

/** Method and target of a request; HTTP/1 passes the parser's lazy head view itself. */
export interface RequestHead {
  readonly method: string;
  /** The request-target exactly as received (RFC 9112 §3.2). */
  readonly target: string;
}

export class Request {
  private controller: AbortController | null = null;
  private abortReason: Error | null = null;
  private searchParams: URLSearchParams | null = null;
  private pathEnd = -2;
  /** Set by transports whose authority is not the Host field (HTTP/2 :authority). */
  authorityOverride: string | null = null;

  constructor(
    private readonly head: RequestHead,
    readonly protocol: Protocol,
    private fields: RequestHeaders | null,
    private readonly content: RequestBody | null,
    readonly connection: ConnectionInfo,
  ) {}

  get method(): string {
    return this.head.method;
  }

  /** The request's header fields (read-only, lazily decoded). */
  get headers(): RequestHeaders {
    return (this.fields ??= this.makeHeaders());
  }

  /** Transports that build the header view on first use override this. */
  protected makeHeaders(): RequestHeaders {
    return NO_FIELDS;
  }

  /** The request-target exactly as received (RFC 9112 §3.2), decoded from the head on first use. */
  get target(): string {
    return this.head.target;
  }

  /** Path of the target, undecoded: `/a/b` for `/a/b?x=1` and `http://h/a/b?x=1`; `*` for `*`. */
  get path(): string {
    const start = this.pathStart();
    if (start < 0) return this.target === '*' ? '*' : '';
    const end = this.queryStart();
    const path = this.target.slice(start, end < 0 ? this.target.length : end);
    return path === '' ? '/' : path;
  }

  /** `?x=1` or ''. */
  get search(): string {
    const at = this.queryStart();
    return at < 0 || at === this.target.length - 1 ? '' : this.target.slice(at);
  }

  get query(): URLSearchParams {
    return (this.searchParams ??= new URLSearchParams(this.search));
  }

  /** Host and port the client addressed (Host, the absolute-form authority, or :authority). */
  get authority(): string {
    if (this.authorityOverride !== null) return this.authorityOverride;
    const start = this.target.indexOf('://');
    if (this.target.charCodeAt(0) !== 47 && start > 0) {
      const end = this.target.indexOf('/', start + 3);
      return this.target.slice(start + 3, end < 0 ? undefined : end);
    }
    return this.headers.get('host') ?? '';
  }

  get scheme(): 'http' | 'https' {
    return this.connection.encrypted ? 'https' : 'http';
  }

  get remoteAddress(): string { return this.connection.remoteAddress; }
  get remotePort(): number { return this.connection.remotePort; }
  get localAddress(): string { return this.connection.localAddress; }
  get localPort(): number { return this.connection.localPort; }

  /** Fires when the client goes away before the response is complete. */
  get signal(): AbortSignal {
    if (this.controller === null) {
      this.controller = new AbortController();
      if (this.abortReason !== null) this.controller.abort(this.abortReason);
    }
    return this.controller.signal;
  }

  get aborted(): boolean {
    return this.abortReason !== null;
  }

  /** The body as a Web ReadableStream, or null for a request without content. */
  get body(): ReadableStream<Uint8Array> | null {
    return this.content === null ? null : this.content.toStream();
  }

  /** Whether the request carries content (a Content-Length above 0, or chunked). */
  get hasBody(): boolean {
    return this.content !== null;
  }

  bytes(): Promise<Uint8Array> {
    return this.content === null ? Promise.resolve(new Uint8Array(0)) : this.content.bytes();
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    return this.content === null ? Promise.resolve(new ArrayBuffer(0)) : this.content.arrayBuffer();
  }

  text(): Promise<string> {
    return this.content === null ? Promise.resolve('') : this.content.text();
  }

  json(): Promise<unknown> {
    return this.content === null ? Promise.reject(new SyntaxError('Unexpected end of JSON input')) : this.content.json();
  }

  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    if (this.content === null) return (async function* () {})();
    return this.content[Symbol.asyncIterator]();
  }

  /** Trailer fields; settles once the whole body has been read (empty when there are none). */
  get trailers(): Promise<RequestHeaders> {
    if (this.content === null) return Promise.resolve(NO_FIELDS);
    const pending = this.content.waitTrailers();
    pending.catch(noop);
    return pending;
  }

  /** MaxRequestBodySize for this request; may change only before the body is first read. */
  get maxRequestBodySize(): number | null {
    return this.content === null ? null : this.content.limit;
  }

  set maxRequestBodySize(value: number | null) {
    if (this.content === null) return;
    if (this.content.started) throw new WindhoverError('ERR_LIMIT_LOCKED');
    if (value !== null && (!Number.isSafeInteger(value) || value < 0)) {
      throw new WindhoverError('ERR_INVALID_OPTION', `maxRequestBodySize must be an integer >= 0 or null, got ${value}`);
    }
    this.content.limit = value;
  }

  /** Transport: the client went away. Fires `signal` and fails a pending body read. */
  abortRequest(reason: Error): void {
    if (this.abortReason !== null) return;
    this.abortReason = reason;
    this.controller?.abort(reason);
    this.content?.fail(reason);
  }

  private pathStart(): number {
    if (this.pathEnd === -2) this.pathEnd = computePathStart(this.target);
    return this.pathEnd;
  }

  private queryStart(): number {
    return this.pathStart() < 0 ? -1 : this.target.indexOf('?');
  }
}

function computePathStart(target: string): number {
  if (target.charCodeAt(0) === 47 /* / */) return 0;
  const scheme = target.indexOf('://');
  if (scheme <= 0) return -1;
  const slash = target.indexOf('/', scheme + 3);
  if (slash >= 0) return slash;
  const query = target.indexOf('?', scheme + 3);
  return query >= 0 ? query : target.length;
}

function noop(): void {}

const OPEN = 0;
const STREAMING = 1;
const ENDED = 2;

export class Response {
  private code = 200;
  private state = OPEN;
  private trailerFields: ResponseHeaders | null = null;
  private reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  private abortReason: Error | null = null;
  /** Reason phrase to send instead of the standard one (HTTP/1.x only). */
  statusText: string | undefined = undefined;
  readonly headers = new ResponseHeaders();
  /** The body being piped by send(stream), if any; the exchange waits for it. */
  pending: Promise<void> | null = null;

  constructor(private readonly sink: ResponseSink, readonly isHead: boolean) {}

  get status(): number {
    return this.code;
  }

  set status(value: number) {
    if (this.state !== OPEN) throw new WindhoverError('ERR_HEADERS_SENT', 'cannot change the status');
    if (!Number.isInteger(value) || value < 100 || value > 999) throw new WindhoverError('ERR_INVALID_STATUS', String(value));
    this.code = value;
  }

  get headersSent(): boolean {
    return this.state !== OPEN;
  }

  get finished(): boolean {
    return this.state === ENDED;
  }

  /** Trailer fields, sent after a chunked body (or as HTTP/2 trailers). */
  get trailers(): ResponseHeaders {
    return (this.trailerFields ??= new ResponseHeaders(true));
  }

  /** Whether trailers were set or declared (a `Trailer` field), which forces chunked framing. */
  get hasTrailers(): boolean {
    return (this.trailerFields !== null && this.trailerFields.size > 0) || (this.headers.flags & FIELD_TRAILER) !== 0;
  }

  /** Trailer fields set so far, or null. */
  get trailerSection(): ResponseHeaders | null {
    return this.trailerFields;
  }

  /** Sends the whole response. Streams and async iterables are piped; await the promise. */
  send(body?: ResponseBody): void | Promise<void> {
    if (this.state !== OPEN) throw new WindhoverError('ERR_HEADERS_SENT', 'send() after the response started');
    if (body === null || body === undefined) return this.sendBytes(null, 0);
    if (typeof body === 'string') return this.sendBytes(body, Buffer.byteLength(body));
    if (body instanceof Uint8Array) return this.sendBytes(body, body.byteLength);
    if (body instanceof ArrayBuffer) return this.sendBytes(new Uint8Array(body), body.byteLength);
    if (typeof (body as ReadableStream).getReader === 'function') return this.pipe((body as ReadableStream<Uint8Array>).getReader());
    if (typeof (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] === 'function') return this.pipeIterable(body as AsyncIterable<Uint8Array | string>);
    throw new WindhoverError('ERR_INVALID_BODY', typeof body);
  }

  /** Streams one chunk; resolves at once unless output is above MaxResponseBufferSize. */
  write(chunk: string | Uint8Array): Promise<void> {
    if (this.state === ENDED) throw this.abortReason ?? new WindhoverError('ERR_RESPONSE_ENDED');
    if (this.state === OPEN) this.startStreaming();
    const length = typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
    if (length === 0) return RESOLVED;
    return this.sink.writeBody(chunk, length) ? RESOLVED : this.sink.drain();
  }

  /** Ends the response (sends it whole if nothing was written yet). */
  end(chunk?: string | Uint8Array): void {
    if (this.state === ENDED) {
      if (chunk !== undefined && this.abortReason === null) throw new WindhoverError('ERR_RESPONSE_ENDED');
      return;
    }
    if (this.state === OPEN) {
      this.send(chunk ?? null);
      return;
    }
    if (chunk !== undefined) {
      const length = typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
      if (length > 0) this.sink.writeBody(chunk, length);
    }
    this.state = ENDED;
    this.sink.finish(this);
  }

  /** Sends the head now; the body follows with write()/end(). */
  flushHeaders(): void {
    if (this.state === OPEN) this.startStreaming();
  }

  /** Transport: the exchange is gone; later writes throw `reason`, a piped stream is cancelled. */
  abortResponse(reason: Error): void {
    if (this.abortReason !== null) return;
    this.abortReason = reason;
    this.state = ENDED;
    this.headers.locked = true;
    this.reader?.cancel(reason).catch(noop);
  }

  private sendBytes(body: string | Uint8Array | null, length: number): void {
    this.checkFinalStatus(length);
    const declared = (this.headers.flags & FIELD_CONTENT_LENGTH) !== 0 ? this.headers.get('content-length') : null;
    if (declared !== null) {
      if (this.isHead && length === 0) length = parseLength(declared);
      else if (parseLength(declared) !== length) {
        throw new WindhoverError('ERR_CONTENT_LENGTH_MISMATCH', `Content-Length ${declared}, body ${length} bytes`);
      }
    }
    this.state = ENDED;
    this.headers.locked = true;
    this.sink.sendWhole(this, body, length);
  }

  private startStreaming(): void {
    this.checkFinalStatus(0);
    const declared = (this.headers.flags & FIELD_CONTENT_LENGTH) !== 0 ? this.headers.get('content-length') : null;
    this.state = STREAMING;
    this.headers.locked = true;
    this.sink.sendHead(this, declared === null ? -1 : parseLength(declared));
  }

  private checkFinalStatus(length: number): void {
    if (this.code < 200) throw new WindhoverError('ERR_INVALID_STATUS', `${this.code} is not a final status`);
    if (length > 0 && (this.code === 204 || this.code === 304)) throw new WindhoverError('ERR_BODY_NOT_ALLOWED', String(this.code));
  }

  private pipe(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
    this.startStreaming();
    this.reader = reader;
    return this.track((async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done || this.state === ENDED) break;
          await this.write(value);
        }
      } catch (error) {
        reader.cancel(error).catch(noop);
        throw error;
      } finally {
        this.reader = null;
      }
      this.end();
    })());
  }

  private pipeIterable(source: AsyncIterable<Uint8Array | string>): Promise<void> {
    this.startStreaming();
    return this.track((async () => {
      for await (const chunk of source) {
        if (this.state === ENDED) break;
        await this.write(chunk);
      }
      this.end();
    })());
  }

  /**
   * Keeps the exchange open until a piped body is done. A client that went away ends the
   * pipe quietly; the promise is marked handled so that an un-awaited send() never becomes
   * an unhandled rejection.
   */
  private track(pump: Promise<void>): Promise<void> {
    const pending = pump.catch((error) => {
      if (this.abortReason === null) throw error;
    });
    pending.catch(noop);
    this.pending = pending;
    return pending;
  }
}

function parseLength(value: string): number {
  if (!/^\d{1,15}$/.test(value)) throw new WindhoverError('ERR_INVALID_HEADER_VALUE', `Content-Length: ${value}`);
  return Number(value);
}

/** What middleware receives. */
export class Context {
  private bag: Record<string, unknown> | null = null;

  constructor(readonly request: Request, readonly response: Response) {}

  /** Per-request scratch space for middleware. */
  get state(): Record<string, unknown> {
    return (this.bag ??= {});
  }
}
