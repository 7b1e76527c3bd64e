// One source of truth per fact: the bindings' mirrors of assembly/hpack/errors.ts and
// layout.ts agree with them, and every build publishes the layout the bindings expect.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import * as layout from '../../dist/bindings/hpack/layout.js';
import { HPACK_ERROR_CODES, HpackError } from '../../dist/bindings/hpack/index.js';
import { runtimeFor } from '../../dist/bindings/hpack/runtime.js';
import { BUILDS } from './helpers.mjs';

const source = (path) => readFileSync(new URL(`../../assembly/hpack/${path}`, import.meta.url), 'utf8');

/** Evaluates `1 << 16`-style constant expressions of the AssemblyScript sources. */
const value = (expr) => {
  const m = expr.trim().match(/^(\d+|0x[0-9a-f]+)(?:\s*<<\s*(\d+))?$/i);
  assert.ok(m, `cannot read constant ${expr}`);
  return Number(m[1]) * 2 ** Number(m[2] ?? 0);
};

test('errors: every code of assembly/hpack/errors.ts has the same number and name in the bindings', () => {
  const entries = [...source('errors.ts').matchAll(/^\s+([A-Z_]+) = (\d+),/gm)].map((m) => [Number(m[2]), `HPACK_${m[1]}`]);
  assert.ok(entries.length >= 15);
  assert.equal(Object.fromEntries(entries), HPACK_ERROR_CODES);
  for (const [errno, code] of entries) {
    const error = new HpackError(errno, 3);
    assert.is(error.code, code);
    assert.is(error.errno, errno);
    assert.is(error.offset, 3);
  }
});

test('layout: constants the bindings mirror equal those of assembly/hpack/layout.ts', () => {
  const constants = [...source('layout.ts').matchAll(/export const ([A-Z_]+): u32 = ([^;]+);/g)];
  let compared = 0;
  for (const [, name, expr] of constants) {
    if (!(name in layout)) continue;
    assert.is(layout[name], value(expr), name);
    compared++;
  }
  assert.ok(compared >= 25, `compared ${compared}`);
  assert.is(layout.REC_WORDS * 4, layout.REC_SIZE);
  assert.is(layout.FIELD_WORDS * 4, layout.FIELD_SIZE);
});

for (const build of BUILDS) {
  test(`layout: hpack.${build.name}.wasm publishes the layout the bindings expect`, () => {
    const rt = runtimeFor(build.wasm);
    layout.checkLayout(rt.exports.memory, rt.exports.hpackLayout());
    const zeros = new WebAssembly.Memory({ initial: 1 });
    assert.throws(() => layout.checkLayout(zeros, 64), /layout constant/);
  });
}

test.run();
