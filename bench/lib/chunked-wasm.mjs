// The Wasm side of bench/chunked-encode.mjs, over the h1 component's h1EncodeChunkHeader(len,
// out) export (writes "<hex>\r\n" at `out`, returns its length) and the TypeScript twin the
// bindings ship (writeChunkHeader). Strategies:
// - the public encodeChunkHeader(len): one Wasm call, the size line copied out; writev list;
// - the whole chunk framed inside Wasm memory (size line, body copied in, CRLF) and copied out
//   as one Buffer, on a private instance of the module so no parser's input window is touched;
// - the bindings' TypeScript writeChunkHeader into a reused slab; writev list.
// Resolves to { strategies, note }; none, with a note, when the build or export is missing.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CRLF = Buffer.from('\r\n', 'latin1');

async function loadBindings() {
  const dir = join(ROOT, 'dist', 'bindings', 'parser');
  if (!existsSync(join(dir, 'chunk-header.js'))) return null;
  return import(pathToFileURL(join(dir, 'chunk-header.js')).href);
}

/** A private instance of the release build and the start of its input window. */
function privateInstance() {
  const file = join(ROOT, 'build', 'h1.release.wasm');
  if (!existsSync(file)) return null;
  const exports = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(file)), {}).exports;
  if (typeof exports.h1EncodeChunkHeader !== 'function') return null;
  const words = new Uint32Array(exports.memory.buffer);
  const layout = exports.h1LayoutPtr() >>> 2;
  return { exports, window: words[layout + 1] };
}

export async function wasmStrategies() {
  const bindings = await loadBindings();
  const instance = privateInstance();
  if (!bindings || !instance) {
    return { strategies: [], note: 'Wasm helper not measured: build missing or no h1EncodeChunkHeader export (npm run build).' };
  }
  const { exports, window } = instance;
  const memory = Buffer.from(exports.memory.buffer);
  const slab = Buffer.allocUnsafe(64 * 1024);
  let used = 0;
  const strategies = [
    {
      id: 'wasm-header-list',
      name: 'Wasm: encodeChunkHeader() + writev list',
      encode: (body) => [bindings.encodeChunkHeader(body.length), body, CRLF],
    },
    {
      id: 'wasm-framed-copy',
      name: 'Wasm: framed in Wasm memory, copied in and out',
      encode(body) {
        const head = exports.h1EncodeChunkHeader(body.length, window);
        memory.set(body, window + head);
        const end = window + head + body.length;
        memory[end] = 13;
        memory[end + 1] = 10;
        return Buffer.from(memory.subarray(window, end + 2));
      },
    },
    {
      id: 'ts-bindings-slab',
      name: 'TS (bindings writeChunkHeader) in slab + writev list',
      encode(body) {
        if (used + 16 > slab.length) used = 0;
        const start = used;
        used += bindings.writeChunkHeader(body.length, slab, used);
        return [slab.subarray(start, used), body, CRLF];
      },
    },
  ];
  return { strategies, note: null };
}
