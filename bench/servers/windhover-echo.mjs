// Windhover echoing the request body (the 1 KiB POST benchmark). HOST/PORT from the environment.
import { createServer } from '../../dist/src/index.js';

const host = process.env.HOST || '127.0.0.1';
const port = Number(process.env.PORT || 8080);

const server = createServer();
server.use(async (ctx) => {
  const body = await ctx.request.bytes();
  ctx.response.headers.set('Content-Type', 'application/octet-stream');
  ctx.response.send(body);
});
await server.listen({ host, port });
console.log(`listening on http://${host}:${port}`);
process.once('SIGTERM', () => server.close({ timeout: 1000 }).then(() => process.exit(0)));
