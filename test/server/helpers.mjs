// Shared helpers for the server suites: a server on 127.0.0.1 with an ephemeral port, a raw
// socket client with byte-exact input and bounded time, and a small HTTP/1.1 response parser
// for asserting exactly what went over the wire.
import net from 'node:net';
import { createServer } from '../../dist/src/index.js';

/** Starts a server running `middleware` (a function or list); call close() when done. */
export async function start(middleware, options = {}) {
  const errors = [];
  const server = createServer({ onError: (error) => errors.push(error), ...options });
  for (const layer of [].concat(middleware)) server.use(layer);
  const { port } = await server.listen({ port: 0, host: '127.0.0.1' });
  return { server, port, errors, close: () => server.close({ timeout: 500 }) };
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Opens a socket, writes each chunk in turn (waiting `gap` ms between them), and collects
 * what the server sends until it closes, `until(text)` is true, or `timeout` ms pass.
 * Resolves { text, closed } with the bytes as latin1.
 */
export function raw(port, chunks, { gap = 0, timeout = 3000, until, end = false } = {}) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    let done = false;
    const finish = (closed) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ text, closed });
    };
    const timer = setTimeout(() => finish(false), timeout);
    socket.on('data', (data) => {
      text += data.toString('latin1');
      if (until && until(text)) finish(false);
    });
    socket.on('close', () => finish(true));
    socket.on('error', () => {});
    socket.on('connect', async () => {
      for (const chunk of [].concat(chunks)) {
        if (done) return;
        socket.write(chunk);
        if (gap) await sleep(gap);
      }
      if (end) socket.end();
    });
  });
}

/** Splits a byte stream into HTTP/1.1 responses (Content-Length, chunked, or no body). */
export function parseResponses(text, { head = false } = {}) {
  const out = [];
  let pos = 0;
  while (pos < text.length) {
    const end = text.indexOf('\r\n\r\n', pos);
    if (end < 0) break;
    const lines = text.slice(pos, end).split('\r\n');
    const [, status] = /^HTTP\/1\.1 (\d{3})/.exec(lines[0]) ?? [];
    const headers = {};
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).toLowerCase();
      const value = line.slice(colon + 1).trim();
      headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
    }
    let bodyStart = end + 4;
    let body = '';
    let trailers = {};
    const code = Number(status);
    if (head || code < 200 || code === 204 || code === 304) {
      // no content
    } else if (headers['transfer-encoding'] === 'chunked') {
      for (;;) {
        const lineEnd = text.indexOf('\r\n', bodyStart);
        if (lineEnd < 0) return out;
        const size = parseInt(text.slice(bodyStart, lineEnd), 16);
        if (size === 0) {
          const trailerEnd = text.indexOf('\r\n\r\n', lineEnd);
          for (const line of text.slice(lineEnd + 2, trailerEnd).split('\r\n').filter(Boolean)) {
            const colon = line.indexOf(':');
            trailers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
          }
          bodyStart = trailerEnd + 4;
          break;
        }
        body += text.slice(lineEnd + 2, lineEnd + 2 + size);
        bodyStart = lineEnd + 2 + size + 2;
      }
    } else if ('content-length' in headers) {
      body = text.slice(bodyStart, bodyStart + Number(headers['content-length']));
      bodyStart += body.length;
    } else {
      body = text.slice(bodyStart);
      bodyStart = text.length;
    }
    out.push({ status: code, headers, body, trailers });
    pos = bodyStart;
  }
  return out;
}

/** Counts complete responses so far (for `until`). */
export function responses(count, options) {
  return (text) => parseResponses(text, options).length >= count;
}
