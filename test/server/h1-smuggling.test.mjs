// Request smuggling classes (reference/security.md §1.2). Every case carries a marker request
// `GET /smuggled` after the ambiguous message: it must never reach the application, the
// ambiguous message is answered with the listed status, and the connection closes
// (RFC 9112 §9.6: no request after a close is processed). Valid-but-unusual framings are
// decoded once, with the marker staying inside the body.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { start, raw, parseResponses } from './helpers.mjs';

const MARK = 'GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n';
const post = (fields, body = '') => `POST / HTTP/1.1\r\nHost: x\r\n${fields}\r\n${body}`;

/** [name, bytes, status of the first response] — rejections close the connection. */
const REJECTED = [
  ['§6.1 CL then TE', post('Content-Length: 6\r\nTransfer-Encoding: chunked\r\n', '0\r\n\r\n' + MARK), 400],
  ['§6.1 TE then CL', post('Transfer-Encoding: chunked\r\nContent-Length: 40\r\n', '0\r\n\r\n' + MARK), 400],
  ['§6.3 TE chunked, identity', post('Transfer-Encoding: chunked, identity\r\n', '0\r\n\r\n' + MARK), 400],
  ['§6.3 TE xchunked', post('Transfer-Encoding: xchunked\r\n', '0\r\n\r\n' + MARK), 400],
  ['§6.3 TE chunk', post('Transfer-Encoding: chunk\r\n', '0\r\n\r\n' + MARK), 400],
  ['§6.3 TE "chunked"', post('Transfer-Encoding: "chunked"\r\n', '0\r\n\r\n' + MARK), 400],
  ['§6.3 TE identity', post('Transfer-Encoding: identity\r\n', MARK), 400],
  ['§6.3 second TE line x', post('Transfer-Encoding: chunked\r\nTransfer-Encoding: x\r\n', '0\r\n\r\n' + MARK), 400],
  ['§6.3 empty TE value', post('Transfer-Encoding: \r\n', MARK), 400],
  ['§6.1 chunked twice (one line)', post('Transfer-Encoding: chunked, chunked\r\n', '0\r\n\r\n' + MARK), 400],
  ['§6.1 chunked twice (two lines)', post('Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n', '0\r\n\r\n' + MARK), 400],
  ['§6.1 unknown coding before chunked', post('Transfer-Encoding: gzip, chunked\r\n', '0\r\n\r\n' + MARK), 501],
  ['§6.1 HTTP/1.0 with TE', 'POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\nConnection: keep-alive\r\n\r\n0\r\n\r\n' + MARK, 400],
  ['§6.3 duplicate CL, different', post('Content-Length: 0\r\nContent-Length: 35\r\n', MARK), 400],
  ['§6.3 duplicate CL, same', post('Content-Length: 0\r\nContent-Length: 0\r\n', MARK), 400],
  ['§6.3 CL list 0, 0', post('Content-Length: 0, 0\r\n', MARK), 400],
  ...['+5', '0x5', '5_0', '5.0', '5 5', '-5', '', '5a', '\x005'].map((v) => [`§6.3 CL ${JSON.stringify(v)}`, post(`Content-Length: ${v}\r\n`, 'hello' + MARK), 400]),
  ['RFC 9110 §8.6 CL overflow', post(`Content-Length: ${'9'.repeat(26)}\r\n`, MARK), 400],
  ['§5.2 obs-fold', post('X-A: 1\r\n b\r\nContent-Length: 0\r\n', MARK), 400],
  ['§2.2 whitespace-led first field line', 'POST / HTTP/1.1\r\n Content-Length: 0\r\nHost: x\r\n\r\n' + MARK, 400],
  ['§2.2 bare LF in request line', 'GET / HTTP/1.1\nHost: x\r\n\r\n' + MARK, 400],
  ['§2.2 bare LF in fields', post('X-A: 1\nContent-Length: 0\r\n', MARK), 400],
  ['§2.2 bare LF in chunked size line', post('Transfer-Encoding: chunked\r\n', '0\n\r\n' + MARK), 400],
  ['§2.2 bare LF after chunk data', post('Transfer-Encoding: chunked\r\n', '1\r\na\n0\r\n\r\n' + MARK), 400],
  ['§2.2 bare CR in a value', post('X-A: 1\r2\r\nContent-Length: 0\r\n', MARK), 400],
  ['RFC 9110 §5.5 NUL in a value', post('X-A: a\x00b\r\nContent-Length: 0\r\n', MARK), 400],
  ['RFC 9110 §5.5 CTL 0x01 in a value', post('X-A: a\x01b\r\nContent-Length: 0\r\n', MARK), 400],
  ['RFC 9110 §5.5 DEL in a value', post('X-A: a\x7fb\r\nContent-Length: 0\r\n', MARK), 400],
  ['§5.1 whitespace before colon', post('Content-Length : 0\r\n', MARK), 400],
  ['§5.1 invalid name char', post('X(A): 1\r\nContent-Length: 0\r\n', MARK), 400],
  ['§5.1 empty name', post(': 1\r\nContent-Length: 0\r\n', MARK), 400],
  ['§5.1 line without colon', post('X-A 1\r\nContent-Length: 0\r\n', MARK), 400],
  ['§5.1 non-ASCII name', post('X-\xe9: 1\r\nContent-Length: 0\r\n', MARK), 400],
  ['§3 HTAB in request line', 'GET\t/ HTTP/1.1\r\nHost: x\r\n\r\n' + MARK, 400],
  ['§3 two spaces after method', 'GET  / HTTP/1.1\r\nHost: x\r\n\r\n' + MARK, 400],
  ['§2.3 lower-case version', 'GET / http/1.1\r\nHost: x\r\n\r\n' + MARK, 400],
  ['§2.3 HTTP/1.10', 'GET / HTTP/1.10\r\nHost: x\r\n\r\n' + MARK, 400],
  ['§2.3 HTTP/1.2 (Kestrel: 505)', 'GET / HTTP/1.2\r\nHost: x\r\n\r\n' + MARK, 505],
  ['§2.3 HTTP/3.0', 'GET / HTTP/3.0\r\nHost: x\r\n\r\n' + MARK, 505],
  ['§3.2 missing Host', 'GET / HTTP/1.1\r\n\r\n' + MARK, 400],
  ['§3.2 duplicate Host', 'GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n' + MARK, 400],
  ['§3.2 invalid Host', 'GET / HTTP/1.1\r\nHost: a b\r\n\r\n' + MARK, 400],
  ...['0x0', '+5', '-0', ' 5', '5 ', '', '5zzz', '10000000000000005'].map((v) => [`§7.1 chunk-size ${JSON.stringify(v)}`, post('Transfer-Encoding: chunked\r\n', `${v}\r\nhello\r\n0\r\n\r\n` + MARK), 400]),
  ['§7.1.1 chunk-ext with NUL', post('Transfer-Encoding: chunked\r\n', '5;a=\x00\r\nhello\r\n0\r\n\r\n' + MARK), 400],
  ['§7.1.1 chunk-ext with bare CR', post('Transfer-Encoding: chunked\r\n', '5;a\rb\r\nhello\r\n0\r\n\r\n' + MARK), 400],
  ['§7.1.1 chunk-ext with LF', post('Transfer-Encoding: chunked\r\n', '5;a\nb\r\nhello\r\n0\r\n\r\n' + MARK), 400],
  ['§7.1.1 chunk-ext with empty name', post('Transfer-Encoding: chunked\r\n', '5;=v\r\nhello\r\n0\r\n\r\n' + MARK), 400],
  ['§7.1 chunk data longer than its size', post('Transfer-Encoding: chunked\r\n', '2\r\nhello\r\n0\r\n\r\n' + MARK), 400],
  ['RFC 9110 §6.5.1 Content-Length in trailers', post('Transfer-Encoding: chunked\r\n', '0\r\nContent-Length: 40\r\n\r\n' + MARK), 400],
];

/** Valid framings: decoded exactly once; the marker is body data. */
const ACCEPTED = [
  ['RFC 9110 §5.1 TE with OWS', post('Transfer-Encoding:  chunked \r\n', `${MARK.length.toString(16)}\r\n${MARK}\r\n0\r\n\r\n`)],
  ['RFC 9110 §5.6.1 TE with an empty list element', post('Transfer-Encoding: , chunked\r\n', `${MARK.length.toString(16)}\r\n${MARK}\r\n0\r\n\r\n`)],
  ['RFC 9110 §8.6 CL with leading zeros', post(`Content-Length: 00${MARK.length}\r\n`, MARK)],
  ['RFC 9110 §5.6.3 chunk-ext with BWS', post('Transfer-Encoding: chunked\r\n', `${MARK.length.toString(16)} ;a = "b c"\r\n${MARK}\r\n0\r\n\r\n`)],
  ['§7.1 chunk-size with leading zeros', post('Transfer-Encoding: chunked\r\n', `000000000000${MARK.length.toString(16)}\r\n${MARK}\r\n0\r\n\r\n`)],
];

function server() {
  const seen = [];
  const app = async (ctx) => {
    seen.push(ctx.request.path);
    const body = await ctx.request.text();
    ctx.response.send(body);
  };
  return { seen, app };
}

for (const [name, bytes, status] of REJECTED) {
  test(`${name} → ${status}, closed, marker never served`, async () => {
    const { seen, app } = server();
    const s = await start(app);
    try {
      const { text, closed } = await raw(s.port, bytes, { timeout: 2000 });
      const got = parseResponses(text);
      assert.ok(closed, 'connection closed');
      assert.is(got.length, 1, text);
      assert.is(got[0].status, status);
      assert.is(got[0].headers.connection, 'close');
      assert.not.ok(seen.includes('/smuggled'), 'marker reached the application');
    } finally { await s.close(); }
  });
}

for (const [name, bytes] of ACCEPTED) {
  test(`${name} is decoded once; the marker stays body`, async () => {
    const { seen, app } = server();
    const s = await start(app);
    try {
      const { text } = await raw(s.port, bytes, { timeout: 1000, until: (t) => t.endsWith(MARK) });
      const got = parseResponses(text);
      assert.is(got.length, 1, text);
      assert.is(got[0].status, 200);
      assert.is(got[0].body, MARK);
      assert.equal(seen, ['/']);
    } finally { await s.close(); }
  });
}

test.run();
