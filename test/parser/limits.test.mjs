// Limits enforced in Wasm, each with its own code and a deterministic offset (the first byte
// past the limit), whatever the feeding: Kestrel's defaults (request line 8 KiB, 100 fields,
// 32 KiB of fields), one field line (default: the total), chunk extensions (16 KiB, as
// Node), trailers; all configurable per parser.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { request, response, errorOf } from './harness.mjs';
import { RequestParser, DEFAULT_LIMITS } from '../../dist/bindings/parser/index.js';

const HOST = 'Host: a\r\n';

test('defaults: Kestrel limits and Node chunk-extension limit', () => {
  assert.equal({ ...DEFAULT_LIMITS }, {
    maxRequestLineSize: 8192, maxHeaderCount: 100, maxHeadersTotalSize: 32768,
    maxChunkExtensionSize: 16384, maxTrailersSize: 32768,
  });
});

test('request line: 8192 bytes pass, 8193 give REQUEST_LINE_TOO_LONG at byte 8192 (414)', () => {
  const line = (len) => `GET /${'a'.repeat(len - 14)} HTTP/1.1`;
  assert.equal(line(8192).length, 8192);
  assert.equal(request(`${line(8192)}\r\n${HOST}\r\n`).error, null);
  const outcome = request(`${line(8193)}\r\n${HOST}\r\n`);
  assert.equal(outcome.error, { code: 'REQUEST_LINE_TOO_LONG', offset: 8192 });
  // Also before the line ends: the carried part stays bounded.
  assert.equal(request(`GET /${'a'.repeat(9000)}`).error, { code: 'REQUEST_LINE_TOO_LONG', offset: 8192 });
});

test('request line: configurable', () => {
  const outcome = request(`GET /${'a'.repeat(20)} HTTP/1.1\r\n${HOST}\r\n`, { maxRequestLineSize: 16 });
  assert.equal(outcome.error, { code: 'REQUEST_LINE_TOO_LONG', offset: 16 });
});

test('field count: 100 fields pass, the 101st gives TOO_MANY_HEADERS at its line (431)', () => {
  const fields = (n) => Array.from({ length: n }, (_, i) => `X-${i}: v\r\n`).join('');
  assert.equal(request(`GET / HTTP/1.1\r\n${HOST}${fields(99)}\r\n`).error, null);
  const head = `GET / HTTP/1.1\r\n${HOST}${fields(100)}\r\n`;
  const at = head.indexOf('X-99:');
  assert.equal(request(head).error, { code: 'TOO_MANY_HEADERS', offset: at });
  assert.equal(errorOf(request(`GET / HTTP/1.1\r\n${HOST}X: 1\r\nY: 2\r\n\r\n`, { maxHeaderCount: 2 })), 'TOO_MANY_HEADERS');
});

test('field section: more than 32768 bytes of field lines (CRLFs included) give HEADERS_TOO_LARGE (431)', () => {
  const big = (len) => `X-Big: ${'v'.repeat(len - 7)}`;
  const fitting = `GET / HTTP/1.1\r\n${HOST}${big(32768 - 9 - 2)}\r\n\r\n`;
  assert.equal(request(fitting).error, null);
  const head = `GET / HTTP/1.1\r\n${HOST}${big(32768 - 9 - 2 + 1)}\r\n\r\n`;
  assert.equal(request(head).error, { code: 'HEADERS_TOO_LARGE', offset: 16 + 32768 - 2 });
});

test('one field line: maxFieldSize gives HEADER_FIELD_TOO_LARGE at the limit (431)', () => {
  const head = `GET / HTTP/1.1\r\n${HOST}X-Long: ${'v'.repeat(100)}\r\n\r\n`;
  assert.equal(request(head, { maxFieldSize: 50 }).error, { code: 'HEADER_FIELD_TOO_LARGE', offset: 25 + 50 });
  assert.equal(request(head, { maxFieldSize: 108 }).error, null);
  assert.equal(request(head, { maxFieldSize: 107 }).error, { code: 'HEADER_FIELD_TOO_LARGE', offset: 25 + 107 });
  // A long name counts too.
  assert.equal(errorOf(request(`GET / HTTP/1.1\r\n${'N'.repeat(80)}: v\r\n\r\n`, { maxFieldSize: 50 })), 'HEADER_FIELD_TOO_LARGE');
});

test('chunk extensions: more than maxChunkExtensionSize bytes give CHUNK_EXTENSION_TOO_LARGE', () => {
  const post = `POST / HTTP/1.1\r\n${HOST}Transfer-Encoding: chunked\r\n\r\n`;
  const ext = (len) => `;a=${'b'.repeat(len - 3)}`;
  assert.equal(request(`${post}1${ext(64)}\r\nx\r\n0\r\n\r\n`, { maxChunkExtensionSize: 64 }).error, null);
  const outcome = request(`${post}1${ext(65)}\r\nx\r\n0\r\n\r\n`, { maxChunkExtensionSize: 64 });
  assert.equal(outcome.error, { code: 'CHUNK_EXTENSION_TOO_LARGE', offset: post.length + 1 + 64 });
  // The default (16 KiB) bounds an endless extension that never reaches CRLF.
  assert.equal(errorOf(request(`${post}1;a=${'b'.repeat(20000)}`)), 'CHUNK_EXTENSION_TOO_LARGE');
});

test('trailers: more than maxTrailersSize bytes give TRAILERS_TOO_LARGE', () => {
  const post = `POST / HTTP/1.1\r\n${HOST}Transfer-Encoding: chunked\r\n\r\n0\r\n`;
  assert.equal(request(`${post}X-T: ${'t'.repeat(30)}\r\n\r\n`, { maxTrailersSize: 64 }).error, null);
  const outcome = request(`${post}X-T: ${'t'.repeat(100)}\r\n\r\n`, { maxTrailersSize: 64 });
  assert.equal(outcome.error, { code: 'TRAILERS_TOO_LARGE', offset: post.length + 64 - 2 });
});

test('status line: maxRequestLineSize bounds it for responses (STATUS_LINE_TOO_LONG)', () => {
  const outcome = response(`HTTP/1.1 200 ${'o'.repeat(100)}\r\n\r\n`, { maxRequestLineSize: 40 });
  assert.equal(outcome.error, { code: 'STATUS_LINE_TOO_LONG', offset: 40 });
});

test('options are validated: limits must fit the shared window', () => {
  assert.throws(() => new RequestParser({ maxRequestLineSize: 0 }), RangeError);
  assert.throws(() => new RequestParser({ maxHeadersTotalSize: 70000 }), RangeError);
  assert.throws(() => new RequestParser({ maxHeaderCount: 1e6 }), RangeError);
  assert.throws(() => new RequestParser({ maxTrailersSize: 1.5 }), RangeError);
  new RequestParser({ maxRequestLineSize: 16384, maxHeadersTotalSize: 49000 }).dispose();
});

test.run();
