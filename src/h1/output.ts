// Per-socket output batching. Everything a connection writes in one turn (response heads,
// bodies, chunk framing, for every pipelined response) is collected here and handed to the
// socket in one call: one latin1 string when possible, which Node encodes and tries to write
// synchronously without allocating a Buffer; otherwise a corked run of writes that Node turns
// into a single writev. Owns the pending parts and the drain waiters (MaxResponseBufferSize
// back-pressure: writers wait while pending plus kernel-queued bytes exceed the limit).

import { Buffer } from 'node:buffer';
import type { Socket } from 'node:net';

/** Small byte chunks are folded into the latin1 text: one write beats a writev of pieces. */
const FOLD_MAX = 1024;

export class OutputQueue {
  private text = '';
  private parts: (string | Uint8Array)[] = [];
  private scheduled = false;
  private waiters: (() => void)[] = [];
  private onDrain = (): void => this.releaseWaiters();
  private onWritten = (): void => {
    if (this.waiters.length > 0) this.releaseWaiters();
  };
  /** Bytes collected and not yet handed to the socket. */
  pending = 0;
  /** Bytes handed to the socket in total (for MinResponseDataRate). */
  written = 0;
  closed = false;

  constructor(
    private readonly socket: Socket,
    private readonly limit: number | null,
    /** Called when a flush leaves bytes queued in the socket (the peer is not keeping up). */
    private readonly onBacklog: () => void,
  ) {
    socket.on('drain', this.onDrain);
  }

  /** Appends latin1 text (status lines, fields, chunk framing, ASCII bodies). */
  pushText(text: string): void {
    this.text += text;
    this.pending += text.length;
  }

  pushBytes(bytes: Uint8Array): void {
    if (bytes.length <= FOLD_MAX) {
      this.text += latin1(bytes);
    } else {
      if (this.text !== '') {
        this.parts.push(this.text);
        this.text = '';
      }
      this.parts.push(bytes);
    }
    this.pending += bytes.length;
  }

  /** Bytes not yet delivered to the peer's kernel, ours plus the socket's. */
  get backlog(): number {
    return this.pending + this.socket.writableLength;
  }

  /** Whether a writer may continue without waiting (MaxResponseBufferSize). */
  get writable(): boolean {
    return this.limit === null || this.backlog <= this.limit;
  }

  /** Flushes at the end of this event-loop turn (batches responses finished together). */
  schedule(): void {
    if (this.scheduled || this.closed) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  flush(): void {
    this.scheduled = false;
    if (this.pending === 0 || this.closed) return;
    const { socket } = this;
    // Below Node's high-water mark a write reports no 'drain'; a callback on the last write
    // then tells waiters when the bytes left the process.
    const notify = this.limit !== null && this.pending + socket.writableLength > this.limit ? this.onWritten : undefined;
    this.written += this.pending;
    this.pending = 0;
    if (this.parts.length === 0) {
      const text = this.text;
      this.text = '';
      socket.write(text, 'latin1', notify);
    } else {
      const parts = this.parts;
      if (this.text !== '') parts.push(this.text);
      this.parts = [];
      this.text = '';
      socket.cork();
      const last = parts.length - 1;
      for (let i = 0; i <= last; i++) {
        const part = parts[i];
        const done = i === last ? notify : undefined;
        if (typeof part === 'string') socket.write(part, 'latin1', done);
        else socket.write(part, done);
      }
      socket.uncork();
    }
    if (socket.writableLength > 0) this.onBacklog();
    if (this.waiters.length > 0 && this.writable) this.releaseWaiters();
  }

  /** Resolves once the backlog is at or below the limit (or the socket is gone). */
  waitDrain(): Promise<void> {
    if (this.closed || this.writable) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Drops everything and wakes every waiter (the connection is gone). */
  close(): void {
    this.closed = true;
    this.text = '';
    this.parts = [];
    this.pending = 0;
    this.socket.off('drain', this.onDrain);
    this.releaseWaiters();
  }

  private releaseWaiters(): void {
    if (!this.closed && !this.writable) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}
