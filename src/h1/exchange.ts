// One HTTP/1.x request/response exchange on a connection. It is the ResponseSink (framing
// per RFC 9112 §6-7: Content-Length, chunked with trailers, close-delimited for HTTP/1.0, no
// content for HEAD/1xx/204/304), the BodyTransport of the request body (100-continue on first
// read, RFC 9110 §10.1.1; MaxRequestBodySize checked against Content-Length before reading,
// Kestrel's order) and the pipeline's ExchangeOwner (rejections, aborts, completion).

import { Buffer } from 'node:buffer';
import type { BodyTransport, RequestBody } from '../body.js';
import type { Context, Response, ResponseSink } from '../context.js';
import { WindhoverError } from '../errors.js';
import { ResponseHeaders } from '../http/headers.js';
import { CONTINUE_RESPONSE, rejectionResponse, REJECTION_STATUSES, type RejectionStatus } from '../http/status.js';
import type { ExchangeOwner } from '../pipeline.js';
import { clock } from '../timers.js';
import type { H1Connection } from './connection.js';
import { CHUNK_END, chunkHeader, Framing, JOIN_MAX, joinWhole, lastChunk, planFraming, renderHead, wantsClose, type HeadPlan } from './response-writer.js';

/** Unread request bytes the server reads and discards to keep a connection (Kestrel drains too). */
export const DRAIN_LIMIT = 256 * 1024;

const CONTINUE_NONE = 0;
const CONTINUE_EXPECTED = 1;
const CONTINUE_SENT = 2;

export class H1Exchange implements ResponseSink, BodyTransport, ExchangeOwner {
  ctx: Context | null = null;
  body: RequestBody | null = null;
  /** The request allows the connection to persist (RFC 9112 §9.3; parser flag). */
  keepAlive: boolean;
  /** Decided when the head is written: whether the connection persists after this response. */
  persist = false;
  framing: Framing = Framing.None;
  private declared = -1;
  private sent = 0;
  private continueState: number;
  headSent = false;
  finished = false;
  settled = false;
  /** Set when the request body can no longer be trusted to end where the parser thinks. */
  bodyBroken = false;
  /** Byte budget for discarding an unread body after the response. */
  drainUntil = -1;

  constructor(
    private readonly conn: H1Connection,
    readonly http10: boolean,
    readonly isHead: boolean,
    keepAlive: boolean,
    expectContinue: boolean,
    /** Upgrade requested (or CONNECT): the parser stopped after this head. */
    readonly upgrade: boolean,
  ) {
    this.keepAlive = keepAlive;
    this.continueState = expectContinue ? CONTINUE_EXPECTED : CONTINUE_NONE;
  }

  // ---- ResponseSink -------------------------------------------------------------------------

  sendWhole(res: Response, body: string | Uint8Array | null, length: number): void {
    const framing = planFraming(res.status, this.isHead, length, this.http10, res.hasTrailers);
    const head = this.writeHead(res, framing, length);
    const out = this.conn.out;
    if (length > 0 && body !== null && framing !== Framing.None && !this.isHead) {
      if (framing === Framing.Length && typeof body === 'string' && length === body.length && length <= JOIN_MAX) {
        // A short ASCII body travels in one string with its head (often the same string again).
        out.pushText(joinWhole(head, body));
      } else {
        out.pushText(head);
        if (framing === Framing.Chunked) out.pushText(chunkHeader(length));
        pushBody(out, body, length);
        if (framing === Framing.Chunked) out.pushText(CHUNK_END);
      }
    } else {
      out.pushText(head);
    }
    if (framing === Framing.Chunked) out.pushText(lastChunk(res.trailerSection));
    this.responseFinished();
  }

  sendHead(res: Response, length: number): void {
    const framing = planFraming(res.status, this.isHead, length, this.http10, res.hasTrailers);
    this.declared = framing === Framing.Length ? length : -1;
    this.conn.out.pushText(this.writeHead(res, framing, length));
    this.conn.requestFlush();
  }

  writeBody(chunk: string | Uint8Array, length: number): boolean {
    const out = this.conn.out;
    const framing = this.framing;
    if (framing === Framing.None || this.isHead) return out.writable;
    if (framing === Framing.Length && this.sent + length > this.declared) {
      throw new WindhoverError('ERR_CONTENT_LENGTH_MISMATCH', `Content-Length ${this.declared}, writing byte ${this.sent + length}`);
    }
    this.sent += length;
    if (framing === Framing.Chunked) out.pushText(chunkHeader(length));
    pushBody(out, chunk, length);
    if (framing === Framing.Chunked) out.pushText(CHUNK_END);
    this.conn.requestFlush();
    return out.writable;
  }

  drain(): Promise<void> {
    this.conn.out.flush();
    return this.conn.out.waitDrain();
  }

  finish(res: Response): void {
    if (this.framing === Framing.Chunked) {
      this.conn.out.pushText(lastChunk(res.trailerSection));
    } else if (this.framing === Framing.Length && !this.isHead && this.sent !== this.declared) {
      // The peer would wait for bytes that never come, or misframe the next response.
      this.conn.reportFault(new WindhoverError('ERR_CONTENT_LENGTH_MISMATCH', `Content-Length ${this.declared}, sent ${this.sent}`), this.ctx);
      this.conn.abort();
      return;
    }
    this.responseFinished();
  }

  /** Decides persistence and renders the head (the caller queues it). */
  private writeHead(res: Response, framing: Framing, length: number): string {
    this.framing = framing;
    this.headSent = true;
    this.persist = this.decidePersistence(res, framing);
    if (!this.persist) this.conn.stopAfterCurrent();
    const trailers = framing === Framing.Chunked ? res.trailerSection : null;
    const plan = PLAN;
    plan.status = res.status;
    plan.reason = res.statusText;
    plan.headers = res.headers;
    plan.framing = framing;
    plan.length = length;
    plan.keepAlive = this.persist;
    plan.http10 = this.http10;
    plan.dateLine = clock.dateLine;
    plan.serverLine = this.conn.server.serverLine;
    plan.trailerNames = trailers !== null && trailers.size > 0 ? trailers.keys().join(', ') : '';
    const head = renderHead(plan);
    plan.headers = NO_HEADERS;
    return head;
  }

  private decidePersistence(res: Response, framing: Framing): boolean {
    if (!this.keepAlive || this.upgrade || framing === Framing.Close || this.conn.closing) return false;
    if (wantsClose(res.headers)) return false;
    const body = this.body;
    if (body === null || body.ended) return true;
    if (this.bodyBroken || body.failed) return false;
    // RFC 9110 §10.1.1: without a 100 Continue the client may never send the body.
    if (this.continueState === CONTINUE_EXPECTED) return false;
    if (body.started && !body.isCancelled) return true;
    return body.declaredLength < 0 || body.declaredLength - body.received <= DRAIN_LIMIT;
  }

  private responseFinished(): void {
    this.finished = true;
    this.conn.requestFlush();
    if (this.settled) this.conn.exchangeDone(this);
  }

  // ---- BodyTransport ------------------------------------------------------------------------

  bodyReadStarted(): void {
    if (this.continueState === CONTINUE_EXPECTED && !this.headSent) {
      this.continueState = CONTINUE_SENT;
      this.conn.out.pushBytes(CONTINUE_RESPONSE);
      this.conn.requestFlush();
    }
    this.conn.bodyReadStarted(this);
  }

  bodyDrained(): void {
    this.conn.resumeInput();
  }

  bodyStopped(body: RequestBody): void {
    if (body.failed) this.bodyBroken = true;
    this.conn.resumeInput();
  }

  // ---- ExchangeOwner ------------------------------------------------------------------------

  reportError(error: unknown, ctx: Context): void {
    this.conn.server.reportError(error, ctx);
  }

  rejectExchange(ctx: Context, status: number): void {
    const known = (REJECTION_STATUSES as readonly number[]).includes(status) ? (status as RejectionStatus) : 500;
    ctx.response.abortResponse(new WindhoverError('ERR_RESPONSE_ENDED', `answered ${known} by the server`));
    this.headSent = true;
    this.persist = false;
    this.conn.stopAfterCurrent();
    this.conn.out.pushBytes(rejectionResponse(known));
    this.responseFinished();
  }

  abortExchange(): void {
    this.conn.abort();
  }

  settleExchange(): void {
    this.settled = true;
    if (this.finished) this.conn.exchangeDone(this);
  }
}

/** One scratch plan for every head (rendering is synchronous): no allocation per response. */
const NO_HEADERS = new ResponseHeaders();
const PLAN: HeadPlan = {
  status: 200, reason: undefined, headers: NO_HEADERS, framing: Framing.None, length: 0, keepAlive: true,
  http10: false, dateLine: '', serverLine: '', trailerNames: '',
};

function pushBody(out: H1Connection['out'], body: string | Uint8Array, length: number): void {
  if (typeof body === 'string') {
    // byteLength equal to length means pure ASCII, which latin1 text carries as is.
    if (length === body.length) out.pushText(body);
    else out.pushBytes(Buffer.from(body, 'utf8'));
  } else {
    out.pushBytes(body);
  }
}
