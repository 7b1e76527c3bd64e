// The reference side of the differential fuzzer: llhttp in C exactly as node:http's server
// runs it (Node's HTTPParser binding, request mode, no leniency flags, default 16 KiB header
// limit), plus the one request check node:http adds on top of the parser: an HTTP/1.1 request
// without Host gets 400 (RFC 9112 §3.2; Node's requireHostHeader, on by default). Produces the
// outcome shape shared with the subject adapter:
//   { messages: [{ method, url, version, headers, body, trailers }], error: { code, offset } | null,
//     upgrade: boolean, pending: message | null }
// where `pending` is a message whose head was parsed but which did not complete.
// where headers/trailers are [name, value] pairs as received and body is latin1 text.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { HTTPParser } = require('_http_common');
const ALL_METHODS = (() => {
  const previous = process.noDeprecation;
  process.noDeprecation = true;
  try {
    return process.binding('http_parser').allMethods;
  } finally {
    process.noDeprecation = previous;
  }
})();

function pairs(flat) {
  const out = [];
  for (let i = 0; i < flat.length; i += 2) out.push([flat[i], flat[i + 1]]);
  return out;
}

/** Parses `input` (a Buffer) in one execute call, as a fresh connection would see it. */
export function llhttpParse(input) {
  const parser = new HTTPParser();
  parser.initialize(HTTPParser.REQUEST, {}, 0, HTTPParser.kLenientNone);
  const messages = [];
  let current = null;
  let flushed = [];
  let flushedUrl = '';
  let hostMissing = null;
  let upgradeHead = false;
  let upgradeAt = -1;

  parser[HTTPParser.kOnHeaders] = (headers, url) => {
    if (current) {
      current.trailers.push(...pairs(headers));
    } else {
      flushed.push(...headers);
      flushedUrl += url;
    }
  };
  parser[HTTPParser.kOnHeadersComplete] = (major, minor, headers, method, url, status, reason, upgrade) => {
    upgradeHead = upgrade;
    current = {
      method: ALL_METHODS[method],
      url: url ?? flushedUrl,
      version: `${major}.${minor}`,
      headers: pairs(headers ?? flushed),
      body: '',
      trailers: [],
    };
    flushed = [];
    flushedUrl = '';
    if (major === 1 && minor === 1 && hostMissing === null
      && !current.headers.some(([name]) => name.toLowerCase() === 'host')) {
      hostMissing = messages.length;
    }
    return 0;
  };
  parser[HTTPParser.kOnBody] = (bytes) => {
    current.body += bytes.toString('latin1');
  };
  parser[HTTPParser.kOnMessageComplete] = () => {
    if (current) messages.push(current);
    current = null;
    // A CONNECT or upgrade request ends HTTP on this connection even when the input ends
    // right after it (then execute's count cannot show the stop).
    if (upgradeHead) upgradeAt = messages.length;
  };

  const result = parser.execute(input);
  parser.close();
  let error = null;
  let upgrade = false;
  if (typeof result !== 'number') {
    error = { code: result.code, offset: result.bytesParsed };
  } else if (result < input.length || upgradeAt === messages.length) {
    // A short count without an error means llhttp stopped for an upgrade or CONNECT: the
    // bytes after it belong to another protocol.
    upgrade = true;
  }
  if (hostMissing !== null && hostMissing < messages.length + (current ? 1 : 0)) {
    // node:http answers 400 + close to that request and serves nothing after it.
    const pending = messages[hostMissing] ?? current;
    messages.length = hostMissing;
    return { messages, error: { code: 'NODE_MISSING_HOST', offset: -1 }, upgrade: false, pending };
  }
  return { messages, error, upgrade, pending: current };
}
