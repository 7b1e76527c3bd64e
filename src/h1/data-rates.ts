// Kestrel's minimum data rates for one connection, evaluated once per timer tick (never per
// byte). MinRequestBodyDataRate: the body bytes received while the server waits for them
// (not while the application is behind) must average the rate once the grace period is
// over. MinResponseDataRate, the per-write rule: bytes the kernel has not taken yet must
// leave within max(grace period, bytes / rate). Owns only the counters of both windows.

import type { DataRate } from '../limits.js';

export class DataRates {
  /** Body being watched: its byte count when the watch began. */
  private bodyBase = -1;
  private bodyTicks = 0;
  /** Flushed-byte count that closes the current response window, or -1. */
  private outTarget = -1;
  private outDeadline = 0;

  constructor(private readonly body: DataRate | null, private readonly response: DataRate | null) {}

  /** Whether a check is due on the next tick. */
  get active(): boolean {
    return (this.bodyBase >= 0 && this.body !== null) || this.outTarget >= 0;
  }

  /** Starts (or restarts) watching a body that has received `received` bytes so far. */
  watchBody(received: number): void {
    this.bodyBase = received;
    this.bodyTicks = 0;
  }

  stopBody(): void {
    this.bodyBase = -1;
  }

  get watchingBody(): boolean {
    return this.bodyBase >= 0;
  }

  /** One tick of waiting for body bytes; false when the client is too slow. */
  bodyTick(received: number): boolean {
    const rate = this.body;
    if (rate === null || this.bodyBase < 0) return true;
    this.bodyTicks++;
    const elapsed = this.bodyTicks * 1000;
    if (elapsed <= rate.gracePeriod) return true;
    return received - this.bodyBase >= (rate.bytesPerSecond * elapsed) / 1000;
  }

  /** One tick of output: `written` bytes handed to the socket so far, `queued` still in it. */
  responseTick(tick: number, written: number, queued: number): boolean {
    const rate = this.response;
    if (rate === null || queued === 0) {
      this.outTarget = -1;
      return true;
    }
    const flushed = written - queued;
    if (this.outTarget < 0 || flushed >= this.outTarget) {
      this.outTarget = flushed + queued;
      this.outDeadline = tick + Math.ceil(Math.max(rate.gracePeriod, (queued * 1000) / rate.bytesPerSecond) / 1000);
      return true;
    }
    return tick <= this.outDeadline;
  }
}
