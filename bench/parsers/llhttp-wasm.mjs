// Driver for llhttp compiled to Wasm, the build undici ships (SIMD and plain flavours, base64
// in undici/lib/llhttp). Minimal glue of our own over its ABI: llhttp_alloc(type) makes a
// parser, each chunk is copied into a malloc'd region of the instance's memory, one
// llhttp_execute call parses it, and llhttp calls back into JS through the wasm_on_* imports
// with (parser, pointer, length) spans. Strings are decoded latin1 from the caller's Buffer at
// the same offsets; bodies are zero-copy subarrays of it. Owns one instance per driver.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const TYPE_REQUEST = 1;
const ERROR_OK = 0;
const ERROR_PAUSED_UPGRADE = 22;

/** Method names by llhttp's enum value, from the constants undici ships with the build. */
const methods = [];
for (const [name, code] of Object.entries(require('undici/lib/llhttp/constants.js').METHODS)) methods[code] = name;

const modules = new Map();

function compiled(flavor) {
  let module = modules.get(flavor);
  if (!module) {
    const file = flavor === 'simd' ? 'undici/lib/llhttp/llhttp_simd-wasm.js' : 'undici/lib/llhttp/llhttp-wasm.js';
    module = new WebAssembly.Module(require(file));
    modules.set(flavor, module);
  }
  return module;
}

function cString(memory, pointer) {
  const bytes = new Uint8Array(memory.buffer, pointer);
  return Buffer.from(bytes.subarray(0, bytes.indexOf(0))).toString('latin1');
}

/** Creates a driver over the `simd` or `plain` build. */
export function createDriver(sink, flavor = 'simd') {
  let input = null; // the Buffer being parsed
  let base = 0; // where its copy starts in Wasm memory
  let fields = [];
  let fieldCount = 0; // strings in `fields` (name, value, name, value, ...)
  let lastWasValue = false;
  let target = '';
  let completed = 0;
  let llhttp = null;
  let parser = 0;

  const text = (at, length) => input.latin1Slice(at - base, at - base + length);
  const env = {
    wasm_on_message_begin: () => {
      fieldCount = 0;
      lastWasValue = false;
      target = '';
      return 0;
    },
    wasm_on_url: (p, at, length) => {
      target += text(at, length);
      return 0;
    },
    wasm_on_status: () => 0,
    wasm_on_header_field: (p, at, length) => {
      if (lastWasValue || fieldCount === 0) {
        fields[fieldCount++] = text(at, length);
        fields[fieldCount++] = '';
        lastWasValue = false;
      } else {
        fields[fieldCount - 2] += text(at, length);
      }
      return 0;
    },
    wasm_on_header_value: (p, at, length) => {
      fields[fieldCount - 1] += text(at, length);
      lastWasValue = true;
      return 0;
    },
    wasm_on_headers_complete: (p) => {
      sink.message(methods[llhttp.llhttp_get_method(p)], target);
      for (let i = 0; i < fieldCount; i += 2) sink.header(fields[i], fields[i + 1]);
      fieldCount = 0;
      lastWasValue = false;
      return 0;
    },
    wasm_on_body: (p, at, length) => {
      sink.body(input.subarray(at - base, at - base + length));
      return 0;
    },
    wasm_on_message_complete: () => {
      completed++;
      sink.end();
      return 0;
    },
  };

  const instance = new WebAssembly.Instance(compiled(flavor), { env });
  llhttp = instance.exports;
  llhttp._initialize();
  parser = llhttp.llhttp_alloc(TYPE_REQUEST);
  let capacity = 0;
  let pointer = 0;
  let memoryView = new Uint8Array(llhttp.memory.buffer);

  return {
    name: flavor === 'simd' ? 'llhttp wasm (simd)' : 'llhttp wasm',
    parse(buffer) {
      if (buffer.length > capacity) {
        if (pointer) llhttp.free(pointer);
        capacity = Math.max(buffer.length, 64 * 1024);
        pointer = llhttp.malloc(capacity);
      }
      if (memoryView.buffer !== llhttp.memory.buffer) memoryView = new Uint8Array(llhttp.memory.buffer);
      memoryView.set(buffer, pointer);
      input = buffer;
      base = pointer;
      completed = 0;
      const code = llhttp.llhttp_execute(parser, pointer, buffer.length);
      input = null;
      if (code !== ERROR_OK && code !== ERROR_PAUSED_UPGRADE) {
        throw new Error(`llhttp wasm: error ${code} ${cString(llhttp.memory, llhttp.llhttp_get_error_reason(parser))}`);
      }
      return completed;
    },
    close() {
      llhttp.llhttp_free(parser);
      if (pointer) llhttp.free(pointer);
    },
  };
}
