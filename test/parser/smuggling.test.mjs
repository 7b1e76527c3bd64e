// Request smuggling classes (docs: /reference security notes §1.2), one spec per rule, each
// named with its RFC section. Every input runs on all three builds, whole and at every
// split, and must give the same outcome everywhere (harness.parse).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { request, response, errorOf } from './harness.mjs';

const GET = 'GET / HTTP/1.1\r\nHost: a\r\n';
const POST = 'POST / HTTP/1.1\r\nHost: a\r\n';
const SMUGGLED = 'GET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n';

function rejects(input, code, offset) {
  const outcome = request(input);
  assert.equal(errorOf(outcome), code, JSON.stringify(input));
  if (offset !== undefined) assert.equal(outcome.error.offset, offset, 'offset');
  assert.not.ok(outcome.messages.some((m) => m.url === '/smuggled'), 'smuggled request surfaced');
  return outcome;
}

function accepts(input, options) {
  const outcome = request(input, options);
  assert.equal(outcome.error, null, JSON.stringify(outcome.error));
  return outcome;
}

// --- RFC 9112 §6.1 / §6.3: Content-Length and Transfer-Encoding together ---------------

test('RFC 9112 §6.1: CL.TE (Content-Length then Transfer-Encoding) is rejected', () => {
  rejects(`${POST}Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n${SMUGGLED}`,
    'CONTENT_LENGTH_AND_TRANSFER_ENCODING', 45);
});

test('RFC 9112 §6.1: TE.CL (Transfer-Encoding then Content-Length) is rejected', () => {
  rejects(`${POST}Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n5c\r\n${SMUGGLED}\r\n0\r\n\r\n`,
    'CONTENT_LENGTH_AND_TRANSFER_ENCODING', 54);
});

test('RFC 9112 §6.3 item 4: TE whose final coding is not chunked is rejected in a request', () => {
  for (const te of ['xchunked', 'chunked, identity', 'identity', 'chunk', '"chunked"']) {
    const outcome = request(`${POST}Transfer-Encoding: ${te}\r\n\r\n0\r\n\r\n`);
    assert.ok(['UNKNOWN_TRANSFER_CODING', 'CHUNKED_NOT_FINAL', 'INVALID_TRANSFER_ENCODING'].includes(errorOf(outcome)), te);
  }
  rejects(`${POST}Transfer-Encoding: chunked, gzip\r\n\r\n`, 'CHUNKED_NOT_FINAL');
  rejects(`${POST}Transfer-Encoding: gzip\r\n\r\n`, 'CHUNKED_NOT_FINAL');
  rejects(`${POST}Transfer-Encoding: chunked\r\nTransfer-Encoding: x\r\n\r\n`, 'CHUNKED_NOT_FINAL');
  rejects(`${POST}Transfer-Encoding: x, chunked\r\n\r\n`, 'UNKNOWN_TRANSFER_CODING');
});

test('RFC 9110 §5.6.1: TE list OWS and empty elements are ignored; codings are case-insensitive', () => {
  for (const te of ['chunked', ' chunked\t', ', chunked', 'chunked ,', ',, ,chunked', 'CHUNKED', 'Chunked']) {
    const outcome = accepts(`${POST}Transfer-Encoding: ${te}\r\n\r\n3\r\nabc\r\n0\r\n\r\n`);
    assert.equal(outcome.messages[0].body, 'abc', te);
  }
});

test('RFC 9112 §6.1: chunked applied twice is rejected (one line or two)', () => {
  rejects(`${POST}Transfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n`, 'CHUNKED_TWICE');
  rejects(`${POST}Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`, 'CHUNKED_TWICE');
});

test('RFC 9112 §6.1: a known coding we do not implement before chunked gets its own code (501)', () => {
  for (const coding of ['gzip', 'deflate', 'compress', 'x-gzip', 'x-compress', 'GZIP']) {
    rejects(`${POST}Transfer-Encoding: ${coding}, chunked\r\n\r\n0\r\n\r\n`, 'UNSUPPORTED_TRANSFER_CODING');
  }
});

test('RFC 9112 §6.3 item 4: an empty Transfer-Encoding value is present and not chunked', () => {
  rejects(`${POST}Transfer-Encoding: \r\n\r\n${SMUGGLED}`, 'CHUNKED_NOT_FINAL');
  rejects(`${POST}Transfer-Encoding: ,\r\n\r\n${SMUGGLED}`, 'CHUNKED_NOT_FINAL');
});

test('RFC 9112 §6.1: Transfer-Encoding in an HTTP/1.0 request is rejected', () => {
  rejects(`POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`, 'TRANSFER_ENCODING_IN_HTTP10', 17);
});

test('RFC 9110 §5.5: a coding name with non-token bytes is malformed', () => {
  rejects(`${POST}Transfer-Encoding: chunked;q=1\r\n\r\n`, 'INVALID_TRANSFER_ENCODING');
  rejects(`${POST}Transfer-Encoding: chu nked\r\n\r\n`, 'INVALID_TRANSFER_ENCODING');
});

// --- RFC 9110 §8.6 / RFC 9112 §6.3 item 5: Content-Length --------------------------------

test('RFC 9112 §6.3 item 5: duplicate Content-Length lines are rejected, even when equal', () => {
  rejects(`${POST}Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello`, 'DUPLICATE_CONTENT_LENGTH', 45);
  rejects(`${POST}Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello`, 'DUPLICATE_CONTENT_LENGTH', 45);
});

test('RFC 9110 §8.6: Content-Length is 1*DIGIT: no sign, hex, list, inner space or junk', () => {
  for (const value of ['+5', '-5', '0x5', '5,5', '5, 5', '5 5', '5_0', '5.0', '', '5a', 'five']) {
    rejects(`${POST}Content-Length: ${value}\r\n\r\nhello`, 'INVALID_CONTENT_LENGTH');
  }
});

test('RFC 9110 §8.6: Content-Length leading zeros are decimal; OWS around it is not part of it', () => {
  const outcome = accepts(`${POST}Content-Length: 010\r\n\r\n0123456789`);
  assert.equal(outcome.messages[0].body, '0123456789');
  assert.equal(accepts(`${POST}Content-Length: \t3 \t\r\n\r\nabc`).messages[0].body, 'abc');
});

test('RFC 9110 §8.6: Content-Length overflow is detected (no wrap-around, no precision loss)', () => {
  rejects(`${POST}Content-Length: 18446744073709551621\r\n\r\n`, 'INVALID_CONTENT_LENGTH');
  rejects(`${POST}Content-Length: 99999999999999999999999999\r\n\r\n`, 'INVALID_CONTENT_LENGTH');
  rejects(`${POST}Content-Length: 9007199254740992\r\n\r\n`, 'INVALID_CONTENT_LENGTH');
  const max = accepts(`${POST}Content-Length: 9007199254740991\r\n\r\n`);
  assert.equal(max.messages[0].contentLength ?? null, null, 'summary has no contentLength');
});

// --- RFC 9112 §5 / §2.2: field syntax ------------------------------------------------------

test('RFC 9112 §5.2: obs-fold is rejected', () => {
  rejects(`${GET}X-A: one\r\n two\r\n\r\n`, 'OBS_FOLD', 35);
  rejects(`${GET}X-A: one\r\n\ttwo\r\n\r\n`, 'OBS_FOLD', 35);
});

test('RFC 9112 §2.2: a whitespace-led line right after the start line is rejected', () => {
  rejects('GET / HTTP/1.1\r\n Host: a\r\n\r\n', 'OBS_FOLD', 16);
});

test('RFC 9112 §5.1: whitespace between field name and colon is rejected', () => {
  rejects(`${POST}Content-Length : 5\r\n\r\nhello`, 'WHITESPACE_BEFORE_COLON', 40);
  rejects(`${POST}Transfer-Encoding\t: chunked\r\n\r\n`, 'WHITESPACE_BEFORE_COLON', 43);
});

test('RFC 9110 §5.1: field names are tokens; empty names and lines without colon are rejected', () => {
  rejects(`${GET}: value\r\n\r\n`, 'INVALID_HEADER_TOKEN', 25);
  rejects(`${GET}NoColonHere\r\n\r\n`, 'INVALID_HEADER_TOKEN', 36);
  rejects(`${GET}X(a): b\r\n\r\n`, 'INVALID_HEADER_TOKEN', 26);
  rejects(`${GET}X\x85: b\r\n\r\n`, 'INVALID_HEADER_TOKEN', 26);
  rejects(`${GET}X\x00: b\r\n\r\n`, 'INVALID_HEADER_TOKEN', 26);
});

test('RFC 9110 §5.5: NUL, bare CR, other CTLs and DEL in a value are rejected', () => {
  rejects(`${GET}X-A: a\x00b\r\n\r\n`, 'INVALID_HEADER_VALUE', 31);
  rejects(`${GET}X-A: a\x01b\r\n\r\n`, 'INVALID_HEADER_VALUE', 31);
  rejects(`${GET}X-A: a\x7fb\r\n\r\n`, 'INVALID_HEADER_VALUE', 31);
  rejects(`${GET}X-A: a\rb\r\n\r\n`, 'LF_EXPECTED', 32);
});

test('RFC 9110 §5.5: obs-text (0x80-0xFF) in a value is accepted and kept as latin1', () => {
  const outcome = accepts(`${GET}X-A: caf\xe9 \xa0x\r\n\r\n`);
  assert.equal(outcome.messages[0].headers[1][1], Buffer.from('caf\xe9 \xa0x', 'latin1').toString('utf8'));
});

test('RFC 9110 §5.5: a no-break space (0xA0) is not OWS, so it cannot hide chunked', () => {
  rejects(`${POST}Transfer-Encoding: \xa0chunked\r\n\r\n`, 'INVALID_TRANSFER_ENCODING');
});

test('RFC 9112 §2.2: a bare CR is invalid anywhere in the head', () => {
  rejects('GET / HTTP/1.1\rHost: a\r\n\r\n', 'LF_EXPECTED', 15);
  rejects(`${GET}\r\rX`, 'LF_EXPECTED', 26);
  rejects(`${GET}X-A: b\r\n\rX${SMUGGLED}`, 'LF_EXPECTED', 34);
});

test('RFC 9112 §2.2: bare LF line ends are rejected by default and accepted with allowBareLF', () => {
  rejects('GET / HTTP/1.1\nHost: a\n\n', 'CR_EXPECTED', 14);
  rejects(`${GET}X-A: b\n\r\n`, 'CR_EXPECTED', 31);
  const outcome = accepts('GET / HTTP/1.1\nHost: a\nX-A: b\r\n\n', { allowBareLF: true });
  assert.equal(outcome.messages[0].headers, [['host', 'a'], ['x-a', 'b']]);
});

test('RFC 9112 §7.1 (errata 7633): allowBareLF never applies to chunked framing', () => {
  const chunked = `${POST}Transfer-Encoding: chunked\r\n\r\n`;
  const opts = { allowBareLF: true };
  assert.equal(errorOf(request(`${chunked}3\nabc\r\n0\r\n\r\n`, opts)), 'CR_EXPECTED');
  assert.equal(errorOf(request(`${chunked}3\r\nabc\n0\r\n\r\n`, opts)), 'CR_EXPECTED');
});

// --- RFC 9112 §3.2 / RFC 9110 §7.2: Host ----------------------------------------------------

test('RFC 9112 §3.2: an HTTP/1.1 request without Host is rejected (allowMissingHost relaxes it)', () => {
  rejects('GET / HTTP/1.1\r\nX-A: b\r\n\r\n', 'MISSING_HOST', 24);
  accepts('GET / HTTP/1.1\r\nX-A: b\r\n\r\n', { allowMissingHost: true });
  accepts('GET / HTTP/1.0\r\n\r\n');
  accepts('GET http://a/ HTTP/1.1\r\nHost: a\r\n\r\n');
});

test('RFC 9112 §3.2: more than one Host line is rejected', () => {
  rejects('GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n', 'DUPLICATE_HOST', 25);
  rejects('GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n', 'DUPLICATE_HOST', 25);
  rejects('GET / HTTP/1.0\r\nHost: a\r\nhost: a\r\n\r\n', 'DUPLICATE_HOST', 25);
});

test('RFC 9110 §7.2 / RFC 3986 §3.2.2: an invalid Host value is rejected', () => {
  for (const host of ['a b', 'a/b', 'a@b', 'a:80x', '[::1', '[]', 'a%zz', 'a,b:8080:1', 'a?b', 'a#b']) {
    assert.equal(errorOf(request(`GET / HTTP/1.1\r\nHost: ${host}\r\n\r\n`)), 'INVALID_HOST', host);
  }
  for (const host of ['', 'a', 'example.com:8080', '127.0.0.1:1', '[::1]:443', '[v1.x]', 'a%20b', 'under_score', 'a:']) {
    accepts(`GET / HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
  }
});

test('RFC 3986 §3.2.2: an IP-literal Host must be an IPv6address or IPvFuture (differential fuzzing regression)', () => {
  for (const host of ['[zz]', '[::1"]', '[:":1]:8080', '[1:2]', '[1::2::3]', '[12345::]', '[1.2.3.4]', '[::1.2.3.256]',
    '[::01.2.3.4]', '[v1]', '[v.x]', '[vz.x]', '[v1.]', '[1:2:3:4:5:6:7:8:9]', '[:1::]', '[1::2:]']) {
    assert.equal(errorOf(request(`GET / HTTP/1.1\r\nHost: ${host}\r\n\r\n`)), 'INVALID_HOST', host);
  }
  for (const host of ['[::]', '[::1]', '[::1]:8080', '[2001:db8::7]', '[1:2:3:4:5:6:7:8]', '[::ffff:192.0.2.1]',
    '[1:2:3:4:5:6:1.2.3.4]', '[fe80::a:B:c]', '[v7.host:name]', '[V1F.~!$]']) {
    accepts(`GET / HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
  }
});

test('RFC 9112 §3.2.2: the authority of an absolute-form target gets the Host check (differential fuzzing regression)', () => {
  rejects('GET http://exam^le.com/ HTTP/1.1\r\nHOST: example.com\r\n\r\n', 'INVALID_TARGET', 4);
  for (const target of ['http://examp|e.com/', 'http://localhost:"10062/', 'http://[x]/', 'http://ex.com:80x/', 'http://[]/',
    'http://1`27.0.0.1:46115/', 'http://[::1/', 'http://a%zz/', 'http://a:b:1/', 'ftp://a^b/']) {
    rejects(`GET ${target} HTTP/1.1\r\nHost: a\r\n\r\n`, 'INVALID_TARGET', 4);
  }
  for (const target of ['http://example.com/', 'http://example.com:8080/a?b', 'http://[::1]:80/', 'http://127.0.0.1/',
    'HTTP://EXAMPLE.COM/', 'http://example.com', 'https://a.b/', 'http://a?b', 'hTtPs://[v1.x]:/', 'urn:a:b', 'file:///etc']) {
    accepts(`GET ${target} HTTP/1.1\r\nHost: a\r\n\r\n`);
  }
});

test('RFC 9110 §4.2.1: an http(s) URI needs "//" and a non-empty host', () => {
  for (const target of ['http:///path', 'http://:80/', 'https://', 'http:/a', 'http:a', 'https:']) {
    rejects(`GET ${target} HTTP/1.1\r\nHost: a\r\n\r\n`, 'INVALID_TARGET', 4);
  }
});

test('RFC 9110 §4.2.4: userinfo in an http(s) absolute-form target is rejected', () => {
  for (const target of ['http://user@example.com/', 'https://u:p@a/', 'http://@a/', 'HTTP://a@b@c/']) {
    rejects(`GET ${target} HTTP/1.1\r\nHost: a\r\n\r\n`, 'INVALID_TARGET', 4);
  }
  // Other schemes may carry userinfo (RFC 3986 §3.2.1); its characters are still checked.
  accepts('GET ftp://user:pw@a/ HTTP/1.1\r\nHost: a\r\n\r\n');
  rejects('GET ftp://us^er@a/ HTTP/1.1\r\nHost: a\r\n\r\n', 'INVALID_TARGET', 4);
});

// --- RFC 9112 §7.1: chunked framing --------------------------------------------------------

const CHUNKED = `${POST}Transfer-Encoding: chunked\r\n\r\n`;

test('RFC 9112 §7.1: chunk-size is 1*HEXDIG; junk, signs, 0x, spaces and empty sizes are rejected', () => {
  for (const size of ['0x5', '+5', '-0', ' 5', '', '5zzz', 'g']) {
    assert.equal(errorOf(request(`${CHUNKED}${size}\r\nhello\r\n0\r\n\r\n`)), 'INVALID_CHUNK_SIZE', size);
  }
  assert.equal(errorOf(request(`${CHUNKED}5 \r\nhello\r\n0\r\n\r\n`)), 'INVALID_CHUNK_SIZE', 'trailing space');
});

test('RFC 9112 §7.1: chunk-size overflow is detected', () => {
  rejects(`${CHUNKED}10000000000000005\r\n`, 'INVALID_CHUNK_SIZE');
  rejects(`${CHUNKED}fffffffffffffffff\r\n`, 'INVALID_CHUNK_SIZE');
});

test('RFC 9112 §7.1: chunk sizes with many leading zeros and either case are valid', () => {
  const outcome = accepts(`${CHUNKED}${'0'.repeat(40)}A\r\n0123456789\r\nb\r\nabcdefghijk\r\n000\r\n\r\n`);
  assert.equal(outcome.messages[0].body, '0123456789abcdefghijk');
});

test('RFC 9112 §7.1.1: chunk extensions: token or quoted-string values, BWS around ; and = accepted', () => {
  for (const ext of [';a', ';a=b', ';a="b c"', ';a="q\\"x"', ' ;a=b', '; a = b', ';a=b;c;d="e"', '\t;\ta\t=\t"b"\t']) {
    const outcome = accepts(`${CHUNKED}3${ext}\r\nabc\r\n0${ext}\r\n\r\n`);
    assert.equal(outcome.messages[0].body, 'abc', ext);
  }
});

test('RFC 9112 §7.1.1: chunk extensions with empty names, bad bytes or an open quote are rejected', () => {
  for (const ext of [';', ';=b', ';a=', ';a="b', ';a=b c', ';a\x00', ';a="\x01"', ';a=b;', '; ;a', ';a=b\rX']) {
    const code = errorOf(request(`${CHUNKED}3${ext}\r\nabc\r\n0\r\n\r\n`));
    assert.ok(['INVALID_CHUNK_EXTENSION', 'LF_EXPECTED'].includes(code), `${JSON.stringify(ext)}: ${code}`);
  }
  rejects(`${CHUNKED}3;a\nabc\r\n0\r\n\r\n`, 'CR_EXPECTED');
});

test('RFC 9112 §7.1: CRLF is required after the size line and after the data', () => {
  rejects(`${CHUNKED}3\rabc\r\n0\r\n\r\n`, 'LF_EXPECTED');
  rejects(`${CHUNKED}3\r\nabcX\r\n0\r\n\r\n`, 'CR_EXPECTED');
  rejects(`${CHUNKED}3\r\nabc\rX0\r\n\r\n`, 'LF_EXPECTED');
  rejects(`${CHUNKED}3\r\nabc\n0\r\n\r\n`, 'CR_EXPECTED');
});

test('RFC 9112 §7.1.2: trailers are parsed like fields and reported apart from the header section', () => {
  const outcome = accepts(`${CHUNKED}3\r\nabc\r\n0\r\nX-Sum: 1 \r\nX-Other:two\r\n\r\n${GET}\r\n`);
  assert.equal(outcome.messages[0].trailers, [['x-sum', '1'], ['x-other', 'two']]);
  assert.equal(outcome.messages[0].headers, [['host', 'a'], ['transfer-encoding', 'chunked']]);
  assert.equal(outcome.messages.length, 2);
});

test('RFC 9112 §7.1.2: malformed trailer lines are rejected like header lines', () => {
  rejects(`${CHUNKED}0\r\nX-A : b\r\n\r\n`, 'WHITESPACE_BEFORE_COLON');
  rejects(`${CHUNKED}0\r\nX-A: b\r\n c\r\n\r\n`, 'OBS_FOLD');
  rejects(`${CHUNKED}0\r\nX-A: \x00\r\n\r\n`, 'INVALID_HEADER_VALUE');
  rejects(`${CHUNKED}0\r\nX-A: b\n\r\n`, 'CR_EXPECTED');
});

test('RFC 9110 §6.5.1: framing and routing fields are refused in a trailer section', () => {
  for (const name of ['Content-Length', 'Transfer-Encoding', 'Host']) {
    rejects(`${CHUNKED}0\r\n${name}: 5\r\n\r\n`, 'FORBIDDEN_TRAILER');
  }
});

// --- RFC 9112 §9.6: after a closing message ---------------------------------------------

test('RFC 9112 §9.6: no request is read after one that closes the connection', () => {
  const outcome = rejects(`GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n${SMUGGLED}`, 'DATA_AFTER_CLOSE', 46);
  assert.equal(outcome.messages.length, 1);
  rejects(`GET / HTTP/1.0\r\n\r\n${SMUGGLED}`, 'DATA_AFTER_CLOSE', 18);
});

test('RFC 9112 §9.6: empty lines after a closing message are harmless', () => {
  const outcome = accepts('GET / HTTP/1.0\r\n\r\n\r\n\r\n');
  assert.equal(outcome.messages.length, 1);
});

// --- HTTP Garden style: response side -----------------------------------------------------

test('RFC 9112 §6.1: a response with both Content-Length and Transfer-Encoding is an error', () => {
  assert.equal(errorOf(response('HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n')),
    'CONTENT_LENGTH_AND_TRANSFER_ENCODING');
});

test.run();
