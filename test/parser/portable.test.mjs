// The bindings carry no runtime-specific imports: they parse the same without Node's Buffer
// (the latin1 decode then goes through TextDecoder for ASCII heads and by code point for
// obs-text), and under Deno (the `deno` dev dependency's binary).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const PROBE = `
  const { parseRequest, parseResponse } = await import(${JSON.stringify(`${root}dist/bindings/parser/index.js`)});
  const bytes = (s) => Uint8Array.from(s, (c) => c.charCodeAt(0));
  const req = parseRequest(bytes('POST /x HTTP/1.1\\r\\nHost: a\\r\\nX-Name: caf\\xe9 \\x80\\xff\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n2\\r\\nok\\r\\n0\\r\\nT: \\xe9\\r\\n\\r\\n'));
  const res = parseResponse(bytes('HTTP/1.1 200 Gr\\xfc\\xdf\\r\\nContent-Length: 1\\r\\n\\r\\n!'));
  const m = req.messages[0];
  console.log(JSON.stringify([m.method, m.url, m.headers, m.trailers, Array.from(m.body), res.messages[0].reason, req.error, typeof globalThis.Buffer]));
`;
const EXPECTED = ['POST', '/x', [['host', 'a'], ['x-name', 'caf\xe9 \x80\xff'], ['transfer-encoding', 'chunked']],
  [['t', '\xe9']], [111, 107], 'Gr\xfc\xdf', null];

function check(run, bufferType) {
  assert.equal(run.status, 0, run.stderr);
  const got = JSON.parse(run.stdout.trim().split('\n').pop());
  assert.equal(got.slice(0, 7), EXPECTED);
  if (bufferType !== null) assert.equal(got[7], bufferType);
}

test('without a global Buffer, values (obs-text included) decode as latin1', () => {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', `delete globalThis.Buffer;\n${PROBE}`],
    { encoding: 'utf8', timeout: 20000 });
  check(run, 'undefined');
});

test('with Buffer (Node), the same', () => {
  check(spawnSync(process.execPath, ['--input-type=module', '-e', PROBE], { encoding: 'utf8', timeout: 20000 }), 'function');
});

const deno = `${root}node_modules/deno/deno`;
if (existsSync(deno)) {
  test('under Deno, the same', () => {
    const run = spawnSync(deno, ['eval', '--quiet', PROBE], { encoding: 'utf8', timeout: 60000, env: { ...process.env, NO_COLOR: '1' } });
    check(run, null);
  });
} else {
  test.skip('under Deno, the same [skipped: node_modules/deno/deno not installed]');
}

test('bindings/parser imports nothing runtime-specific', () => {
  const dir = `${root}bindings/parser/`;
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
    assert.not.match(readFileSync(dir + name, 'utf8'), /from ['"]node:|require\(/, name);
  }
});

test.run();
