// Anchor: node:http (llhttp in C) answering every request like examples/hello.mjs, or, with
// MODE=echo, echoing the request body back. HOST/PORT from the environment.
import http from 'node:http';

const host = process.env.HOST || '127.0.0.1';
const port = Number(process.env.PORT || 8080);
const echo = process.env.MODE === 'echo';

const server = http.createServer((req, res) => {
  if (!echo) {
    res.setHeader('Content-Type', 'text/plain');
    res.end('Hello, World!');
    return;
  }
  const parts = [];
  req.on('data', (chunk) => parts.push(chunk));
  req.on('end', () => {
    const body = Buffer.concat(parts);
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': body.length });
    res.end(body);
  });
});
server.keepAliveTimeout = 130_000;
server.listen(port, host, () => console.log(`listening on http://${host}:${port}`));
process.once('SIGTERM', () => process.exit(0));
