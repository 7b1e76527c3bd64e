// The Wasm side of bench/chunked-encode.mjs: strategies that frame a chunk with the h1
// component's chunk-header export (h1EncodeChunkHeader or similar, in assembly/h1/index.ts).
// Resolves to { strategies, note }; no strategies, and a note saying why, when the build or
// the export is missing.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function loadExports() {
  const file = join(ROOT, 'build', 'h1.release.wasm');
  if (!existsSync(file)) return null;
  const module = new WebAssembly.Module(readFileSync(file));
  return new WebAssembly.Instance(module, {}).exports;
}

export async function wasmStrategies() {
  const exports = loadExports();
  if (!exports) return { strategies: [], note: 'Wasm helper not measured: build/h1.release.wasm missing (npm run build).' };
  const name = Object.keys(exports).find((key) => /^h1EncodeChunk/.test(key));
  if (!name) return { strategies: [], note: 'Wasm helper not measured: the h1 build exports no h1EncodeChunk* function yet.' };
  return { strategies: [], note: `Wasm helper ${name} found but not wired into this benchmark.` };
}
