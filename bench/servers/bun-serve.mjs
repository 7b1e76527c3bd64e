// Anchor: Bun.serve answering like examples/hello.mjs (run with the bun npm package's binary).
const hostname = process.env.HOST || '127.0.0.1';
const port = Number(process.env.PORT || 8080);

Bun.serve({
  hostname,
  port,
  fetch() {
    return new Response('Hello, World!', { headers: { 'Content-Type': 'text/plain' } });
  },
});
console.log(`listening on http://${hostname}:${port}`);
