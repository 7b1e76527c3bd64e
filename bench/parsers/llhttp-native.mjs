// Driver for llhttp in C as node:http runs it: the HTTPParser class of Node's internal
// `http_parser` binding, with the callbacks wired the way lib/_http_common.js wires them
// (headers arrive as a flat [name, value, ...] string array at headers-complete, or earlier in
// pieces through kOnHeaders when llhttp flushes; bodies are Buffer copies). Strict defaults:
// no leniency flags, Node's default 16 KiB header limit.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * Node's own public-but-internal module exposes the same class without the DEP0111 warning
 * that `process.binding('http_parser')` prints; `allMethods` (needed because llhttp reports
 * the method as its enum value) is only on the binding, so that one access is made silently.
 */
function loadBinding() {
  const { HTTPParser } = require('_http_common');
  const previous = process.noDeprecation;
  process.noDeprecation = true;
  try {
    const { allMethods } = process.binding('http_parser');
    return { HTTPParser, allMethods };
  } finally {
    process.noDeprecation = previous;
  }
}

export const { HTTPParser, allMethods: ALL_METHODS } = loadBinding();

const K_ON_HEADERS = HTTPParser.kOnHeaders | 0;
const K_ON_HEADERS_COMPLETE = HTTPParser.kOnHeadersComplete | 0;
const K_ON_BODY = HTTPParser.kOnBody | 0;
const K_ON_MESSAGE_COMPLETE = HTTPParser.kOnMessageComplete | 0;

/** A fresh request parser, initialised as node:http's server does (no leniency). */
export function newRequestParser() {
  const parser = new HTTPParser();
  parser.initialize(HTTPParser.REQUEST, {}, 0, HTTPParser.kLenientNone);
  return parser;
}

export function createDriver(sink) {
  const parser = newRequestParser();
  let pendingHeaders = [];
  let pendingUrl = '';
  let completed = 0;

  parser[K_ON_HEADERS] = (headers, url) => {
    for (let i = 0; i < headers.length; i++) pendingHeaders.push(headers[i]);
    pendingUrl += url;
  };
  parser[K_ON_HEADERS_COMPLETE] = (major, minor, headers, method, url) => {
    if (headers === undefined) {
      headers = pendingHeaders;
      pendingHeaders = [];
    }
    if (url === undefined) {
      url = pendingUrl;
      pendingUrl = '';
    }
    sink.message(ALL_METHODS[method], url);
    for (let i = 0; i < headers.length; i += 2) sink.header(headers[i], headers[i + 1]);
    return 0;
  };
  parser[K_ON_BODY] = (bytes) => {
    sink.body(bytes);
  };
  parser[K_ON_MESSAGE_COMPLETE] = () => {
    // Trailer fields arrive through kOnHeaders before this; the mixes carry none.
    pendingHeaders.length = 0;
    pendingUrl = '';
    completed++;
    sink.end();
  };

  return {
    name: 'llhttp native',
    parse(buffer) {
      completed = 0;
      const result = parser.execute(buffer);
      if (typeof result !== 'number') throw new Error(`llhttp: ${result.code} ${result.reason}`);
      return completed;
    },
    close() {
      parser.close();
    },
  };
}
