// The request side of an HTTP/1.x connection: windhover/parser's low-level Wasm engine (one
// call per socket chunk; events for heads, body segments, message ends with trailers,
// upgrades, the HTTP/2 preface and errors with stable codes and Kestrel's statuses) turned
// into the handful of facts the connection acts on. Heads stay lazy: strings are decoded only
// when read, and a head's view lives in shared Wasm memory until the connection retains it.

import { lowLevel, type ParserOptions } from '../../bindings/parser/index.js';
import { WindhoverError } from '../errors.js';
import { FieldList, NO_FIELDS, type RequestHeaders } from '../http/headers.js';
import type { Limits } from '../limits.js';

type Engine = InstanceType<typeof lowLevel.H1Engine>;

const EXPECT = lowLevel.headerId('expect');
// Event kinds as module constants: reading them off the namespace object on every event
// costs a property lookup the hot loop does not need.
const EVENT_NONE = lowLevel.EVENT_NONE;
const EVENT_HEAD = lowLevel.EVENT_HEAD;
const EVENT_BODY = lowLevel.EVENT_BODY;
const EVENT_END = lowLevel.EVENT_END;
const EVENT_UPGRADE = lowLevel.EVENT_UPGRADE;
const EVENT_H2_PREFACE = lowLevel.EVENT_H2_PREFACE;
const EVENT_ERROR = lowLevel.EVENT_ERROR;

/** A parsed request head (lazy; valid until the next push unless retained). */
export type HeadView = InstanceType<typeof lowLevel.HeadView>;

export interface EngineHandler {
  onHead(head: HeadView): void;
  /** Body bytes: a view of the socket chunk, which is never reused. */
  onBody(bytes: Uint8Array): void;
  onEnd(trailers: RequestHeaders): void;
  /** The engine stopped after an upgrade message; `rest` holds the bytes that followed. */
  onStop(rest: Uint8Array): void;
  /** An HTTP/2 connection preface arrived; `rest` starts with it. */
  onPreface(rest: Uint8Array): void;
  onError(code: string, status: number): void;
  /** Views handed out so far must be retained: the engine is about to reuse shared memory. */
  retainViews(): void;
}

/** Maps the server limits onto the parser's options (trailers get the header-section limits). */
export function parserOptions(limits: Readonly<Limits>): ParserOptions {
  return {
    maxRequestLineSize: limits.maxRequestLineSize,
    maxHeaderCount: limits.maxRequestHeaderCount,
    maxHeadersTotalSize: limits.maxRequestHeadersTotalSize,
    maxTrailersSize: limits.maxRequestHeadersTotalSize,
  };
}

/** Fails with ERR_INVALID_OPTION when the parser cannot honour the head-size limits. */
export function checkParserLimits(limits: Readonly<Limits>): void {
  try {
    lowLevel.resolveOptions(parserOptions(limits));
  } catch (error) {
    throw new WindhoverError('ERR_INVALID_OPTION', `limits: ${(error as Error).message}`);
  }
}

/** Known id of the Expect field, for the 417 check. */
export const EXPECT_ID = EXPECT;

export class RequestEngine {
  private readonly engine: Engine;

  constructor(limits: Readonly<Limits>) {
    this.engine = new lowLevel.H1Engine('request', parserOptions(limits));
  }

  /** Whether bytes of an incomplete head arrived (RequestHeadersTimeout applies). */
  get midHead(): boolean {
    return this.engine.inHead;
  }

  /** Parses one socket chunk and reports its events in order. */
  execute(chunk: Uint8Array, handler: EngineHandler): void {
    const engine = this.engine;
    let offset = 0;
    for (;;) {
      offset = engine.push(chunk, offset);
      for (let kind = engine.next(); kind !== EVENT_NONE; kind = engine.next()) {
        switch (kind) {
          case EVENT_HEAD: handler.onHead(engine.head()); break;
          case EVENT_BODY: handler.onBody(engine.body()); break;
          case EVENT_END: handler.onEnd(engine.trailerCount === 0 ? NO_FIELDS : new FieldList(engine.trailers().flat())); break;
          case EVENT_UPGRADE: handler.onStop(engine.rest()); break;
          case EVENT_H2_PREFACE: handler.onPreface(engine.rest()); break;
          case EVENT_ERROR: handler.onError(engine.error?.code ?? 'INTERNAL', engine.error?.status ?? 400); break;
        }
      }
      if (offset >= chunk.length || engine.isStopped) return;
      handler.retainViews();
    }
  }

  dispose(): void {
    this.engine.dispose();
  }
}
