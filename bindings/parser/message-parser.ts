// The eager parsers: RequestParser and ResponseParser turn the engine's events into plain
// message objects (strings for everything, the body as bytes), on the same single Wasm call
// per chunk. push() returns the messages completed by that chunk; optional callbacks give
// streaming access (the head as soon as it is complete, body pieces as they arrive, then
// completion). After an upgrade or the HTTP/2 preface the parser stops and says where the
// other protocol's bytes start.
import { H1Engine, EVENT_HEAD, EVENT_BODY, EVENT_END, EVENT_UPGRADE, EVENT_H2_PREFACE, EVENT_ERROR } from './low-level.js';
import type { HeadView } from './head-view.js';
import type { ParseError } from './errors.js';
import type { ParserOptions } from './options.js';
import { F_CHUNKED, F_CONTENT_LENGTH, F_KEEP_ALIVE, F_UPGRADE } from './generated.js';

interface MessageBase {
  versionMajor: number;
  versionMinor: number;
  /** Field lines in wire order as [lower-case name, value] (OWS trimmed). */
  headers: [string, string][];
  /** Decoded body (chunked framing removed). One piece: a view of the pushed chunk. */
  body: Uint8Array;
  /** Trailer fields as [lower-case name, value]; a shared frozen [] when there are none. */
  trailers: [string, string][];
  chunked: boolean;
  /** Content-Length when present, else null. */
  contentLength: number | null;
  keepAlive: boolean;
  /** The connection switches protocol after this message (Upgrade, CONNECT, 101). */
  upgrade: boolean;
  complete: boolean;
}

export interface RequestMessage extends MessageBase {
  method: string;
  url: string;
}

export interface ResponseMessage extends MessageBase {
  status: number;
  reason: string;
}

export interface UpgradeInfo {
  /** 'upgrade' (Upgrade, CONNECT, 101, CONNECT 2xx) or 'h2-preface' (RFC 9113 §3.4). */
  kind: 'upgrade' | 'h2-preface';
  /** Stream offset where the other protocol's bytes start. */
  offset: number;
  /** Those bytes, as far as they were pushed. */
  rest: Uint8Array;
}

export interface ParseResult<M> {
  messages: M[];
  error: ParseError | null;
  upgrade: UpgradeInfo | null;
}

export interface MessageCallbacks<M> {
  /** The head is complete (body empty, complete false). */
  onHeaders?(message: M): void;
  /** A body piece (a view of the pushed chunk). When set, `body` is not collected. */
  onBody?(message: M, piece: Uint8Array): void;
  /** The message is complete. */
  onMessage?(message: M): void;
}

const EMPTY = new Uint8Array(0);
/** Shared by every message without trailers (frozen: trailers are replaced, never appended to). */
const NO_TRAILERS = Object.freeze([]) as unknown as [string, string][];

function join(pieces: Uint8Array[]): Uint8Array {
  if (pieces.length === 0) return EMPTY;
  if (pieces.length === 1) return pieces[0];
  let size = 0;
  for (const piece of pieces) size += piece.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const piece of pieces) {
    out.set(piece, at);
    at += piece.length;
  }
  return out;
}

abstract class MessageParser<M extends MessageBase> {
  protected readonly engine: H1Engine;
  private readonly callbacks: MessageCallbacks<M>;
  private current: M | null = null;
  private pieces: Uint8Array[] = [];
  /** The error that stopped the parser, if any. */
  error: ParseError | null = null;
  /** Set once the parser stopped for an upgrade or the HTTP/2 preface. */
  upgrade: UpgradeInfo | null = null;

  constructor(kind: 'request' | 'response', options: ParserOptions & MessageCallbacks<M>) {
    this.engine = new H1Engine(kind, options);
    this.callbacks = options;
  }

  protected abstract build(view: HeadView): M;

  /** The message whose head is parsed but which is not complete yet, if any. */
  get pending(): M | null {
    const message = this.current;
    if (message !== null && this.pieces.length !== 0) message.body = join(this.pieces);
    return message;
  }

  /** Parses a chunk of the stream; returns the messages it completed. */
  push(chunk: Uint8Array): ParseResult<M> {
    const result: ParseResult<M> = { messages: [], error: null, upgrade: null };
    let offset = 0;
    do {
      offset = this.engine.push(chunk, offset);
      this.drain(result);
    } while (offset < chunk.length && !this.engine.isStopped);
    return result;
  }

  /** End of input: completes a close-delimited response, or reports an incomplete message. */
  finish(): ParseResult<M> {
    const result: ParseResult<M> = { messages: [], error: null, upgrade: null };
    this.engine.finish();
    this.drain(result);
    return result;
  }

  /** Starts over on a new stream with the same options. */
  reset(): void {
    this.engine.reset();
    this.current = null;
    this.pieces = [];
    this.error = null;
    this.upgrade = null;
  }

  /** Frees the Wasm slot now rather than when the parser is garbage-collected. */
  dispose(): void {
    this.engine.dispose();
  }

  private drain(result: ParseResult<M>): void {
    const engine = this.engine;
    const callbacks = this.callbacks;
    let kind: number;
    while ((kind = engine.next()) !== 0) {
      if (kind === EVENT_HEAD) {
        const message = this.build(engine.head());
        this.current = message;
        this.pieces = [];
        callbacks.onHeaders?.(message);
      } else if (kind === EVENT_BODY) {
        const piece = engine.body();
        if (callbacks.onBody) callbacks.onBody(this.current!, piece);
        else this.pieces.push(piece);
      } else if (kind === EVENT_END) {
        const message = this.current!;
        if (engine.trailerCount !== 0) message.trailers = engine.trailers();
        message.body = join(this.pieces);
        message.complete = true;
        this.pieces = [];
        this.current = null;
        result.messages.push(message);
        callbacks.onMessage?.(message);
      } else if (kind === EVENT_UPGRADE || kind === EVENT_H2_PREFACE) {
        this.upgrade = result.upgrade = {
          kind: kind === EVENT_UPGRADE ? 'upgrade' : 'h2-preface',
          offset: engine.streamOffset,
          rest: engine.rest(),
        };
      } else if (kind === EVENT_ERROR) {
        this.error = result.error = engine.error;
      }
    }
  }
}

/** Content-Length from a head's flags and words, or null. */
function lengthOf(view: HeadView, flags: number): number | null {
  return (flags & F_CONTENT_LENGTH) !== 0 ? view.contentLength : null;
}

export class RequestParser extends MessageParser<RequestMessage> {
  constructor(options: ParserOptions & MessageCallbacks<RequestMessage> = {}) {
    super('request', options);
  }

  protected build(view: HeadView): RequestMessage {
    const flags = view.flags;
    // One literal with every field: all messages share one hidden class.
    return {
      method: view.method,
      url: view.target,
      versionMajor: view.versionMajor,
      versionMinor: view.versionMinor,
      headers: view.headers(),
      body: EMPTY,
      trailers: NO_TRAILERS,
      chunked: (flags & F_CHUNKED) !== 0,
      contentLength: lengthOf(view, flags),
      keepAlive: (flags & F_KEEP_ALIVE) !== 0,
      upgrade: (flags & F_UPGRADE) !== 0,
      complete: false,
    };
  }
}

export class ResponseParser extends MessageParser<ResponseMessage> {
  constructor(options: ParserOptions & MessageCallbacks<ResponseMessage> = {}) {
    super('response', options);
  }

  /** The next response answers a request with this method (HEAD: no body; CONNECT: a 2xx
   *  opens a tunnel). Call once per request, in order, whenever any request is HEAD or CONNECT. */
  expectResponseTo(method: string): void {
    this.engine.expectResponseTo(method);
  }

  protected build(view: HeadView): ResponseMessage {
    const flags = view.flags;
    return {
      status: view.status,
      reason: view.reason,
      versionMajor: view.versionMajor,
      versionMinor: view.versionMinor,
      headers: view.headers(),
      body: EMPTY,
      trailers: NO_TRAILERS,
      chunked: (flags & F_CHUNKED) !== 0,
      contentLength: lengthOf(view, flags),
      keepAlive: (flags & F_KEEP_ALIVE) !== 0,
      upgrade: (flags & F_UPGRADE) !== 0,
      complete: false,
    };
  }
}

export interface OneShotOptions {
  /** Treat the end of the bytes as the end of the stream (completes a close-delimited
   *  response; an incomplete message becomes INCOMPLETE_MESSAGE). Default false. */
  end?: boolean;
}

function oneShot<M extends MessageBase>(parser: MessageParser<M>, bytes: Uint8Array, end: boolean): ParseResult<M> {
  try {
    const result = parser.push(bytes);
    if (end && !result.error && !result.upgrade) {
      const last = parser.finish();
      result.messages.push(...last.messages);
      result.error = last.error;
    }
    const pending = parser.pending;
    if (pending && !result.upgrade) result.messages.push(pending);
    return result;
  } finally {
    parser.dispose();
  }
}

/** Parses a byte sequence of requests; an incomplete last message is listed with complete false. */
export function parseRequest(bytes: Uint8Array, options: ParserOptions & OneShotOptions = {}): ParseResult<RequestMessage> {
  return oneShot(new RequestParser(options), bytes, options.end ?? false);
}

/** Parses a byte sequence of responses; see parseRequest. */
export function parseResponse(bytes: Uint8Array,
  options: ParserOptions & OneShotOptions & { requestMethods?: string[] } = {}): ParseResult<ResponseMessage> {
  const parser = new ResponseParser(options);
  for (const method of options.requestMethods ?? []) parser.expectResponseTo(method);
  return oneShot(parser, bytes, options.end ?? false);
}
