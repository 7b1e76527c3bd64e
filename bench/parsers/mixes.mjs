// The request mixes every parser driver is timed on, with the expected parse of each so a
// driver is checked for correctness before it is timed. Bytes are built once here; the
// benchmark feeds the same Buffer to every driver. RFC 9112 §3 (request line), §5 (fields),
// §7.1 (chunked coding).

const CRLF = '\r\n';

/** TechEmpower "plaintext" request as wrk's pipeline script sends it: three fields. */
const SHORT_GET = {
  method: 'GET',
  target: '/plaintext',
  headers: [
    ['Host', 'localhost:8080'],
    ['Accept', 'text/plain,text/html;q=0.9,application/xhtml+xml;q=0.9,application/xml;q=0.8,*/*;q=0.7'],
    ['Connection', 'keep-alive'],
  ],
  body: '',
};

/** A navigation as a current Chrome sends it, with a realistic cookie jar (about 700 bytes). */
const BROWSER_GET = {
  method: 'GET',
  target: '/catalog/widgets?page=2&sort=price',
  headers: [
    ['Host', 'shop.example.com'],
    ['Connection', 'keep-alive'],
    ['sec-ch-ua', '"Chromium";v="124", "Google Chrome";v="124", "Not-A.Brand";v="99"'],
    ['sec-ch-ua-mobile', '?0'],
    ['sec-ch-ua-platform', '"Linux"'],
    ['User-Agent', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36'],
    ['Accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7'],
    ['Sec-Fetch-Site', 'same-origin'],
    ['Sec-Fetch-Mode', 'navigate'],
    ['Sec-Fetch-User', '?1'],
    ['Sec-Fetch-Dest', 'document'],
    ['Accept-Encoding', 'gzip, deflate, br, zstd'],
    ['Accept-Language', 'en-US,en;q=0.9'],
    ['Cookie', 'sid=7f3c2a91e4b05d68c1a2; _ga=GA1.2.1183746529.1716200000; theme=dark'],
  ],
  body: '',
};

const CHUNK_SIZE = 1024;
const CHUNK_COUNT = 4;

/** Deterministic printable body so every driver sees identical bytes. */
function bodyText(length) {
  let text = '';
  for (let i = 0; i < length; i++) text += String.fromCharCode(97 + ((i * 7) % 26));
  return text;
}

/** A POST with a 4 KiB body sent as four 1 KiB chunks (RFC 9112 §7.1). */
const CHUNKED_POST = {
  method: 'POST',
  target: '/upload',
  headers: [
    ['Host', 'localhost:8080'],
    ['Content-Type', 'application/octet-stream'],
    ['Transfer-Encoding', 'chunked'],
  ],
  body: bodyText(CHUNK_SIZE * CHUNK_COUNT),
  chunked: true,
};

function serialize(request) {
  let head = `${request.method} ${request.target} HTTP/1.1${CRLF}`;
  for (const [name, value] of request.headers) head += `${name}: ${value}${CRLF}`;
  head += CRLF;
  if (!request.chunked) return head + request.body;
  let body = '';
  for (let at = 0; at < request.body.length; at += CHUNK_SIZE) {
    const piece = request.body.slice(at, at + CHUNK_SIZE);
    body += `${piece.length.toString(16)}${CRLF}${piece}${CRLF}`;
  }
  return head + body + `0${CRLF}${CRLF}`;
}

/** One mix: `depth` copies of a request in one buffer (depth 16 = wrk's pipelining). */
function makeMix(id, title, request, depth) {
  const one = serialize(request);
  const buffer = Buffer.from(one.repeat(depth), 'latin1');
  return {
    id,
    title,
    depth,
    buffer,
    requestBytes: one.length,
    expected: { messages: depth, request },
  };
}

/** Every mix the parser benchmark runs, in table order. */
export function parserMixes() {
  return [
    makeMix('short-get-1', 'short GET (plaintext), 1 per buffer', SHORT_GET, 1),
    makeMix('short-get-16', 'short GET (plaintext), 16 pipelined', SHORT_GET, 16),
    makeMix('browser-get-1', 'browser GET with cookies, 1 per buffer', BROWSER_GET, 1),
    makeMix('browser-get-16', 'browser GET with cookies, 16 pipelined', BROWSER_GET, 16),
    makeMix('chunked-post-1', 'POST, 4 KiB chunked body, 1 per buffer', CHUNKED_POST, 1),
    makeMix('chunked-post-16', 'POST, 4 KiB chunked body, 16 pipelined', CHUNKED_POST, 16),
  ];
}

export { SHORT_GET, BROWSER_GET, CHUNKED_POST, serialize };
