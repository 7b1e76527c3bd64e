// The time-driven half of an HTTP/1.x connection: its entry on the server's timer wheel and
// every deadline it carries. RequestHeadersTimeout runs from the connection's start and again
// from the first byte of each later head; KeepAliveTimeout while idle between requests;
// MinRequestBodyDataRate while the application waits for body bytes; MinResponseDataRate
// while output backs up; a short linger after FIN before the socket is destroyed (Kestrel's
// limits). Checks run once per tick, never per byte. H1Connection extends this class and
// supplies the state and actions the checks need.

import type { Socket } from 'node:net';
import { WindhoverError } from '../errors.js';
import type { Server } from '../server.js';
import { ticksFor, type TimerEntry } from '../timers.js';
import { DataRates } from './data-rates.js';
import type { H1Exchange } from './exchange.js';
import type { OutputQueue } from './output.js';

/** Ticks a closing connection waits for the peer's FIN before it is destroyed. */
const LINGER_TICKS = 2;

export abstract class ConnectionTimers implements TimerEntry {
  timerDeadline = Infinity;
  timerVisit = -1;
  timerPrev: TimerEntry | null = null;
  timerNext: TimerEntry | null = null;

  abstract readonly server: Server;
  abstract readonly out: OutputQueue;
  protected abstract readonly socket: Socket;
  protected abstract current: H1Exchange | null;
  protected abstract destroyed: boolean;
  protected abstract paused: boolean;
  // Deadlines in ticks.
  protected headersDeadline = Infinity;
  protected keepAliveDeadline = Infinity;
  private lingerDeadline = Infinity;
  /** The exchange whose body arrival is checked against MinRequestBodyDataRate. */
  protected bodyWatch: H1Exchange | null = null;
  private rates: DataRates | null = null;

  /** Nothing is in flight: the connection waits for the next request (or its head's end). */
  protected abstract get idle(): boolean;
  /** Bytes of an incomplete head are held by the parser. */
  protected abstract get midHead(): boolean;
  /** RequestHeadersTimeout fired: answer 408 after the responses already owed. */
  protected abstract headersTimedOut(): void;
  protected abstract stopInput(): void;
  abstract closeNow(): void;
  abstract abort(): void;
  abstract destroy(): void;

  private get dataRates(): DataRates {
    const limits = this.server.limits;
    return (this.rates ??= new DataRates(limits.minRequestBodyDataRate, limits.minResponseDataRate));
  }

  /** Starts RequestHeadersTimeout for the first request (Kestrel runs it from the connection's start). */
  protected startTimers(): void {
    this.headersDeadline = this.server.wheel.now + ticksFor(this.server.limits.requestHeadersTimeout);
    this.reschedule();
  }

  /** An exchange starts: neither idle deadline applies while it runs. */
  protected clearIdleDeadlines(): void {
    this.keepAliveDeadline = Infinity;
    this.headersDeadline = Infinity;
  }

  /** Closing: only the linger deadline remains. */
  protected startLinger(): void {
    this.lingerDeadline = this.server.wheel.now + LINGER_TICKS;
    this.headersDeadline = this.keepAliveDeadline = Infinity;
    this.reschedule();
  }

  protected updateIdleTimers(): void {
    const now = this.server.wheel.now;
    const limits = this.server.limits;
    if (!this.idle) {
      this.headersDeadline = Infinity;
      this.keepAliveDeadline = Infinity;
    } else if (this.midHead) {
      // Bytes of the next head arrived: RequestHeadersTimeout replaces KeepAliveTimeout.
      if (this.headersDeadline === Infinity) this.headersDeadline = now + ticksFor(limits.requestHeadersTimeout);
      this.keepAliveDeadline = Infinity;
    } else {
      if (this.keepAliveDeadline === Infinity) this.keepAliveDeadline = now + ticksFor(limits.keepAliveTimeout);
      this.headersDeadline = Infinity;
    }
    this.reschedule();
  }

  protected reschedule(): void {
    if (this.destroyed) return;
    let next = Math.min(this.headersDeadline, this.keepAliveDeadline, this.lingerDeadline);
    const rates = (this.rates !== null && this.rates.active) || (this.out.backlog > 0 && this.server.limits.minResponseDataRate !== null);
    if (rates) next = Math.min(next, this.server.wheel.now + 1);
    this.server.wheel.schedule(this, next);
  }

  onTimer(tick: number): void {
    if (this.destroyed) return;
    if (tick >= this.lingerDeadline) return this.destroy();
    if (tick >= this.headersDeadline) {
      this.headersDeadline = Infinity;
      this.headersTimedOut();
      return;
    }
    if (tick >= this.keepAliveDeadline) return this.closeNow();
    if (this.checkBodyRate() && this.checkResponseRate(tick)) this.reschedule();
  }

  /** Output is backing up: make sure MinResponseDataRate is checked on the next tick. */
  protected watchOutput(): void {
    if (this.server.limits.minResponseDataRate !== null && this.timerDeadline > this.server.wheel.now + 1) this.reschedule();
  }

  protected watchBody(exchange: H1Exchange): void {
    this.bodyWatch = exchange;
    this.dataRates.watchBody(exchange.body?.received ?? 0);
    this.reschedule();
  }

  protected unwatchBody(): void {
    this.bodyWatch = null;
    this.rates?.stopBody();
  }

  /** MinRequestBodyDataRate: 408 through the application's read, or a close while draining. */
  private checkBodyRate(): boolean {
    const exchange = this.bodyWatch;
    const body = exchange?.body;
    if (exchange === null || exchange === undefined || body === null || body === undefined || body.ended) {
      this.unwatchBody();
      return true;
    }
    // While reading is paused the application is behind, not the client.
    if (this.paused || this.dataRates.bodyTick(body.received)) return true;
    this.unwatchBody();
    exchange.bodyBroken = true;
    if (exchange === this.current && body.started && !body.isCancelled) {
      body.fail(new WindhoverError('ERR_BODY_TIMEOUT', `below ${this.server.limits.minRequestBodyDataRate?.bytesPerSecond} bytes/s`, 408));
      this.stopInput();
    } else {
      this.closeNow();
    }
    return false;
  }

  /** MinResponseDataRate: the connection is cut when the peer does not take its bytes. */
  private checkResponseRate(tick: number): boolean {
    if (this.dataRates.responseTick(tick, this.out.written, this.socket.writableLength)) return true;
    this.abort();
    return false;
  }
}
