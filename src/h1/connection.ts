// One HTTP/1.x connection: socket 'data' → one parser call → requests dispatched strictly in
// order (pipelining: heads are parsed ahead, one exchange runs at a time, responses leave in
// order, RFC 9112 §9.3.2). Owns the parser slot, the output queue, the queue of parsed
// exchanges; its deadlines (RequestHeadersTimeout, KeepAliveTimeout, data rates, lingering
// close) live in the ConnectionTimers base class. A parser error is answered
// once with its pre-rendered status after the responses already owed, then the connection
// closes (RFC 9112 §9.6); nothing after a framing error is ever parsed.

import type { Socket } from 'node:net';
import { RequestBody } from '../body.js';
import { Context, Response } from '../context.js';
import { WindhoverError } from '../errors.js';
import type { RequestHeaders } from '../http/headers.js';
import { rejectionResponse, type RejectionStatus } from '../http/status.js';
import { runExchange } from '../pipeline.js';
import type { Server } from '../server.js';
import { ConnectionTimers } from './connection-timers.js';
import { EXPECT_ID, RequestEngine, type EngineHandler, type HeadView } from './engine.js';
import { DRAIN_LIMIT, H1Exchange } from './exchange.js';
import { OutputQueue } from './output.js';
import { PendingQueue } from './pending-queue.js';
import { SocketInfo } from './socket-info.js';
import { H1Request } from './view-headers.js';

/** Parsed requests waiting behind the running one before the socket is paused. */
const MAX_QUEUED = 32;

type Queued = H1Exchange | RejectionStatus;

function retainHead(exchange: H1Exchange): void {
  const request = exchange.ctx?.request;
  if (request instanceof H1Request) request.view.retain();
}

export class H1Connection extends ConnectionTimers implements EngineHandler {
  readonly out: OutputQueue;
  readonly info: SocketInfo;
  private readonly engine: RequestEngine;
  private readonly queue = new PendingQueue<Queued>();
  protected current: H1Exchange | null = null;
  /** The exchange whose body the parser is delivering. */
  private receiving: H1Exchange | null = null;
  private inTurn = false;
  private dispatching = false;
  /** No exchange after the current one runs; close once it is done. */
  closing = false;
  private inputStopped = false;
  protected paused = false;
  private peerEnded = false;
  protected destroyed = false;

  constructor(protected readonly socket: Socket, readonly server: Server) {
    super();
    this.out = new OutputQueue(socket, server.limits.maxResponseBufferSize, () => this.watchOutput());
    this.info = new SocketInfo(socket);
    this.engine = new RequestEngine(server.limits);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('end', () => this.onPeerEnd());
    socket.on('error', () => this.destroy());
    socket.on('close', () => this.onClose());
    this.startTimers();
  }

  // ---- input -------------------------------------------------------------------------------

  private onData(chunk: Buffer): void {
    if (this.inputStopped || this.destroyed) return;
    this.inTurn = true;
    try {
      this.engine.execute(chunk, this);
    } catch (error) {
      this.reportFault(error, null);
      this.onError('ERR_INTERNAL', 500);
    }
    if (this.current === null) this.dispatch();
    this.inTurn = false;
    this.retainViews();
    this.out.flush();
    if (!this.destroyed) {
      if (this.queue.length >= MAX_QUEUED) this.pauseInput();
      this.updateIdleTimers();
    }
  }

  onHead(head: HeadView): void {
    const expectContinue = head.expectContinue;
    if (!expectContinue && head.getKnown(EXPECT_ID) !== undefined) {
      // RFC 9110 §10.1.1: a server that does not support an expectation MAY answer 417.
      this.queue.push(417);
      this.stopInput();
      return;
    }
    const limits = this.server.limits;
    const http10 = head.versionMinor === 0;
    const exchange = new H1Exchange(this, http10, head.method === 'HEAD', head.keepAlive, expectContinue, head.upgrade);
    if (!head.noBody) {
      const length = head.chunked ? -1 : head.contentLength ?? 0;
      exchange.body = new RequestBody(exchange, limits.maxRequestBodySize, limits.maxRequestBufferSize ?? Infinity, length);
      this.receiving = exchange;
    }
    const request = new H1Request(head, http10 ? 'HTTP/1.0' : 'HTTP/1.1', exchange.body, this.info);
    exchange.ctx = new Context(request, new Response(exchange, exchange.isHead));
    this.queue.push(exchange);
  }

  onBody(bytes: Uint8Array): void {
    const exchange = this.receiving;
    if (exchange === null || exchange.body === null) return;
    const body = exchange.body;
    if (!body.push(bytes) && !body.failed && !body.isCancelled) this.pauseInput();
    if (body.isCancelled && exchange.drainUntil >= 0 && body.received > exchange.drainUntil) this.closeNow();
  }

  onEnd(trailers: RequestHeaders): void {
    const exchange = this.receiving;
    this.receiving = null;
    if (exchange === null || exchange.body === null) return;
    exchange.body.end(trailers);
    if (this.bodyWatch === exchange) this.unwatchBody();
    if (exchange.finished && exchange.settled && this.current === exchange) this.exchangeDone(exchange);
  }

  onStop(rest: Uint8Array): void {
    // Upgrade / CONNECT (or an HTTP/2 preface): the parser accepts no more input.
    this.inputStopped = true;
    const last = this.queue.last;
    if (last instanceof H1Exchange && last.upgrade) this.upgradeRest = rest;
    // Bytes of the next protocol stay in the kernel until the upgrade listener takes over.
    this.pauseInput();
  }

  /** Heads of requests still in flight are copied out of shared parser memory. */
  retainViews(): void {
    const current = this.current;
    if (current !== null && !(current.finished && current.settled)) retainHead(current);
    const queue = this.queue;
    for (let i = 0, n = queue.length; i < n; i++) {
      const item = queue.at(i);
      if (item instanceof H1Exchange) retainHead(item);
    }
  }

  onPreface(): void {
    // HTTP/2 prior knowledge is not served on this connection type yet.
    this.onError('ERR_HTTP2_PREFACE', 505);
  }

  onError(_code: string, status: number): void {
    this.stopInput();
    const receiving = this.receiving;
    if (receiving !== null && receiving.body !== null && !receiving.body.ended) {
      // The body's framing broke: the application sees the status through its read.
      receiving.bodyBroken = true;
      receiving.body.fail(new WindhoverError('ERR_BAD_REQUEST_BODY', `malformed body (${_code})`, status));
      this.receiving = null;
      return;
    }
    this.queue.push(status as RejectionStatus);
  }

  private upgradeRest: Uint8Array | null = null;

  private onPeerEnd(): void {
    this.peerEnded = true;
    this.inputStopped = true;
    const reason = new WindhoverError('ERR_REQUEST_ABORTED', 'client closed its side');
    // Node's behaviour: a client FIN aborts the requests in flight (their signal fires);
    // a response already written still goes out.
    for (const item of this.queue.toArray()) if (item instanceof H1Exchange) item.ctx?.request.abortRequest(reason);
    this.current?.ctx?.request.abortRequest(reason);
    if (this.receiving?.body && !this.receiving.body.ended) this.receiving.body.fail(reason);
    this.receiving = null;
    if (this.current === null && this.queue.length === 0) this.endSocket();
  }

  /** Stop reading; the bytes already parsed are still served. */
  protected stopInput(): void {
    this.inputStopped = true;
  }

  pauseInput(): void {
    if (this.paused || this.destroyed) return;
    this.paused = true;
    this.socket.pause();
  }

  resumeInput(): void {
    if (!this.paused || this.destroyed || this.inputStopped) return;
    const receiving = this.receiving?.body;
    if (receiving && !receiving.isCancelled && !receiving.failed && receiving.queued >= (this.server.limits.maxRequestBufferSize ?? Infinity)) return;
    if (this.queue.length >= MAX_QUEUED) return;
    this.paused = false;
    this.socket.resume();
  }

  // ---- dispatch ------------------------------------------------------------------------------

  private dispatch(): void {
    if (this.dispatching) return;
    this.dispatching = true;
    try {
      while (this.current === null && !this.destroyed) {
        const next = this.queue.shift();
        if (next === undefined) break;
        if (this.closing) {
          // Nothing after a `Connection: close` response is served (RFC 9112 §9.6).
          this.dropQueue();
          this.endSocket();
          break;
        }
        if (typeof next === 'number') {
          this.out.pushBytes(rejectionResponse(next));
          this.dropQueue();
          this.endSocket();
          break;
        }
        this.current = next;
        this.clearIdleDeadlines();
        if (next.upgrade && this.server.listenerCount('upgrade') > 0) {
          this.handUpgrade(next);
          break;
        }
        runExchange(this.server.app, next.ctx as Context, next);
      }
    } finally {
      this.dispatching = false;
    }
    if (this.queue.length < MAX_QUEUED) this.resumeInput();
  }

  private dropQueue(): void {
    const reason = new WindhoverError('ERR_REQUEST_ABORTED', 'connection closing');
    for (const item of this.queue.toArray()) if (item instanceof H1Exchange) item.ctx?.request.abortRequest(reason);
    this.queue.clear();
  }

  /** The current exchange's response is complete and its pipeline settled. */
  exchangeDone(exchange: H1Exchange): void {
    if (this.current !== exchange) return;
    const body = exchange.body;
    if (body !== null && !body.ended) {
      if (!exchange.persist || body.failed || exchange.bodyBroken || this.peerEnded) {
        this.current = null;
        this.endSocket();
        return;
      }
      // Discard the unread rest (bounded) so the next request is framed correctly.
      body.cancel();
      exchange.drainUntil = body.received + DRAIN_LIMIT;
      if (body.declaredLength >= 0 && body.declaredLength > exchange.drainUntil) {
        this.current = null;
        this.endSocket();
        return;
      }
      this.resumeInput();
      // The connection moves on once the parser reports the end of this body (onEnd).
      if (this.receiving === exchange) {
        this.watchBody(exchange);
        return;
      }
    }
    this.current = null;
    if (this.bodyWatch === exchange) this.unwatchBody();
    if (!exchange.persist || this.closing) {
      this.endSocket();
      return;
    }
    if (!this.inTurn) this.dispatch();
    if (this.current === null && !this.destroyed) {
      if (this.peerEnded && this.queue.length === 0) this.endSocket();
      else if (!this.inTurn) this.updateIdleTimers();
    }
  }

  /** No further exchange starts; the connection closes after the current response. */
  stopAfterCurrent(): void {
    // Input keeps flowing: the current request's body may still be arriving.
    this.closing = true;
  }

  requestFlush(): void {
    if (!this.inTurn) this.out.schedule();
  }

  bodyReadStarted(exchange: H1Exchange): void {
    if (this.receiving === exchange) this.watchBody(exchange);
  }

  private handUpgrade(exchange: H1Exchange): void {
    const request = exchange.ctx?.request as H1Request;
    if (!this.server.claimUpgrade(this)) {
      this.current = null;
      this.queue.clear();
      this.out.pushBytes(rejectionResponse(500));
      this.endSocket();
      return;
    }
    const rest = this.upgradeRest ?? new Uint8Array(0);
    this.out.flush();
    this.detachSocket();
    // The new owner gets a socket that ends when its peer does, as net sockets do by default.
    (this.socket as Socket & { allowHalfOpen: boolean }).allowHalfOpen = false;
    this.socket.resume();
    this.server.adoptUpgraded(this.socket);
    this.server.emit('upgrade', request, this.socket, rest);
  }

  // ---- ConnectionTimers hooks ----------------------------------------------------------------

  protected get idle(): boolean {
    return this.current === null && this.queue.length === 0 && !this.inputStopped;
  }

  protected get midHead(): boolean {
    return this.engine.midHead;
  }

  protected headersTimedOut(): void {
    this.queue.push(408);
    this.stopInput();
    if (this.current === null) this.dispatch();
    this.out.flush();
  }

  // ---- shutdown ------------------------------------------------------------------------------

  /** Graceful server shutdown: idle connections close now, busy ones after their response. */
  shutdown(): void {
    this.closing = true;
    if (this.current === null) this.endSocket();
  }

  /** Flushes what is owed, sends FIN, and destroys after a short linger. */
  private endSocket(): void {
    if (this.destroyed) return;
    this.stopInput();
    this.closing = true;
    this.out.flush();
    this.socket.end();
    this.startLinger();
  }

  /** Closes without a response (timeouts on an idle connection, oversized drains). */
  closeNow(): void {
    this.endSocket();
  }

  /** Cuts the connection: the response in progress cannot complete. */
  abort(): void {
    if (this.destroyed) return;
    this.out.close();
    const socket = this.socket as Socket & { resetAndDestroy?: () => void };
    if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
    else socket.destroy();
    this.onClose();
  }

  destroy(): void {
    if (this.destroyed) return;
    this.socket.destroy();
    this.onClose();
  }

  reportFault(error: unknown, ctx: Context | null): void {
    if (ctx !== null) this.server.reportError(error, ctx);
    else console.error('windhover: connection fault:', error);
  }

  private detachSocket(): void {
    this.destroyed = true;
    this.socket.removeAllListeners('data');
    this.socket.removeAllListeners('end');
    this.socket.removeAllListeners('error');
    this.socket.removeAllListeners('close');
    this.server.wheel.cancel(this);
    this.out.close();
    this.engine.dispose();
  }

  private onClose(): void {
    if (this.destroyed) {
      this.server.connectionClosed(this);
      return;
    }
    this.destroyed = true;
    this.server.wheel.cancel(this);
    this.out.close();
    this.engine.dispose();
    const reason = new WindhoverError('ERR_REQUEST_ABORTED');
    const owed = this.queue.toArray();
    if (this.current !== null) owed.unshift(this.current);
    for (const item of owed) {
      if (!(item instanceof H1Exchange) || item.ctx === null) continue;
      if (item.finished && item === this.current) continue;
      item.ctx.request.abortRequest(reason);
      item.ctx.response.abortResponse(reason);
    }
    this.receiving?.body?.fail(reason);
    this.queue.clear();
    this.current = null;
    if (!this.socket.destroyed) this.socket.destroy();
    this.server.connectionClosed(this);
  }
}
