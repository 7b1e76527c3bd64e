// Answers every request with 200 text/plain "Hello, World!".
// HOST (default 127.0.0.1) and PORT (default 8080) come from the environment.
import process from 'node:process';
import { createServer } from '../dist/src/index.js';

const host = process.env.HOST || '127.0.0.1';
const port = Number(process.env.PORT || 8080);

const server = createServer();
server.use((ctx) => {
  ctx.response.headers.set('Content-Type', 'text/plain');
  ctx.response.send('Hello, World!');
});

await server.listen({ host, port });
console.log(`listening on http://${host}:${port}`);

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => server.close({ timeout: 10_000 }).then(() => process.exit(0)));
}
