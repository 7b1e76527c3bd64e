// windhover: the server's public entry point. Re-exports only.
export { VERSION } from './version.js';
export { WindhoverError, ERROR_CODES, type ErrorCode } from './errors.js';
export { LIMITS, DEFAULT_LIMITS, resolveLimits, type Limits, type LimitOptions, type DataRate } from './limits.js';
export { Context, Request, Response, type Protocol, type ConnectionInfo, type ResponseBody } from './context.js';
export { ResponseHeaders, FieldList, type RequestHeaders } from './http/headers.js';
export { compose, type Middleware, type Next } from './pipeline.js';
export { Server, createServer, type ServerOptions, type Endpoint, type CloseOptions, type UpgradeListener } from './server.js';
export { serve, toFetchRequest, sendFetchResponse, type ServeOptions, type FetchServer, type FetchHandler, type ServeHandlerInfo } from './fetch.js';
