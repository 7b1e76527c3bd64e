// Anchor: Deno.serve answering like examples/hello.mjs (run with the deno npm package's binary).
const hostname = Deno.env.get('HOST') || '127.0.0.1';
const port = Number(Deno.env.get('PORT') || 8080);

Deno.serve({ hostname, port, onListen: () => console.log(`listening on http://${hostname}:${port}`) }, () =>
  new Response('Hello, World!', { headers: { 'Content-Type': 'text/plain' } }));
