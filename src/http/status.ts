// Status codes: reason phrases (RFC 9110 §15, IANA registry) and the pre-rendered responses
// the server sends when it rejects a request itself (Kestrel's model: empty body,
// `Connection: close`, then the connection ends; RFC 9112 §9.6). Each rejection is a Buffer
// rebuilt at most once per second so that it carries a current Date (RFC 9110 §6.6.1: an
// origin server with a clock MUST send Date in 4xx responses).

import { Buffer } from 'node:buffer';
import { clock } from '../timers.js';

export const REASON_PHRASES: Readonly<Record<number, string>> = {
  100: 'Continue', 101: 'Switching Protocols', 102: 'Processing', 103: 'Early Hints',
  200: 'OK', 201: 'Created', 202: 'Accepted', 203: 'Non-Authoritative Information',
  204: 'No Content', 205: 'Reset Content', 206: 'Partial Content', 207: 'Multi-Status',
  208: 'Already Reported', 226: 'IM Used',
  300: 'Multiple Choices', 301: 'Moved Permanently', 302: 'Found', 303: 'See Other',
  304: 'Not Modified', 305: 'Use Proxy', 307: 'Temporary Redirect', 308: 'Permanent Redirect',
  400: 'Bad Request', 401: 'Unauthorized', 402: 'Payment Required', 403: 'Forbidden',
  404: 'Not Found', 405: 'Method Not Allowed', 406: 'Not Acceptable',
  407: 'Proxy Authentication Required', 408: 'Request Timeout', 409: 'Conflict', 410: 'Gone',
  411: 'Length Required', 412: 'Precondition Failed', 413: 'Content Too Large',
  414: 'URI Too Long', 415: 'Unsupported Media Type', 416: 'Range Not Satisfiable',
  417: 'Expectation Failed', 421: 'Misdirected Request', 422: 'Unprocessable Content',
  423: 'Locked', 424: 'Failed Dependency', 425: 'Too Early', 426: 'Upgrade Required',
  428: 'Precondition Required', 429: 'Too Many Requests',
  431: 'Request Header Fields Too Large', 451: 'Unavailable For Legal Reasons',
  500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway',
  503: 'Service Unavailable', 504: 'Gateway Timeout', 505: 'HTTP Version Not Supported',
  506: 'Variant Also Negotiates', 507: 'Insufficient Storage', 508: 'Loop Detected',
  511: 'Network Authentication Required',
};

export function reasonPhrase(status: number): string {
  return REASON_PHRASES[status] ?? '';
}

/** Statuses the server answers on its own, without the application. */
export const REJECTION_STATUSES = [400, 408, 413, 414, 417, 431, 500, 501, 505] as const;
export type RejectionStatus = (typeof REJECTION_STATUSES)[number];

interface Rendered {
  dateLine: string;
  bytes: Buffer;
}

const rendered = new Map<number, Rendered>();

/** The complete wire response for a server-side rejection, ending with `Connection: close`. */
export function rejectionResponse(status: RejectionStatus): Buffer {
  const dateLine = clock.currentDateLine();
  const cached = rendered.get(status);
  if (cached && cached.dateLine === dateLine) return cached.bytes;
  const text = `HTTP/1.1 ${status} ${reasonPhrase(status)}\r\n${dateLine}` +
    'Content-Length: 0\r\nConnection: close\r\n\r\n';
  const bytes = Buffer.from(text, 'latin1');
  rendered.set(status, { dateLine, bytes });
  return bytes;
}

/** `HTTP/1.1 100 Continue` (RFC 9110 §10.1.1), sent when the application first reads the body. */
export const CONTINUE_RESPONSE: Buffer = Buffer.from('HTTP/1.1 100 Continue\r\n\r\n', 'latin1');
