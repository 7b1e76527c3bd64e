// `npm start`: a small tour of the server on http://localhost:8080 (HOST/PORT override).
// Pages: / (HTML overview), /info (the request as the server saw it), /stream (a chunked
// response written over two seconds), /form (a POSTed form echoed back), /stats (counters).
import process from 'node:process';
import { createServer } from '../dist/src/index.js';

const host = process.env.HOST || 'localhost';
const port = Number(process.env.PORT || 8080);
const started = Date.now();
let served = 0;

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Windhover demo</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem}
pre{background:#f4f4f4;padding:.75rem;overflow:auto}code{background:#f4f4f4}</style></head>
<body><h1>Windhover</h1>
<p>An HTTP/1.1 server for Node.js and Deno whose request parser runs in WebAssembly.
This page is served by it.</p>
<ul>
<li><a href="/info?hello=world">/info</a>: the request as the server parsed it (method, target, headers, addresses).</li>
<li><a href="/stream">/stream</a>: a response streamed in chunks over two seconds (chunked transfer coding).</li>
<li><a href="/stats">/stats</a>: requests served, open connections, memory.</li>
</ul>
<h2>Form POST</h2>
<form method="post" action="/form"><input name="name" value="kestrel"> <input name="note" value="hovering">
<button>Send</button></form>
<h2>Live stats</h2><pre id="stats">loading…</pre>
<script>
async function refresh() { document.getElementById('stats').textContent = await (await fetch('/stats')).text(); }
refresh(); setInterval(refresh, 2000);
</script></body></html>`;

const server = createServer({ serverHeader: true });

server.use(async (ctx, next) => {
  served++;
  await next();
});

server.use(async (ctx, next) => {
  const { request, response } = ctx;
  switch (request.path) {
    case '/':
      response.headers.set('Content-Type', 'text/html; charset=utf-8');
      return response.send(PAGE);
    case '/info':
      response.headers.set('Content-Type', 'application/json');
      return response.send(JSON.stringify({
        method: request.method, target: request.target, path: request.path,
        query: Object.fromEntries(request.query), protocol: request.protocol,
        remote: `${request.remoteAddress}:${request.remotePort}`, local: `${request.localAddress}:${request.localPort}`,
        headers: request.headers.raw(),
      }, null, 2));
    case '/stream':
      response.headers.set('Content-Type', 'text/plain; charset=utf-8');
      for (let i = 1; i <= 10 && !request.aborted; i++) {
        await response.write(`chunk ${i} of 10 at ${new Date().toISOString()}\n`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      return undefined;
    case '/form': {
      if (request.method !== 'POST') {
        response.status = 405;
        response.headers.set('Allow', 'POST');
        return response.send('POST a form here.\n');
      }
      const fields = new URLSearchParams(await request.text());
      response.headers.set('Content-Type', 'application/json');
      return response.send(JSON.stringify(Object.fromEntries(fields), null, 2));
    }
    case '/stats':
      response.headers.set('Content-Type', 'text/plain; charset=utf-8');
      return response.send([
        `requests served: ${served}`,
        `open connections: ${server.connections.size}`,
        `uptime: ${Math.round((Date.now() - started) / 1000)} s`,
        `rss: ${(process.memoryUsage().rss / 2 ** 20).toFixed(1)} MiB`,
      ].join('\n') + '\n');
    default:
      return next();
  }
});

await server.listen({ host, port });
console.log(`listening on http://${host}:${port}`);

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => server.close({ timeout: 5_000 }).then(() => process.exit(0)));
}
