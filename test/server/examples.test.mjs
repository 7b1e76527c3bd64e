// The example contracts of DESIGN.md "Public contracts", under Node: hello.mjs and echo.mjs
// listen on HOST/PORT, print their listening line, answer as specified, stop on SIGTERM/SIGINT.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { raw, parseResponses, responses } from './helpers.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));

function freePort() {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function run(name) {
  const port = await freePort();
  const child = spawn(process.execPath, [`${root}examples/${name}`], { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 10000;
  while (!out.includes('listening on') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return { child, port, exited, output: () => out };
}

test('hello.mjs: default host 127.0.0.1, 200 text/plain "Hello, World!", stops on SIGTERM', async () => {
  const { child, port, exited, output } = await run('hello.mjs');
  try {
    assert.is(output(), `listening on http://127.0.0.1:${port}\n`);
    const { text } = await raw(port, 'GET /anything HTTP/1.1\r\nHost: x\r\n\r\nPOST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nab', { until: responses(2) });
    for (const r of parseResponses(text)) {
      assert.is(r.status, 200);
      assert.is(r.headers['content-type'], 'text/plain');
      assert.is(r.body, 'Hello, World!');
    }
    child.kill('SIGTERM');
    assert.is(await exited, 0);
  } finally { if (child.exitCode === null) child.kill('SIGKILL'); }
});

test('echo.mjs: JSON with method, raw target, raw header pairs, latin1 body; stops on SIGINT', async () => {
  const { child, port, exited } = await run('echo.mjs');
  try {
    const body = Buffer.from([0x68, 0xe9, 0x00, 0xff]);
    const { text } = await raw(port, [Buffer.from('PUT /a%20b?x=1&y HTTP/1.1\r\nHost: h\r\nX-Case: Value\r\nContent-Length: 4\r\n\r\n', 'latin1'), body], { until: responses(1) });
    const [r] = parseResponses(text);
    assert.is(r.status, 200);
    assert.is(r.headers['content-type'], 'application/json');
    assert.ok('content-length' in r.headers);
    assert.equal(JSON.parse(Buffer.from(r.body, 'latin1').toString('utf8')), {
      method: 'PUT', url: '/a%20b?x=1&y', headers: [['Host', 'h'], ['X-Case', 'Value'], ['Content-Length', '4']], body: body.toString('latin1'),
    });
    child.kill('SIGINT');
    assert.is(await exited, 0);
  } finally { if (child.exitCode === null) child.kill('SIGKILL'); }
});

test.run();
