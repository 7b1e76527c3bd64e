// examples/hello.mjs and examples/echo.mjs under Deno (the `deno` npm package's binary):
// the same server code serves real requests and stops on SIGTERM.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const candidates = ['node_modules/.bin/deno', 'node_modules/deno/deno', 'node_modules/@deno/linux-x64-glibc/deno'].map((p) => root + p);
const deno = candidates.find((path) => existsSync(path) && spawnSync(path, ['--version'], { timeout: 20000 }).status === 0);

function freePort() {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Starts an example under Deno; resolves once it prints its listening line. */
async function startExample(name) {
  const port = await freePort();
  const child = spawn(deno, ['run', '--allow-net', '--allow-env', `${root}examples/${name}`], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const deadline = Date.now() + 20000;
  while (!out.includes('listening on')) {
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`deno did not start: ${out}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { child, port, exited, output: () => out };
}

const title = deno ? '' : ' [skipped: the deno binary from the deno npm package does not run here]';

test(`Deno runs examples/hello.mjs: real requests, then a graceful SIGTERM stop${title}`, async () => {
  if (!deno) return;
  const { child, port, exited, output } = await startExample('hello.mjs');
  try {
    assert.match(output(), new RegExp(`listening on http://127\\.0\\.0\\.1:${port}`));
    for (const path of ['/', '/a?b=c']) {
      const res = await fetch(`http://127.0.0.1:${port}${path}`);
      assert.is(res.status, 200);
      assert.is(res.headers.get('content-type'), 'text/plain');
      assert.is(await res.text(), 'Hello, World!');
    }
    child.kill('SIGTERM');
    const { code } = await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve({ code: 'timeout' }), 10000))]);
    assert.is(code, 0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});

test(`Deno runs examples/echo.mjs: body and headers echoed as JSON${title}`, async () => {
  if (!deno) return;
  const { child, port, exited } = await startExample('echo.mjs');
  try {
    const res = await fetch(`http://127.0.0.1:${port}/echo?x=1`, { method: 'POST', body: 'h\xe9llo', headers: { 'X-Test': 'yes' } });
    const json = await res.json();
    assert.is(json.method, 'POST');
    assert.is(json.url, '/echo?x=1');
    assert.is(json.body, Buffer.from('h\xe9llo').toString('latin1'));
    assert.ok(json.headers.some(([name, value]) => name.toLowerCase() === 'x-test' && value === 'yes'));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10000))]);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});

test.run();
