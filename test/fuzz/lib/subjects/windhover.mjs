// The subject under test: Windhover's RequestParser (dist/bindings/parser), default options
// (strict), one fresh parser per connection, fed chunk by chunk. `debug: true` runs the
// debug Wasm build (bounds checks on, so memory-safety slips trap instead of passing
// silently). Returns the outcome shape shared with the llhttp oracle; a ParseError is an
// outcome, any other exception escapes to the engine, which classes it as a bug.
import { readFileSync } from 'node:fs';
import { RequestParser, ParseError, lowLevel } from '../../../../dist/bindings/parser/index.js';

const DEBUG_WASM = new URL('../../../../build/h1.debug.wasm', import.meta.url);

function toMessage(message) {
  return {
    method: message.method,
    url: message.url,
    version: `${message.versionMajor}.${message.versionMinor}`,
    headers: message.headers,
    body: Buffer.from(message.body.buffer, message.body.byteOffset, message.body.length).toString('latin1'),
    trailers: message.trailers,
  };
}

export function createSubject({ debug = false } = {}) {
  const wasm = debug ? new Uint8Array(readFileSync(DEBUG_WASM)) : undefined;
  const runtime = lowLevel.getRuntime(wasm);
  return {
    name: debug ? 'windhover (debug build)' : 'windhover',
    memoryBytes: () => runtime.memory.buffer.byteLength,
    parse(chunks) {
      const parser = new RequestParser(wasm ? { wasm } : {});
      const messages = [];
      let error = null;
      let upgrade = null;
      let pending = null;
      try {
        for (const chunk of chunks) {
          const result = parser.push(chunk);
          for (const message of result.messages) messages.push(toMessage(message));
          if (result.error) error = { code: result.error.code, offset: result.error.offset };
          if (result.upgrade) upgrade = result.upgrade;
          if (error || upgrade) break;
        }
      } catch (thrown) {
        if (!(thrown instanceof ParseError)) throw thrown;
        error = { code: thrown.code, offset: thrown.offset };
      } finally {
        if (parser.pending) pending = toMessage(parser.pending);
        parser.dispose();
      }
      return { messages, error, upgrade: upgrade !== null, upgradeKind: upgrade?.kind ?? null, pending };
    },
  };
}
