// Generator of well-formed HTTP/1.1 request streams for the differential fuzzer: random
// methods, request targets in all four forms (RFC 9112 §3.2), field lines (§5), bodies framed
// by Content-Length (§6.2) or chunked coding with extensions and trailers (§7.1), and 1-4
// pipelined messages. Everything is a latin1 string; the mutators work on the same form.

const TCHAR = '!#$%&\'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const PCHAR = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&\'()*+,;=:@';
const VCHAR = (() => {
  let s = '';
  for (let c = 0x21; c <= 0x7e; c++) s += String.fromCharCode(c);
  return s;
})();
const OBS_TEXT = (() => {
  let s = '';
  for (let c = 0x80; c <= 0xff; c++) s += String.fromCharCode(c);
  return s;
})();
const HEX = '0123456789abcdefABCDEF';

export const METHODS = ['GET', 'GET', 'GET', 'POST', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH',
  'TRACE', 'PROPFIND', 'MKCOL', 'REPORT', 'PURGE', 'QUERY', 'SEARCH', 'M-SEARCH', 'LINK'];
/** Valid tokens llhttp does not know (RFC 9110 §9.1: methods are extensible). */
const EXTENSION_METHODS = ['BREW', 'FOO', 'X-CUSTOM', 'get'];

const COMMON_FIELDS = [
  ['User-Agent', () => 'Mozilla/5.0 (X11; Linux x86_64) fuzz/1.0'],
  ['Accept', () => 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8'],
  ['Accept-Encoding', () => 'gzip, deflate, br'],
  ['Accept-Language', () => 'en-US,en;q=0.5'],
  ['Cookie', (rng) => `a=${rng.string(PCHAR, rng.range(1, 20))}; b=c`],
  ['Connection', (rng) => rng.pick(['keep-alive', 'close', 'Keep-Alive', 'keep-alive, TE', 'upgrade'])],
  ['Cache-Control', () => 'no-cache'],
  ['X-Forwarded-For', () => '203.0.113.7, 198.51.100.2'],
  ['Referer', () => 'http://example.com/a?b=c'],
  ['Upgrade', () => 'websocket'],
  ['Expect', () => '100-continue'],
  ['Authorization', (rng) => `Bearer ${rng.string(PCHAR, rng.range(8, 40))}`],
];

function randomPath(rng) {
  let path = '';
  const segments = rng.range(0, 4);
  for (let i = 0; i < segments; i++) {
    path += '/' + rng.string(PCHAR, rng.range(0, 12));
    if (rng.chance(0.1)) path += `%${rng.string(HEX, 2)}`;
  }
  if (path === '') path = '/';
  if (rng.chance(0.3)) path += '?' + rng.string(PCHAR + '/?', rng.range(0, 24));
  return path;
}

function randomHost(rng) {
  return rng.weighted([
    [6, 'example.com'],
    [3, `${rng.string('abcdefghijklmnopqrstuvwxyz0123456789-', rng.range(1, 12))}.test`],
    [2, `127.0.0.1:${rng.range(1, 65535)}`],
    [1, '[::1]:8080'],
    [1, `localhost:${rng.range(1, 65535)}`],
  ]);
}

function randomTarget(rng, method, host) {
  if (method === 'CONNECT') return rng.chance(0.9) ? `${host.includes(':') ? host : `${host}:443`}` : '/x';
  if (method === 'OPTIONS' && rng.chance(0.3)) return '*';
  if (rng.chance(0.08)) return `http://${host}${randomPath(rng)}`;
  return randomPath(rng);
}

function randomValue(rng) {
  const kind = rng.weighted([[8, 'token'], [4, 'text'], [1, 'obs'], [1, 'empty']]);
  if (kind === 'token') return rng.string(TCHAR, rng.range(1, 24));
  if (kind === 'empty') return '';
  const inner = rng.string(kind === 'obs' ? VCHAR + OBS_TEXT + ' \t' : VCHAR + ' ', rng.range(1, 40));
  // field-value = *field-content: no leading or trailing whitespace (RFC 9110 §5.5).
  return inner.replace(/^[ \t]+|[ \t]+$/g, '') || 'x';
}

function randomField(rng) {
  if (rng.chance(0.5)) {
    const [name, value] = rng.pick(COMMON_FIELDS);
    return [name, value(rng)];
  }
  return [`X-${rng.string(TCHAR, rng.range(1, 16))}`, randomValue(rng)];
}

function chunkedBody(rng, body) {
  let out = '';
  let at = 0;
  while (at < body.length) {
    const size = Math.min(body.length - at, rng.range(1, 64));
    let sizeText = size.toString(16);
    if (rng.chance(0.2)) sizeText = sizeText.toUpperCase();
    if (rng.chance(0.1)) sizeText = '0'.repeat(rng.range(1, 3)) + sizeText;
    let ext = '';
    if (rng.chance(0.15)) {
      ext = `;${rng.string(TCHAR, rng.range(1, 8))}`;
      if (rng.chance(0.5)) ext += rng.chance(0.5) ? `=${rng.string(TCHAR, rng.range(1, 8))}` : '="q v"';
    }
    out += `${sizeText}${ext}\r\n${body.slice(at, at + size)}\r\n`;
    at += size;
  }
  out += '0\r\n';
  if (rng.chance(0.2)) out += `X-Trailer-${rng.string(TCHAR, 3)}: ${rng.string(TCHAR, rng.range(1, 10))}\r\n`;
  return `${out}\r\n`;
}

/** One well-formed request as a latin1 string. */
export function generateRequest(rng) {
  const method = rng.chance(0.03) ? 'CONNECT' : rng.chance(0.02) ? rng.pick(EXTENSION_METHODS) : rng.pick(METHODS);
  const host = randomHost(rng);
  const target = randomTarget(rng, method, host);
  const version = rng.chance(0.9) ? 'HTTP/1.1' : 'HTTP/1.0';
  const fields = [];
  if (version === 'HTTP/1.1' || rng.chance(0.5)) fields.push([rng.pick(['Host', 'host', 'HOST']), host]);
  const extra = rng.range(0, 8);
  for (let i = 0; i < extra; i++) fields.splice(rng.int(fields.length + 1), 0, randomField(rng));
  // Now and then a field or target near the size limits (Node: 16 KiB head; Kestrel: 8 KiB
  // request line, 32 KiB of fields), where limit policies differ.
  if (rng.chance(0.005)) fields.push(['X-Large', rng.string(TCHAR, rng.range(6000, 20000))]);
  const longTarget = rng.chance(0.003) ? `/${rng.string(PCHAR, rng.range(7000, 12000))}` : '';
  let body = '';
  let framing = rng.weighted([[5, 'none'], [3, 'length'], [3, 'chunked']]);
  if (version === 'HTTP/1.0' && framing === 'chunked') framing = 'length';
  if (framing !== 'none') body = rng.string(VCHAR + ' \r\n' + OBS_TEXT.slice(0, 8), rng.range(0, 200));
  if (framing === 'length') fields.push([rng.pick(['Content-Length', 'content-length']), String(body.length)]);
  if (framing === 'chunked') fields.push([rng.pick(['Transfer-Encoding', 'transfer-encoding']), 'chunked']);
  let head = `${method} ${longTarget || target} ${version}\r\n`;
  for (const [name, value] of fields) head += `${name}:${rng.chance(0.9) ? ' ' : ''}${value}\r\n`;
  head += '\r\n';
  if (framing === 'chunked') return head + chunkedBody(rng, body);
  return head + body;
}

/** 1-4 pipelined requests. */
export function generateStream(rng) {
  const count = rng.weighted([[6, 1], [3, 2], [1, 3], [1, 4]]);
  let out = '';
  for (let i = 0; i < count; i++) out += generateRequest(rng);
  return out;
}

export { TCHAR, VCHAR, OBS_TEXT };
