// The release builds must stay allocation-free and abort-free (DESIGN: "The Wasm core").
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';

const COMPONENTS = ['h1', 'hpack'];

for (const component of COMPONENTS) {
  for (const target of ['release', 'release-nosimd']) {
    test(`${component}.${target}.wasm imports nothing (no allocator, no abort)`, () => {
      const module = new WebAssembly.Module(readFileSync(new URL(`../../build/${component}.${target}.wasm`, import.meta.url)));
      assert.equal(WebAssembly.Module.imports(module), []);
      const exportNames = WebAssembly.Module.exports(module).map((e) => e.name);
      for (const banned of ['__new', '__alloc', '__collect', '__pin', '__renew']) {
        assert.not.ok(exportNames.includes(banned), `${banned} exported`);
      }
      const wat = readFileSync(new URL(`../../build/${component}.${target}.wat`, import.meta.url), 'utf8');
      assert.not.match(wat, /\(import /);
      assert.not.match(wat, /~lib\/rt\//, 'runtime code linked in');
    });
  }
  test(`${component}.release-nosimd.wasm contains no SIMD instructions`, () => {
    const wat = readFileSync(new URL(`../../build/${component}.release-nosimd.wat`, import.meta.url), 'utf8');
    assert.not.match(wat, /\bv128\b|i8x16|i16x8|i32x4/);
  });
}

test.run();
