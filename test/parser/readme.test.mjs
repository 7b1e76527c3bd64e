// The README section "## windhover/parser" is runnable: each ```js block runs as a module
// importing 'windhover/parser' (the package's own export), and every `// → text` comment
// must equal what that line's console.log printed. Its error table must match the codes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ERROR_CODES } from '../../dist/bindings/parser/index.js';
import { ERROR_STATUS } from '../../dist/bindings/parser/generated.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const start = readme.indexOf('\n## windhover/parser');
const end = readme.indexOf('\n## ', start + 1);
const section = readme.slice(start, end < 0 ? undefined : end);
const blocks = [...section.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);

test('the section exists and has examples', () => {
  assert.ok(start >= 0);
  assert.ok(blocks.length >= 5);
});

blocks.forEach((code, i) => {
  test(`README example ${i + 1} runs and prints what its comments say`, () => {
    const expected = [...code.matchAll(/\/\/ → (.*)$/gm)].map((m) => m[1].trim());
    const dir = mkdtempSync(join(new URL('../../build/', import.meta.url).pathname, 'readme-'));
    try {
      const file = join(dir, `example-${i + 1}.mjs`);
      writeFileSync(file, code);
      const env = { ...process.env, NO_COLOR: '1' };
      delete env.FORCE_COLOR;
      const run = spawnSync(process.execPath, [file], { encoding: 'utf8', cwd: dir, timeout: 20000, env });
      assert.equal(run.status, 0, run.stderr);
      const printed = run.stdout.trim().split('\n').map((line) => line.trim());
      assert.equal(printed, expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

test('the error table lists every code with its number and status', () => {
  for (let errno = 2; errno < ERROR_CODES.length; errno++) {
    const row = new RegExp(`\\| ${errno} \\| \`${ERROR_CODES[errno]}\` \\| ${ERROR_STATUS[errno]} \\|`);
    assert.match(section, row, ERROR_CODES[errno]);
  }
});

test.run();
