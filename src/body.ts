// The request body as the application consumes it, for every protocol. The transport pushes
// decoded body segments in (Content-Length or chunked for HTTP/1.1, DATA frames for HTTP/2);
// the application pulls them out as a Web ReadableStream, an async iterator, or whole through
// text()/json()/bytes()/arrayBuffer(). Owns the queue of received-but-unread segments and
// counts bytes against MaxRequestBodySize; signals the transport to pause reading the socket
// once MaxRequestBufferSize is queued (Kestrel's input back-pressure) and to resume below it.

import { Buffer } from 'node:buffer';
import { WindhoverError } from './errors.js';
import { NO_FIELDS, type RequestHeaders } from './http/headers.js';

/** Callbacks into the transport that owns the body. */
export interface BodyTransport {
  /** The application started to read (within the limit): send 100 Continue, watch the rate. */
  bodyReadStarted(body: RequestBody): void;
  /** The queue fell below the high-water mark: resume reading if paused. */
  bodyDrained(body: RequestBody): void;
  /** The body failed (limit exceeded, malformed) or the application cancelled it. */
  bodyStopped(body: RequestBody): void;
}

const OPEN = 0;
const ENDED = 1;
const FAILED = 2;

const decoder = new TextDecoder();

export class RequestBody implements AsyncIterable<Uint8Array> {
  private chunks: Uint8Array[] = [];
  private head = 0;
  private state = OPEN;
  private failure: Error | null = null;
  private waiter: { resolve: (chunk: Uint8Array | null) => void; reject: (error: Error) => void } | null = null;
  private trailerWaiters: ((ok: boolean) => void)[] | null = null;
  private stream: ReadableStream<Uint8Array> | null = null;
  private cancelled = false;
  /** Bytes queued and not yet read. */
  queued = 0;
  /** Bytes received in total. */
  received = 0;
  /** A consumer (stream, iterator or whole-body method) has been chosen. */
  used = false;
  /** Reading has started; maxRequestBodySize is fixed from here on. */
  started = false;
  /** MaxRequestBodySize for this request (null: unlimited). */
  limit: number | null;
  trailers: RequestHeaders = NO_FIELDS;

  constructor(
    private readonly transport: BodyTransport,
    limit: number | null,
    private readonly highWater: number,
    /** Declared length (Content-Length), or -1 when unknown (chunked, HTTP/2 without one). */
    readonly declaredLength: number,
  ) {
    this.limit = limit;
  }

  get ended(): boolean {
    return this.state === ENDED;
  }

  get failed(): boolean {
    return this.state === FAILED;
  }

  get error(): Error | null {
    return this.failure;
  }

  // ---- transport side -------------------------------------------------------------------

  /** Queues a segment; returns false when the transport should stop reading for now. */
  push(chunk: Uint8Array): boolean {
    if (this.state !== OPEN) return false;
    this.received += chunk.length;
    // Kestrel checks the limit once reading starts, so the application can still raise it.
    if (this.started && this.limit !== null && this.received > this.limit) {
      this.fail(new WindhoverError('ERR_BODY_TOO_LARGE', `more than ${this.limit} bytes`, 413));
      return false;
    }
    if (this.cancelled) return true;
    if (this.waiter !== null && this.queued === 0) {
      const { resolve } = this.waiter;
      this.waiter = null;
      resolve(chunk);
      return true;
    }
    this.chunks.push(chunk);
    this.queued += chunk.length;
    return this.queued < this.highWater;
  }

  /** The body is complete; `trailers` are the request's trailer fields, if any. */
  end(trailers: RequestHeaders = NO_FIELDS): void {
    if (this.state !== OPEN) return;
    this.state = ENDED;
    this.trailers = trailers;
    if (this.waiter !== null && this.queued === 0) {
      const { resolve } = this.waiter;
      this.waiter = null;
      resolve(null);
    }
    this.settleTrailers(true);
  }

  /** The body cannot complete (client went away, limit exceeded, malformed chunk). */
  fail(error: Error): void {
    if (this.state !== OPEN) return;
    this.state = FAILED;
    this.failure = error;
    this.chunks = [];
    this.head = 0;
    this.queued = 0;
    if (this.waiter !== null) {
      const { reject } = this.waiter;
      this.waiter = null;
      reject(error);
    }
    this.settleTrailers(false);
    this.transport.bodyStopped(this);
  }

  // ---- application side ---------------------------------------------------------------

  /** Next segment, or null at the end. Segments are views the application may keep. */
  read(): Promise<Uint8Array | null> {
    if (!this.started) this.start();
    if (this.waiter !== null) return Promise.reject(new WindhoverError('ERR_BODY_USED', 'concurrent read'));
    if (this.queued > 0) {
      const chunk = this.chunks[this.head];
      this.chunks[this.head++] = EMPTY;
      if (this.head === this.chunks.length) {
        this.chunks = [];
        this.head = 0;
      }
      const wasFull = this.queued >= this.highWater;
      this.queued -= chunk.length;
      if (wasFull && this.queued < this.highWater) this.transport.bodyDrained(this);
      return Promise.resolve(chunk);
    }
    if (this.state === ENDED) return Promise.resolve(null);
    if (this.state === FAILED) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  /** The whole body as one Uint8Array. */
  async bytes(): Promise<Uint8Array> {
    this.claim();
    const parts: Uint8Array[] = [];
    let total = 0;
    for (let chunk = await this.read(); chunk !== null; chunk = await this.read()) {
      parts.push(chunk);
      total += chunk.length;
    }
    if (parts.length === 1) return new Uint8Array(parts[0]);
    const out = new Uint8Array(total);
    let offset = 0;
    for (const part of parts) {
      out.set(part, offset);
      offset += part.length;
    }
    return out;
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    return (await this.bytes()).buffer as ArrayBuffer;
  }

  /** UTF-8 decoded (WHATWG "UTF-8 decode": a leading BOM is dropped, bad bytes become U+FFFD). */
  async text(): Promise<string> {
    return decoder.decode(await this.bytes());
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  /** The body as a Web ReadableStream (created once; pulls only when the consumer reads). */
  toStream(): ReadableStream<Uint8Array> {
    if (this.stream !== null) return this.stream;
    this.claim();
    this.stream = new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        const chunk = await this.read();
        if (chunk === null) controller.close();
        else controller.enqueue(chunk);
      },
      cancel: () => this.cancel(),
    }, { highWaterMark: 0 });
    return this.stream;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    this.claim();
    for (let chunk = await this.read(); chunk !== null; chunk = await this.read()) yield chunk;
  }

  /** Resolves with the trailer fields once the whole body has been read. */
  waitTrailers(): Promise<RequestHeaders> {
    if (this.state === ENDED) return Promise.resolve(this.trailers);
    if (this.state === FAILED) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      (this.trailerWaiters ??= []).push((ok) => (ok ? resolve(this.trailers) : reject(this.failure)));
    });
  }

  /** The application does not want the rest: queued bytes are dropped, later ones discarded. */
  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.used = true;
    this.started = true;
    this.chunks = [];
    this.head = 0;
    this.queued = 0;
    if (this.state === OPEN) this.transport.bodyStopped(this);
  }

  get isCancelled(): boolean {
    return this.cancelled;
  }

  private claim(): void {
    if (this.used) throw new WindhoverError('ERR_BODY_USED');
    this.used = true;
  }

  private start(): void {
    this.started = true;
    const limit = this.limit;
    if (limit !== null && this.state !== FAILED && (this.declaredLength > limit || this.received > limit)) {
      // Refused even when every byte is already here: the limit is about what the
      // application accepts, checked when it starts reading (Kestrel's order).
      this.state = OPEN;
      this.fail(new WindhoverError('ERR_BODY_TOO_LARGE', `more than ${limit} bytes`, 413));
      return;
    }
    this.transport.bodyReadStarted(this);
  }

  private settleTrailers(ok: boolean): void {
    const waiters = this.trailerWaiters;
    if (waiters === null) return;
    this.trailerWaiters = null;
    for (const settle of waiters) settle(ok);
  }
}

const EMPTY = new Uint8Array(0);

/** Copies a view that aliases memory the transport will reuse (e.g. a Wasm input window). */
export function copyBytes(view: Uint8Array): Uint8Array {
  return Buffer.from(view);
}
