// The middleware pipeline (ASP.NET Core / Koa shape): `(ctx, next) => void | Promise<void>`,
// composed once per server. `next()` runs the rest of the pipeline and returns a promise;
// calling it twice from one middleware is an error. The end of the pipeline answers 404 when
// nothing was sent (ASP.NET's terminal delegate). runExchange drives one request through it
// and maps the outcome: completion ends the response, an exception becomes 500 (or the
// status a body error carries: 400, 408, 413) when nothing was sent yet, else the response is
// aborted. Synchronous middleware costs no promise.

import type { Context } from './context.js';
import { WindhoverError, statusOf } from './errors.js';

export type Next = () => Promise<void>;
export type Middleware = (ctx: Context, next: Next) => void | Promise<void>;
export type App = (ctx: Context) => unknown;

const RESOLVED = Promise.resolve();

function isPromise(value: unknown): value is Promise<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as Promise<unknown>).then === 'function';
}

function notFound(ctx: Context): void {
  if (!ctx.response.headersSent) ctx.response.status = 404;
}

export function compose(stack: readonly Middleware[]): App {
  const layers = stack.slice();
  for (const layer of layers) {
    if (typeof layer !== 'function') throw new WindhoverError('ERR_INVALID_OPTION', 'middleware must be a function');
  }
  const count = layers.length;

  function dispatch(ctx: Context, index: number): unknown {
    if (index === count) {
      notFound(ctx);
      return undefined;
    }
    const layer = layers[index];
    let called = false;
    const next: Next = () => {
      if (called) return Promise.reject(new WindhoverError('ERR_NEXT_CALLED_TWICE'));
      called = true;
      try {
        const result = dispatch(ctx, index + 1);
        return isPromise(result) ? (result as Promise<void>) : RESOLVED;
      } catch (error) {
        return Promise.reject(error);
      }
    };
    return layer(ctx, next);
  }

  return (ctx) => dispatch(ctx, 0);
}

/** How a transport finishes an exchange the pipeline could not complete normally. */
export interface ExchangeOwner {
  /** Reports an application error (never a client disconnect). */
  reportError(error: unknown, ctx: Context): void;
  /** Nothing was sent yet: answer `status` on the server's behalf. */
  rejectExchange(ctx: Context, status: number): void;
  /** The head was sent but the response cannot complete: cut it (close / RST_STREAM). */
  abortExchange(ctx: Context, error: unknown): void;
  /** Called once, last: the pipeline (and any piped body) is done, whatever the outcome. */
  settleExchange(ctx: Context): void;
}

/** Runs `app` for one exchange and completes, rejects or aborts the response. */
export function runExchange(app: App, ctx: Context, owner: ExchangeOwner): void {
  let result: unknown;
  try {
    result = app(ctx);
  } catch (error) {
    failExchange(ctx, owner, error);
    return;
  }
  if (isPromise(result)) {
    result.then(() => completeExchange(ctx, owner), (error) => failExchange(ctx, owner, error));
  } else {
    completeExchange(ctx, owner);
  }
}

function completeExchange(ctx: Context, owner: ExchangeOwner): void {
  const res = ctx.response;
  const pending = res.pending;
  if (pending !== null && !res.finished) {
    pending.then(() => completeExchange(ctx, owner), (error) => failExchange(ctx, owner, error));
    return;
  }
  if (!res.finished) {
    try {
      res.end();
    } catch (error) {
      failExchange(ctx, owner, error);
      return;
    }
  }
  owner.settleExchange(ctx);
}

function failExchange(ctx: Context, owner: ExchangeOwner, error: unknown): void {
  const disconnected = ctx.request.aborted ||
    (error instanceof WindhoverError && error.code === 'ERR_REQUEST_ABORTED');
  if (!disconnected && statusOf(error) === undefined) owner.reportError(error, ctx);
  if (!ctx.request.aborted) {
    // A complete response stays complete: an error after it was sent is only reported.
    if (!ctx.response.headersSent) owner.rejectExchange(ctx, statusOf(error) ?? 500);
    else if (!ctx.response.finished) owner.abortExchange(ctx, error);
  }
  owner.settleExchange(ctx);
}
