// One source of truth (assembly/h1/gen/spec.mjs): the generated files are current, every
// build stores the same layout constants the bindings were generated with, every known
// header name resolves to its id through the Wasm perfect hash, and the chunk-size encoder
// in Wasm agrees with the TypeScript one.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { renderAll } from '../../assembly/h1/gen/generate.mjs';
import * as spec from '../../assembly/h1/gen/spec.mjs';
import { lowLevel, encodeChunkHeader, ERROR_CODES } from '../../dist/bindings/parser/index.js';
import { writeChunkHeader } from '../../dist/bindings/parser/chunk-header.js';
import { LAYOUT_VALUES } from '../../dist/bindings/parser/generated.js';
import { BUILDS } from './harness.mjs';

test('generated files match a fresh run of the generator (tables, layout, errors, bindings mirror)', () => {
  for (const [path, content] of Object.entries(renderAll())) {
    const current = readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
    assert.ok(current === content, `${path} is stale: run node assembly/h1/gen/generate.mjs`);
    assert.match(current, /do not edit/);
  }
});

for (const [build, wasm] of Object.entries(BUILDS)) {
  test(`${build}: the Wasm layout constants equal the bindings' mirror`, () => {
    assert.equal(lowLevel.getRuntime(wasm).wasmLayout(), [...LAYOUT_VALUES]);
  });

  test(`${build}: every known header name resolves to its id, in any case`, () => {
    const names = spec.HEADERS;
    const engine = new lowLevel.H1Engine('request', { wasm, maxHeaderCount: 200 });
    const mixed = (name, i) => (i % 2 ? name.toUpperCase() : name);
    const head = `GET / HTTP/1.1\r\n${names.map((n, i) => `${mixed(n, i)}: ${n === 'host' ? 'h' : 'v'}\r\n`).join('')}`
      .replace(/Content-Length: v|content-length: v/i, 'Content-Length: 0')
      .replace(/transfer-encoding: v\r\n/i, '')
      .replace(/connection: v/i, 'Connection: keep-alive');
    engine.push(new Uint8Array(Buffer.from(`${head}X-Unknown-Name: v\r\n\r\n`, 'latin1')));
    assert.equal(engine.next(), lowLevel.EVENT_HEAD, engine.error?.message);
    const view = engine.head();
    for (let i = 0; i < view.headerCount; i++) {
      const name = view.rawNameAt(i).toLowerCase();
      assert.equal(view.knownIdAt(i), name === 'x-unknown-name' ? 0 : names.indexOf(name) + 1, name);
    }
    engine.dispose();
  });
}

test('spec: semantic headers come first; codes, names and ids are unique', () => {
  assert.equal(spec.HEADERS.slice(0, spec.SEMANTIC_HEADERS.length), spec.SEMANTIC_HEADERS);
  assert.equal(new Set(spec.HEADERS).size, spec.HEADERS.length);
  assert.equal(new Set(spec.METHODS).size, spec.METHODS.length);
  assert.ok(spec.HEADERS.length < 255, 'ids fit the 8 bits of a field entry');
  const codes = spec.ERRORS.map(([code]) => code);
  const names = spec.ERRORS.map(([, name]) => name);
  assert.equal(new Set(codes).size, codes.length);
  assert.equal(new Set(names).size, names.length);
  for (const [code, name] of spec.ERRORS) assert.equal(ERROR_CODES[code], name);
});

test('chunk-size lines: the Wasm encoder and the TypeScript one agree', () => {
  const out = new Uint8Array(16);
  for (const len of [0, 1, 9, 10, 15, 16, 255, 256, 4096, 65535, 0x10000, 0x7fffffff, 0xffffffff]) {
    const n = writeChunkHeader(len, out);
    assert.equal(Buffer.from(encodeChunkHeader(len)).toString(), Buffer.from(out.subarray(0, n)).toString(), String(len));
    assert.equal(Buffer.from(out.subarray(0, n)).toString(), `${len.toString(16)}\r\n`);
  }
});

test.run();
