// The embeddable server: `createServer(options)` → `use(middleware)`, `listen(endpoints)`,
// `close({ timeout })`, `address()`, and an 'upgrade' event for protocol switches. Owns the
// listeners, the set of live connections (MaxConcurrentConnections), the composed pipeline
// and the timer wheel all its connections share. Graceful shutdown follows Kestrel: stop
// accepting, close idle keep-alive connections at once, let in-flight requests finish with
// `Connection: close`, and destroy what is left at the deadline.

import { EventEmitter } from 'node:events';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import type { Context, Request } from './context.js';
import { WindhoverError } from './errors.js';
import { H1Connection } from './h1/connection.js';
import { checkParserLimits } from './h1/engine.js';
import { resolveLimits, type LimitOptions, type Limits } from './limits.js';
import { compose, type App, type Middleware } from './pipeline.js';
import { clock, TimerWheel } from './timers.js';
import { VERSION } from './version.js';

export interface ServerOptions {
  /** Kestrel's limits and timeouts (see LIMITS); unknown names throw. */
  limits?: LimitOptions;
  /** Send a `Server` field: true for `windhover/<version>`, or the value to send. Default off. */
  serverHeader?: boolean | string;
  /** Receives application errors (default: printed with console.error). */
  onError?: (error: unknown, ctx: Context) => void;
}

export interface Endpoint {
  port?: number;
  /** Address to bind; Node's default (all interfaces) when omitted. */
  host?: string;
  backlog?: number;
}

export interface CloseOptions {
  /** Milliseconds to let in-flight requests finish before connections are destroyed. */
  timeout?: number;
}

/** What an upgrade listener receives: the request, the raw socket and bytes read past the head. */
export type UpgradeListener = (request: Request, socket: Socket, head: Uint8Array) => void;

const KNOWN_OPTIONS = new Set(['limits', 'serverHeader', 'onError']);

export class Server extends EventEmitter {
  readonly limits: Readonly<Limits>;
  /** `Server: ...\r\n` or ''. */
  readonly serverLine: string;
  readonly wheel = new TimerWheel();
  readonly connections = new Set<H1Connection>();
  private readonly stack: Middleware[] = [];
  private composed: App | null = null;
  private readonly listeners_: NetServer[] = [];
  private readonly errorHandler: (error: unknown, ctx: Context) => void;
  private state: 'idle' | 'listening' | 'closing' | 'closed' = 'idle';
  private closedPromise: Promise<void> | null = null;
  private resolveClosed: (() => void) | null = null;
  private upgradedCount = 0;
  private readonly upgraded = new Set<Socket>();

  constructor(options: ServerOptions = {}) {
    super();
    for (const key of Object.keys(options)) {
      if (!KNOWN_OPTIONS.has(key)) throw new WindhoverError('ERR_INVALID_OPTION', `unknown server option '${key}'`);
    }
    this.limits = resolveLimits(options.limits);
    checkParserLimits(this.limits);
    const server = options.serverHeader;
    if (server !== undefined && typeof server !== 'boolean' && typeof server !== 'string') {
      throw new WindhoverError('ERR_INVALID_OPTION', 'serverHeader must be a boolean or a string');
    }
    const value = server === true ? `windhover/${VERSION}` : typeof server === 'string' ? server : '';
    if (/[^\t\x20-\x7e]/.test(value)) throw new WindhoverError('ERR_INVALID_OPTION', 'serverHeader contains a control character');
    this.serverLine = value === '' ? '' : `Server: ${value}\r\n`;
    if (options.onError !== undefined && typeof options.onError !== 'function') {
      throw new WindhoverError('ERR_INVALID_OPTION', 'onError must be a function');
    }
    this.errorHandler = options.onError ?? defaultErrorHandler;
  }

  /** Appends middleware; runs in the order added. */
  use(middleware: Middleware): this {
    if (typeof middleware !== 'function') throw new WindhoverError('ERR_INVALID_OPTION', 'middleware must be a function');
    this.stack.push(middleware);
    this.composed = null;
    return this;
  }

  /** The composed pipeline (connections call it per request). */
  get app(): App {
    return (this.composed ??= compose(this.stack));
  }

  get listening(): boolean {
    return this.state === 'listening';
  }

  /** True once close() has begun. */
  get closing(): boolean {
    return this.state === 'closing' || this.state === 'closed';
  }

  /** Binds every endpoint; resolves with the first one's address. */
  async listen(endpoints: number | Endpoint | (number | Endpoint)[] = {}): Promise<AddressInfo> {
    if (this.state === 'closing' || this.state === 'closed') throw new WindhoverError('ERR_SERVER_CLOSED');
    const list = Array.isArray(endpoints) ? endpoints : [endpoints];
    if (list.length === 0) throw new WindhoverError('ERR_INVALID_OPTION', 'listen() needs at least one endpoint');
    const bound: NetServer[] = [];
    try {
      for (const endpoint of list) bound.push(await this.bind(typeof endpoint === 'number' ? { port: endpoint } : endpoint));
    } catch (error) {
      for (const listener of bound) listener.close();
      throw error;
    }
    this.listeners_.push(...bound);
    if (this.state === 'idle') {
      this.state = 'listening';
      clock.attach(this.wheel);
    }
    return bound[0].address() as AddressInfo;
  }

  /** The first listener's address, or null before listen(). */
  address(): AddressInfo | null {
    const first = this.listeners_[0];
    return first ? (first.address() as AddressInfo) : null;
  }

  addresses(): AddressInfo[] {
    return this.listeners_.map((listener) => listener.address() as AddressInfo);
  }

  /** Settles when the server has fully closed. */
  get finished(): Promise<void> {
    return (this.closedPromise ??= new Promise((resolve) => { this.resolveClosed = resolve; }));
  }

  /**
   * Graceful shutdown: stop accepting, close idle connections now, finish in-flight requests
   * (their responses say `Connection: close`), destroy the rest after `timeout` ms.
   */
  async close({ timeout = 30_000 }: CloseOptions = {}): Promise<void> {
    const finished = this.finished;
    if (this.state === 'closing' || this.state === 'closed') return finished;
    const wasListening = this.state === 'listening';
    this.state = 'closing';
    const listenersClosed = Promise.all(this.listeners_.map((l) => new Promise<void>((resolve) => l.close(() => resolve()))));
    for (const connection of this.connections) connection.shutdown();
    const deadline = setTimeout(() => {
      for (const connection of this.connections) connection.destroy();
      for (const socket of this.upgraded) socket.destroy();
    }, timeout);
    (deadline as { unref?: () => void }).unref?.();
    await listenersClosed;
    while (this.connections.size > 0) await new Promise<void>((resolve) => this.once('connectionClosed', resolve));
    clearTimeout(deadline);
    if (wasListening) clock.detach(this.wheel);
    this.state = 'closed';
    this.resolveClosed?.();
    this.emit('close');
    return finished;
  }

  // ---- used by connections ------------------------------------------------------------------

  reportError(error: unknown, ctx: Context): void {
    try {
      this.errorHandler(error, ctx);
    } catch (nested) {
      defaultErrorHandler(nested);
    }
  }

  /** A connection ended (or was handed to an upgrade listener). */
  connectionClosed(connection: H1Connection): void {
    if (this.connections.delete(connection)) this.emit('connectionClosed');
  }

  /** Moves a connection to the upgraded count; false when MaxConcurrentUpgradedConnections is reached. */
  claimUpgrade(connection: H1Connection): boolean {
    const max = this.limits.maxConcurrentUpgradedConnections;
    if (max !== null && this.upgradedCount >= max) return false;
    this.upgradedCount++;
    this.connectionClosed(connection);
    return true;
  }

  /** Tracks an upgraded socket until it closes (close() destroys leftovers at its deadline). */
  adoptUpgraded(socket: Socket): void {
    this.upgraded.add(socket);
    // A reset on a switched connection must never crash the process, even when the upgrade
    // listener attaches no 'error' handler of its own: the socket is destroyed and 'close' runs.
    socket.on('error', () => socket.destroy());
    socket.once('close', () => {
      this.upgraded.delete(socket);
      this.upgradedCount--;
    });
  }

  private bind(endpoint: Endpoint): Promise<NetServer> {
    const listener = createNetServer({ noDelay: true, allowHalfOpen: true }, (socket) => this.accept(socket));
    return new Promise((resolve, reject) => {
      const fail = (error: Error): void => reject(error);
      listener.once('error', fail);
      listener.listen({ port: endpoint.port ?? 0, host: endpoint.host, backlog: endpoint.backlog }, () => {
        listener.off('error', fail);
        listener.on('error', (error) => this.emit('listenerError', error));
        resolve(listener);
      });
    });
  }

  private accept(socket: Socket): void {
    const max = this.limits.maxConcurrentConnections;
    if (this.closing || (max !== null && this.connections.size >= max)) {
      // Kestrel accepts and closes at once (ConnectionRejected).
      socket.on('error', noop);
      socket.destroy();
      this.emit('connectionRejected');
      return;
    }
    socket.setNoDelay(true);
    this.connections.add(new H1Connection(socket, this));
  }
}

function noop(): void {}

function defaultErrorHandler(error: unknown): void {
  console.error('windhover: unhandled application error:', error);
}

/** Creates a server; add middleware with use(), then listen(). */
export function createServer(options?: ServerOptions): Server {
  return new Server(options);
}
