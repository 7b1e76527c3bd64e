// HTTP/1.1 response serialization (RFC 9112 §4 status line, §5 fields, §6 framing, §7.1
// chunked coding, §9.6 Connection: close). Pure functions over strings: the head is built as
// one latin1 string (field values were validated, so every char is one byte), which the
// connection writes in one socket call together with the body whenever it can.

import { FIELD_CONNECTION, FIELD_CONTENT_LENGTH, FIELD_DATE, FIELD_KEEP_ALIVE, FIELD_SERVER, FIELD_TRAILER, FIELD_TRANSFER_ENCODING, type ResponseHeaders } from '../http/headers.js';
import { reasonPhrase } from '../http/status.js';

/** How the body of a response is delimited on the wire. */
export const enum Framing {
  /** `Content-Length` (also used for HEAD with a known length). */
  Length = 0,
  /** `Transfer-Encoding: chunked` (HTTP/1.1 only; required for trailers). */
  Chunked = 1,
  /** Delimited by closing the connection (HTTP/1.0 with unknown length, RFC 9112 §6.3 item 8). */
  Close = 2,
  /** No body at all: 1xx, 204, 304 and HEAD with unknown length (RFC 9110 §6.4.1). */
  None = 3,
}

/** Whether a status forbids content (RFC 9110 §15.2, §15.3.5, §15.4.5). */
export function statusHasNoBody(status: number): boolean {
  return status < 200 || status === 204 || status === 304;
}

/**
 * Picks the framing. `length` is the body length when known, else -1. HTTP/1.0 recipients
 * cannot decode chunked (RFC 9112 §7.1: MUST NOT send chunked to a 1.0 request), so an
 * unknown length there is close-delimited and trailers are dropped.
 */
export function planFraming(status: number, isHead: boolean, length: number, http10: boolean, trailers: boolean): Framing {
  if (statusHasNoBody(status)) return Framing.None;
  if (isHead) return length >= 0 ? Framing.Length : Framing.None;
  if (http10) return length >= 0 ? Framing.Length : Framing.Close;
  if (trailers) return Framing.Chunked;
  return length >= 0 ? Framing.Length : Framing.Chunked;
}

/** Fields the server writes itself; the application's copies are not emitted as given. */
const MANAGED = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length']);
const MANAGED_BITS = FIELD_CONNECTION | FIELD_KEEP_ALIVE | FIELD_TRANSFER_ENCODING | FIELD_CONTENT_LENGTH;

const statusLines = new Map<number, string>();

/** `HTTP/1.1 <status> <reason>\r\n`, cached per status when the default reason is used. */
export function statusLine(status: number, reason?: string): string {
  if (reason !== undefined) return `HTTP/1.1 ${status} ${reason}\r\n`;
  let line = statusLines.get(status);
  if (line === undefined) {
    line = `HTTP/1.1 ${status} ${reasonPhrase(status)}\r\n`;
    statusLines.set(status, line);
  }
  return line;
}

export interface HeadPlan {
  status: number;
  reason: string | undefined;
  headers: ResponseHeaders;
  framing: Framing;
  /** Body length for Framing.Length. */
  length: number;
  /** Whether the connection stays open after this response. */
  keepAlive: boolean;
  /** The request was HTTP/1.0: keep-alive must then be announced (RFC 9112 §9.3). */
  http10: boolean;
  /** Cached `Date: ...\r\n` line. */
  dateLine: string;
  /** `Server: ...\r\n` or ''. */
  serverLine: string;
  /** Names for a `Trailer` field when the application did not declare one, or ''. */
  trailerNames: string;
}

/**
 * The last head rendered, kept so that a server answering the same way again and again (the
 * same status, fields, length and Date second) writes one flat string it already has instead
 * of building and flattening a new one: fewer allocations on the hottest path.
 */
const memo = {
  status: -1, reason: undefined as string | undefined, framing: -1, length: -1, keepAlive: false,
  http10: false, dateLine: '', serverLine: '', trailerNames: '', list: [] as string[], head: '',
};

function memoMatches(plan: HeadPlan): boolean {
  if (plan.status !== memo.status || plan.length !== memo.length || plan.framing !== memo.framing ||
    plan.keepAlive !== memo.keepAlive || plan.http10 !== memo.http10 || plan.dateLine !== memo.dateLine ||
    plan.serverLine !== memo.serverLine || plan.reason !== memo.reason || plan.trailerNames !== memo.trailerNames) return false;
  const list = plan.headers.list;
  const cached = memo.list;
  if (list.length !== cached.length) return false;
  for (let i = 0; i < list.length; i++) if (list[i] !== cached[i]) return false;
  return true;
}

/** Renders the status line and field section, ending with the empty line. */
export function renderHead(plan: HeadPlan): string {
  if (memoMatches(plan)) return memo.head;
  const head = buildHead(plan);
  memo.status = plan.status;
  memo.reason = plan.reason;
  memo.framing = plan.framing;
  memo.length = plan.length;
  memo.keepAlive = plan.keepAlive;
  memo.http10 = plan.http10;
  memo.dateLine = plan.dateLine;
  memo.serverLine = plan.serverLine;
  memo.trailerNames = plan.trailerNames;
  memo.list = plan.headers.list.slice();
  memo.head = head;
  return head;
}

/** Longest body joinWhole() keeps (longer ones are queued as they are). */
export const JOIN_MAX = 1024;
const joined = { head: '', body: '', whole: '' };

/**
 * `head + body` for a short ASCII body, remembered: a server sending the same response again
 * and again queues one string it already has (flattened by its first write) instead of a new
 * concatenation that the socket write must flatten and copy each time.
 */
export function joinWhole(head: string, body: string): string {
  if (head !== joined.head || body !== joined.body) {
    joined.head = head;
    joined.body = body;
    joined.whole = head + body;
  }
  return joined.whole;
}

function buildHead(plan: HeadPlan): string {
  const { headers } = plan;
  const flags = headers.flags;
  let head = statusLine(plan.status, plan.reason);
  const list = headers.list;
  if ((flags & MANAGED_BITS) === 0) {
    for (let i = 0; i < list.length; i += 3) head += `${list[i + 1]}: ${list[i + 2]}\r\n`;
  } else {
    for (let i = 0; i < list.length; i += 3) {
      if (!MANAGED.has(list[i])) head += `${list[i + 1]}: ${list[i + 2]}\r\n`;
    }
  }
  if ((flags & FIELD_DATE) === 0) head += plan.dateLine;
  if ((flags & FIELD_SERVER) === 0) head += plan.serverLine;
  if (plan.framing === Framing.Length) head += `Content-Length: ${plan.length}\r\n`;
  else if (plan.framing === Framing.Chunked) {
    head += 'Transfer-Encoding: chunked\r\n';
    if ((flags & FIELD_TRAILER) === 0 && plan.trailerNames !== '') head += `Trailer: ${plan.trailerNames}\r\n`;
  }
  if (!plan.keepAlive) head += 'Connection: close\r\n';
  else if (plan.http10) head += 'Connection: keep-alive\r\n';
  return head + '\r\n';
}

/** Whether the application asked for the connection to close (`Connection: close`). */
export function wantsClose(headers: ResponseHeaders): boolean {
  if ((headers.flags & FIELD_CONNECTION) === 0) return false;
  const value = headers.get('connection');
  return value !== null && /(?:^|,)\s*close\s*(?:,|$)/i.test(value);
}

/** Size line of one chunk (RFC 9112 §7.1: chunk-size in hex, no extensions). */
export function chunkHeader(size: number): string {
  return `${size.toString(16)}\r\n`;
}

export const CHUNK_END = '\r\n';

/** Last chunk, trailer section and the final CRLF (RFC 9112 §7.1.2). */
export function lastChunk(trailers: ResponseHeaders | null): string {
  if (trailers === null || trailers.size === 0) return '0\r\n\r\n';
  let out = '0\r\n';
  const list = trailers.list;
  for (let i = 0; i < list.length; i += 3) out += `${list[i + 1]}: ${list[i + 2]}\r\n`;
  return out + '\r\n';
}
