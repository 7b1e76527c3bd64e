// A second subject for the differential engine: llhttp's Wasm build as undici ships it, fed
// chunk by chunk. It is llhttp too, so against the native oracle it should agree almost
// everywhere (version drift aside); `--subject llhttp-wasm` uses it to check the fuzzer
// itself: generator, splitter, classifier and report. Returns the shared outcome shape.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const module = new WebAssembly.Module(require('undici/lib/llhttp/llhttp-wasm.js'));
const METHODS = [];
for (const [name, code] of Object.entries(require('undici/lib/llhttp/constants.js').METHODS)) METHODS[code] = name;
const ERROR_NAMES = [];
for (const [name, code] of Object.entries(require('undici/lib/llhttp/constants.js').ERROR)) ERROR_NAMES[code] = `HPE_${name}`;
const ERROR_PAUSED_UPGRADE = 22;

export function createSubject() {
  let state = null;
  let memory = null;
  const text = (at, length) => Buffer.from(memory.buffer, at, length).toString('latin1');
  const env = {
    wasm_on_message_begin: () => {
      state.current = { method: '', url: '', headers: [], body: '', trailers: [] };
      state.fields = state.current.headers;
      state.lastValue = true;
      return 0;
    },
    wasm_on_url: (p, at, length) => {
      state.current.url += text(at, length);
      return 0;
    },
    wasm_on_status: () => 0,
    wasm_on_header_field: (p, at, length) => {
      if (state.lastValue) state.fields.push([text(at, length), '']);
      else state.fields[state.fields.length - 1][0] += text(at, length);
      state.lastValue = false;
      return 0;
    },
    wasm_on_header_value: (p, at, length) => {
      state.fields[state.fields.length - 1][1] += text(at, length);
      state.lastValue = true;
      return 0;
    },
    wasm_on_headers_complete: (p) => {
      const e = instance.exports;
      state.current.method = METHODS[e.llhttp_get_method(p)];
      state.current.version = `${e.llhttp_get_http_major(p)}.${e.llhttp_get_http_minor(p)}`;
      state.fields = state.current.trailers;
      state.lastValue = true;
      return 0;
    },
    wasm_on_body: (p, at, length) => {
      state.current.body += text(at, length);
      return 0;
    },
    wasm_on_message_complete: () => {
      state.messages.push(state.current);
      return 0;
    },
  };
  const instance = new WebAssembly.Instance(module, { env });
  const e = instance.exports;
  e._initialize();
  memory = e.memory;
  const scratch = e.malloc(1 << 16);

  return {
    name: 'llhttp wasm',
    memoryBytes: () => memory.buffer.byteLength,
    /** Parses the chunks of one connection in order. */
    parse(chunks) {
      const parser = e.llhttp_alloc(1);
      state = { messages: [], current: null, fields: null, lastValue: true };
      let error = null;
      let upgrade = false;
      let offset = 0;
      for (const chunk of chunks) {
        for (let at = 0; at < chunk.length && !error && !upgrade; at += 1 << 16) {
          const piece = chunk.subarray(at, at + (1 << 16));
          new Uint8Array(memory.buffer).set(piece, scratch);
          const code = e.llhttp_execute(parser, scratch, piece.length);
          if (code === ERROR_PAUSED_UPGRADE) upgrade = true;
          else if (code !== 0) error = { code: ERROR_NAMES[code] ?? `HPE_${code}`, offset: offset + e.llhttp_get_error_pos(parser) - scratch };
          offset += piece.length;
        }
        if (error || upgrade) break;
      }
      e.llhttp_free(parser);
      return { messages: state.messages, error, upgrade };
    },
  };
}
