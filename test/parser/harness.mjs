// Shared test harness for the parser suites: the three Wasm builds, feeding a byte string to
// a parser whole, in two pieces or one byte at a time, and a normalized outcome that can be
// compared across feedings and with the llhttp fixtures.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { RequestParser, ResponseParser } from '../../dist/bindings/parser/index.js';

/** The three builds every suite runs on: name -> Wasm bytes. */
export const BUILDS = Object.fromEntries(['release', 'release-nosimd', 'debug'].map((target) => [
  target, new Uint8Array(readFileSync(new URL(`../../build/h1.${target}.wasm`, import.meta.url))),
]));

export function loadFixtures(name) {
  const file = new URL(`../fixtures/http1/${name}.json.gz`, import.meta.url);
  return JSON.parse(gunzipSync(readFileSync(file)).toString('utf8'));
}

/** The exact input bytes of a fixture record (UTF-8 of `input`, or `inputBase64`). */
export function recordBytes(record) {
  return record.inputBase64 ? new Uint8Array(Buffer.from(record.inputBase64, 'base64'))
    : new TextEncoder().encode(record.input);
}

const latin1Bytes = (text) => Buffer.from(text, 'latin1');
/** Our strings are latin1 decodes of bytes; the fixtures hold the UTF-8 text of the same bytes. */
const asUtf8 = (text) => latin1Bytes(text).toString('utf8');

/** A plain, comparable summary of one parsed message. */
export function summarize(message, kind) {
  const out = kind === 'request'
    ? { method: message.method, url: asUtf8(message.url) }
    : { status: message.status, reason: asUtf8(message.reason) };
  out.version = `${message.versionMajor}.${message.versionMinor}`;
  out.headers = message.headers.map(([n, v]) => [n, asUtf8(v)]);
  out.body = Buffer.from(message.body).toString('utf8');
  out.trailers = message.trailers.map(([n, v]) => [n, asUtf8(v)]);
  out.upgrade = message.upgrade;
  out.complete = message.complete;
  out.keepAlive = message.keepAlive;
  return out;
}

/**
 * Feeds `bytes` to a fresh parser in `pieces` (arrays of byte offsets where to cut) and
 * returns { messages, error: {code, offset} | null, upgrade: {kind, offset, rest} | null }.
 * `finish` signals EOF at the end; `expect` queues response expectations (methods).
 */
export function run(kind, bytes, cuts, options = {}) {
  const { finish = false, expect = [], ...parserOptions } = options;
  const parser = kind === 'request' ? new RequestParser(parserOptions) : new ResponseParser(parserOptions);
  for (const method of expect) parser.expectResponseTo(method);
  const messages = [];
  let error = null;
  let upgrade = null;
  let restParts = [];
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    if (cut <= from && cut !== bytes.length) continue;
    const piece = bytes.subarray(from, cut);
    from = cut;
    if (upgrade) {
      restParts.push(Buffer.from(piece));
      continue;
    }
    if (error) break;
    const result = parser.push(piece);
    messages.push(...result.messages);
    if (result.error) error = result.error;
    if (result.upgrade) {
      upgrade = result.upgrade;
      restParts = [Buffer.from(upgrade.rest)];
    }
  }
  if (finish && !error && !upgrade) {
    const result = parser.finish();
    messages.push(...result.messages);
    if (result.error) error = result.error;
  }
  if (parser.pending && !upgrade) messages.push(parser.pending);
  parser.dispose();
  return {
    messages: messages.map((m) => summarize(m, kind)),
    error: error && { code: error.code, offset: error.offset },
    upgrade: upgrade && { kind: upgrade.kind, offset: upgrade.offset, rest: Buffer.concat(restParts).toString('latin1') },
  };
}

/** Every feeding the conformance suite checks: whole, every two-piece split, byte by byte. */
export function* feedings(length) {
  yield { name: 'whole', cuts: [] };
  for (let i = 1; i < length; i++) yield { name: `split@${i}`, cuts: [i] };
  yield { name: 'bytewise', cuts: Array.from({ length: Math.max(0, length - 1) }, (_, i) => i + 1) };
}

/**
 * Parses `input` (a latin1 string or bytes) on every build, whole, split and bytewise
 * (exhaustively up to 600 bytes, sampled above), asserts every feeding gives the same
 * outcome, and returns it.
 */
export function parse(kind, input, options = {}) {
  const bytes = typeof input === 'string' ? new Uint8Array(Buffer.from(input, 'latin1')) : input;
  let reference = null;
  let where = '';
  for (const [build, wasm] of Object.entries(BUILDS)) {
    for (const feeding of bytes.length <= 600 ? feedings(bytes.length) : sampledFeedings(bytes.length)) {
      const outcome = run(kind, bytes, feeding.cuts, { ...options, wasm });
      if (reference === null) {
        reference = outcome;
        where = `${build} ${feeding.name}`;
      } else if (JSON.stringify(outcome) !== JSON.stringify(reference)) {
        throw new Error(`${build} ${feeding.name} differs from ${where}:\n${JSON.stringify(outcome)}\n${JSON.stringify(reference)}`);
      }
    }
  }
  return reference;
}

function* sampledFeedings(length) {
  yield { name: 'whole', cuts: [] };
  for (let i = 1; i < 48; i++) {
    const cut = Math.floor((length * i) / 48);
    yield { name: `split@${cut}`, cuts: [cut] };
  }
  for (const size of [1, 7, 1000]) {
    yield { name: `pieces of ${size}`, cuts: Array.from({ length: Math.ceil(length / size) - 1 }, (_, i) => (i + 1) * size) };
  }
}

export const request = (input, options) => parse('request', input, options);
export const response = (input, options) => parse('response', input, options);
/** The error code of an outcome, or null. */
export const errorOf = (outcome) => outcome.error?.code ?? null;
