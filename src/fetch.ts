// `serve({ fetch, port, hostname, signal, onListen, ... })`: the Web-standard handler shape of
// Deno.serve, Bun.serve and Hono's Node adapter, on the same server and pipeline as
// createServer. The request is a real `Request` (streaming body, `signal` aborted when the
// client goes away); the returned `Response` is sent with Content-Length when its body turns
// out to be a single chunk, and streamed (chunked) otherwise.

import type { AddressInfo } from 'node:net';
import type { Context } from './context.js';
import { WindhoverError } from './errors.js';
import { Server, type ServerOptions } from './server.js';

type FetchRequest = globalThis.Request;
type FetchResponse = globalThis.Response;

/** Second argument of the fetch handler (Deno's ServeHandlerInfo shape, plus the context). */
export interface ServeHandlerInfo {
  readonly remoteAddr: { transport: 'tcp'; hostname: string; port: number };
  /** The underlying context, for what the Web Request cannot express (trailers, limits). */
  readonly context: Context;
}

export type FetchHandler = (request: FetchRequest, info: ServeHandlerInfo) => FetchResponse | Promise<FetchResponse>;

export interface ServeOptions extends ServerOptions {
  fetch: FetchHandler;
  /** Default: $PORT, else 3000. 0 picks a free port. */
  port?: number;
  /** Default: '0.0.0.0' (Deno.serve's default). */
  hostname?: string;
  /** Aborting it closes the server gracefully. */
  signal?: AbortSignal;
  onListen?: (addr: { hostname: string; port: number }) => void;
  /** Milliseconds in-flight requests get on shutdown (default 30,000). */
  shutdownTimeout?: number;
}

export interface FetchServer {
  readonly server: Server;
  /** Resolves with the bound address. */
  readonly ready: Promise<AddressInfo>;
  /** Settles once the server has closed. */
  readonly finished: Promise<void>;
  /** Graceful shutdown (same as server.close()). */
  shutdown(options?: { timeout?: number }): Promise<void>;
}

const NO_BODY_METHODS = new Set(['GET', 'HEAD']);

class HandlerInfo implements ServeHandlerInfo {
  constructor(readonly context: Context) {}

  get remoteAddr(): { transport: 'tcp'; hostname: string; port: number } {
    const { request } = this.context;
    return { transport: 'tcp', hostname: request.remoteAddress, port: request.remotePort };
  }
}

/** Builds the Web Request for a context. */
export function toFetchRequest(ctx: Context): FetchRequest {
  const req = ctx.request;
  const target = req.target;
  let url: string;
  if (target.charCodeAt(0) === 47 /* / */) {
    const authority = req.authority || `${req.localAddress}:${req.localPort}`;
    url = `${req.scheme}://${authority}${target}`;
  } else if (target.includes('://')) {
    url = target;
  } else {
    url = `${req.scheme}://${req.authority || target}/`;
  }
  const headers = new Headers();
  for (const [name, value] of req.headers.raw()) headers.append(name, value);
  const init: RequestInit & { duplex?: 'half' } = { method: req.method, headers, signal: req.signal };
  if (req.hasBody && !NO_BODY_METHODS.has(req.method)) {
    init.body = req.body;
    init.duplex = 'half';
  }
  return new Request(url, init);
}

/** Sends a Web Response through the context's response. */
export async function sendFetchResponse(ctx: Context, response: FetchResponse): Promise<void> {
  if (!(response instanceof Response)) {
    throw new WindhoverError('ERR_INVALID_BODY', 'the fetch handler must return a Response');
  }
  const res = ctx.response;
  res.status = response.status;
  if (response.statusText !== '') res.statusText = response.statusText;
  response.headers.forEach((value, name) => { res.headers.append(name, value); });
  const body = response.body;
  if (body === null) {
    res.send(null);
    return;
  }
  if (res.headers.has('content-length') || ctx.request.method === 'HEAD') {
    await res.send(body);
    return;
  }
  const reader = body.getReader();
  const first = await reader.read();
  if (first.done) {
    res.send(null);
    return;
  }
  // A body that ends right after its first chunk (any `new Response(string | bytes)`) goes
  // out with Content-Length; one still producing by the next turn is streamed.
  const second = reader.read();
  const early = await Promise.race([second, nextTurn()]);
  if (early !== NOT_YET && early.done) {
    res.send(first.value);
    return;
  }
  await res.send(restOf(first.value, reader, second));
}

const NOT_YET = Symbol('not yet');

function nextTurn(): Promise<typeof NOT_YET> {
  return new Promise((resolve) => setImmediate(resolve, NOT_YET));
}

function restOf(first: Uint8Array, reader: ReadableStreamDefaultReader<Uint8Array>, pending: Promise<ReadableStreamReadResult<Uint8Array>>): AsyncIterable<Uint8Array> {
  return {
    async *[Symbol.asyncIterator]() {
      let done = false;
      try {
        yield first;
        for (let next = await pending; !next.done; next = await reader.read()) yield next.value;
        done = true;
      } finally {
        if (!done) reader.cancel().catch(() => {});
      }
    },
  };
}

/** Starts a server for a fetch handler; returns at once, listening completes in the background. */
export function serve(options: ServeOptions): FetchServer {
  const { fetch, port, hostname, signal, onListen, shutdownTimeout, ...serverOptions } = options;
  if (typeof fetch !== 'function') throw new WindhoverError('ERR_INVALID_OPTION', 'serve() needs a fetch handler');
  const server = new Server(serverOptions);
  server.use(async (ctx) => {
    const response = await fetch(toFetchRequest(ctx), new HandlerInfo(ctx));
    await sendFetchResponse(ctx, response);
  });
  const envPort = Number((globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.PORT);
  const ready = server.listen({ port: port ?? (Number.isInteger(envPort) ? envPort : 3000), host: hostname ?? '0.0.0.0' });
  ready.then((address) => onListen?.({ hostname: address.address, port: address.port }), () => {});
  if (signal) {
    const stop = (): void => void server.close({ timeout: shutdownTimeout });
    if (signal.aborted) ready.then(stop, () => {});
    else signal.addEventListener('abort', () => ready.then(stop, stop), { once: true });
  }
  return {
    server,
    ready,
    finished: server.finished,
    shutdown: (opts) => server.close({ timeout: opts?.timeout ?? shutdownTimeout }),
  };
}
