// The examples of README.md "## windhover/hpack" run as written (with 'windhover/hpack'
// resolved to the built bindings) and print what their comments say.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('## windhover/hpack'));
const end = section.indexOf('\n## ', 3);
const examples = [...(end > 0 ? section.slice(0, end) : section).matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);
const bindings = new URL('../../dist/bindings/hpack/index.js', import.meta.url).href;

async function runCaptured(source) {
  const lines = [];
  const log = console.log;
  console.log = (...args) => lines.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
  try {
    await import(`data:text/javascript,${encodeURIComponent(source.replaceAll("'windhover/hpack'", `'${bindings}'`))}`);
  } finally {
    console.log = log;
  }
  return lines;
}

test('README windhover/hpack has a decoding and an encoding example', () => {
  assert.is(examples.length, 2);
});

test('README decoding example runs and prints what it says', async () => {
  const out = await runCaptured(examples[0]);
  assert.is(out[0], JSON.stringify([[':method', 'GET'], [':scheme', 'http'], [':path', '/'], [':authority', 'www.example.com']]));
  assert.is(out[1], JSON.stringify([['password', 'secret', true]]));
  assert.is(out[2], ':path is /');
  assert.is(out[3], 'true HPACK_INDEX_ZERO 0 false');
});

test('README encoding example runs and prints what it says', async () => {
  const out = await runCaptured(examples[1]);
  assert.ok(out[0].endsWith(JSON.stringify([[':status', '200', false], ['content-type', 'text/html; charset=utf-8', false],
    ['set-cookie', 'session=abc123; HttpOnly', true]])), out[0]);
  assert.is(out[1], JSON.stringify({ 0: 32, 1: 136 }));
  assert.ok(Number(out[2]) > 0);
});

test.run();
