// Coarse time for the server: one process-wide 1 s heartbeat (an unref'd interval) that
// advances a tick counter, refreshes the cached `Date` header (RFC 9110 §6.6.1) and drives
// every TimerWheel. Connection timeouts (KeepAliveTimeout, RequestHeadersTimeout, data
// rates) are deadlines in whole ticks on a hashed wheel of intrusive lists: scheduling,
// extending and cancelling are O(1) field writes, and no timer work happens per byte.

import { reportInternalError } from './report.js';

const SLOTS = 64;
const MASK = SLOTS - 1;
const TICK_MS = 1000;

/** Something the wheel can hold; connections embed these fields directly. */
export interface TimerEntry {
  /** Tick at which onTimer runs; Infinity when not scheduled. */
  timerDeadline: number;
  /** Tick at which the entry's current slot is next visited (-1 when unlinked). */
  timerVisit: number;
  timerPrev: TimerEntry | null;
  timerNext: TimerEntry | null;
  onTimer(tick: number): void;
}

/** Initial values for the TimerEntry fields of a new object. */
export function timerFields(): Pick<TimerEntry, 'timerDeadline' | 'timerVisit' | 'timerPrev' | 'timerNext'> {
  return { timerDeadline: Infinity, timerVisit: -1, timerPrev: null, timerNext: null };
}

/** Whole ticks to wait so that at least `ms` elapses (never early, at most one tick late). */
export function ticksFor(ms: number): number {
  return ms === Infinity ? Infinity : Math.ceil(ms / TICK_MS) + 1;
}

export class TimerWheel {
  private readonly heads: (TimerEntry | null)[] = new Array(SLOTS).fill(null);
  private size = 0;
  /** Ticks seen by this wheel; starts from the clock's tick. */
  now: number;

  constructor(start = clock.tick) {
    this.now = start;
  }

  get count(): number {
    return this.size;
  }

  /** Runs `entry.onTimer` at the first tick >= deadline (a tick number); Infinity cancels. */
  schedule(entry: TimerEntry, deadline: number): void {
    entry.timerDeadline = deadline;
    if (deadline === Infinity) {
      if (entry.timerVisit >= 0) this.unlink(entry);
      return;
    }
    // Extending a deadline (the common case: keep-alive after each response) only writes the
    // field; the entry is moved lazily when its current slot comes round.
    if (entry.timerVisit >= 0) {
      if (entry.timerVisit <= deadline) return;
      this.unlink(entry);
    }
    this.link(entry, deadline);
  }

  cancel(entry: TimerEntry): void {
    this.schedule(entry, Infinity);
  }

  /** Advances to `tick`, firing due entries. Called by the clock; tests call it directly. */
  advance(tick: number): void {
    while (this.now < tick) {
      this.now++;
      const slot = this.now & MASK;
      let entry = this.heads[slot];
      this.heads[slot] = null;
      // Detach the whole list first: callbacks may reschedule into this same slot.
      const due: TimerEntry[] = [];
      while (entry) {
        const next = entry.timerNext;
        entry.timerPrev = entry.timerNext = null;
        entry.timerVisit = -1;
        this.size--;
        if (entry.timerDeadline <= this.now) due.push(entry);
        else this.link(entry, entry.timerDeadline);
        entry = next;
      }
      for (const item of due) {
        // Rescheduled by an earlier callback in this batch, or cancelled: skip.
        if (item.timerVisit >= 0 || item.timerDeadline > this.now) continue;
        item.timerDeadline = Infinity;
        try {
          item.onTimer(this.now);
        } catch (error) {
          // A timeout handler must never stop the heartbeat for every other connection.
          reportInternalError(error);
        }
      }
    }
  }

  private link(entry: TimerEntry, deadline: number): void {
    const from = this.now + 1;
    const target = deadline < from ? from : deadline;
    const slot = target & MASK;
    entry.timerVisit = from + ((slot - from) & MASK);
    const head = this.heads[slot];
    entry.timerPrev = null;
    entry.timerNext = head;
    if (head) head.timerPrev = entry;
    this.heads[slot] = entry;
    this.size++;
  }

  private unlink(entry: TimerEntry): void {
    const slot = entry.timerVisit & MASK;
    if (entry.timerPrev) entry.timerPrev.timerNext = entry.timerNext;
    else this.heads[slot] = entry.timerNext;
    if (entry.timerNext) entry.timerNext.timerPrev = entry.timerPrev;
    entry.timerPrev = entry.timerNext = null;
    entry.timerVisit = -1;
    this.size--;
  }
}

/**
 * The process-wide heartbeat. It runs only while at least one wheel is attached, and its
 * interval is unref'd so it never keeps the process alive on its own.
 */
class Clock {
  tick = 0;
  /** `Date: <IMF-fixdate>\r\n`, refreshed every tick (RFC 9110 §5.6.7). */
  dateLine = '';
  private readonly wheels = new Set<TimerWheel>();
  private interval: ReturnType<typeof setInterval> | null = null;

  constructor() {
    this.refreshDate();
  }

  attach(wheel: TimerWheel): void {
    this.wheels.add(wheel);
    wheel.now = this.tick;
    if (this.interval === null) {
      this.refreshDate();
      this.interval = setInterval(() => this.beat(), TICK_MS);
      (this.interval as { unref?: () => void }).unref?.();
    }
  }

  detach(wheel: TimerWheel): void {
    this.wheels.delete(wheel);
    if (this.wheels.size === 0 && this.interval !== null) {
      clearInterval(this.interval);
      this.interval = null;
    }
  }

  /** The Date line, fresh even when no server is running. */
  currentDateLine(): string {
    if (this.interval === null) this.refreshDate();
    return this.dateLine;
  }

  private beat(): void {
    this.tick++;
    this.refreshDate();
    for (const wheel of this.wheels) wheel.advance(this.tick);
  }

  private refreshDate(): void {
    this.dateLine = `Date: ${new Date().toUTCString()}\r\n`;
  }
}

export const clock = new Clock();
