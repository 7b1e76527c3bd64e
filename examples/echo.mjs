// Reads the whole request body and answers 200 application/json:
// {"method","url","headers":[[name,value],...],"body"} where url is the request target as
// received and body is the body decoded as latin1. HOST/PORT as in hello.mjs.
import { Buffer } from 'node:buffer';
import process from 'node:process';
import { createServer } from '../dist/src/index.js';

const host = process.env.HOST || '127.0.0.1';
const port = Number(process.env.PORT || 8080);

const server = createServer();
server.use(async (ctx) => {
  const { request, response } = ctx;
  const body = Buffer.from(await request.bytes()).toString('latin1');
  response.headers.set('Content-Type', 'application/json');
  response.send(JSON.stringify({
    method: request.method,
    url: request.target,
    headers: request.headers.raw(),
    body,
  }));
});

await server.listen({ host, port });
console.log(`listening on http://${host}:${port}`);

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => server.close({ timeout: 10_000 }).then(() => process.exit(0)));
}
