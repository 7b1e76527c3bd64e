// Drivers for Windhover's parser (dist/bindings/parser, built by `npm run build`):
// - eager: the public RequestParser with its callbacks: each head arrives as a message
//   object whose method, url and every field name and value are strings (onHeaders), body
//   pieces as views of the pushed chunk (onBody, as the other drivers deliver them, so no
//   body is joined or copied), then onMessage; push() returns the completed messages.
// - lazy: the low-level engine the server drives; per message it makes strings for the
//   method and target only (HeadView), reports the field count as a number, and hands body
//   pieces as views. Not comparable with the eager rows; reported separately.
import { RequestParser, lowLevel } from '../../dist/bindings/parser/index.js';

const { H1Engine, EVENT_HEAD, EVENT_BODY, EVENT_END, EVENT_ERROR } = lowLevel;

function memoryBytes() {
  return lowLevel.getRuntime().memory.buffer.byteLength;
}

export function createEagerDriver(sink) {
  const parser = new RequestParser({
    onHeaders(message) {
      sink.message(message.method, message.url);
      const headers = message.headers;
      for (let i = 0; i < headers.length; i++) sink.header(headers[i][0], headers[i][1]);
    },
    onBody(message, piece) {
      sink.body(piece);
    },
    onMessage() {
      sink.end();
    },
  });
  return {
    name: 'windhover',
    parse(buffer) {
      const result = parser.push(buffer);
      if (result.error) throw result.error;
      return result.messages.length;
    },
    memoryBytes,
    close() {
      parser.dispose();
    },
  };
}

export function createLazyDriver(sink) {
  const engine = new H1Engine('request');
  return {
    name: 'windhover (lazy)',
    parse(buffer) {
      let completed = 0;
      let offset = 0;
      do {
        offset = engine.push(buffer, offset);
        let kind;
        while ((kind = engine.next()) !== 0) {
          if (kind === EVENT_HEAD) {
            const view = engine.head();
            sink.message(view.method, view.target);
            sink.fieldCount(view.headerCount);
          } else if (kind === EVENT_BODY) {
            sink.body(engine.body());
          } else if (kind === EVENT_END) {
            completed++;
            sink.end();
          } else if (kind === EVENT_ERROR) {
            throw engine.error;
          }
        }
      } while (offset < buffer.length && !engine.isStopped);
      return completed;
    },
    memoryBytes,
    close() {
      engine.dispose();
    },
  };
}

/** The entries bench/parsers/index.mjs adds to the driver list. */
export async function windhoverDrivers() {
  const flavor = new H1Engine('request');
  const note = `Windhover runs its ${flavor.flavor} Wasm build.`;
  flavor.dispose();
  return [
    { id: 'windhover', name: 'windhover', create: createEagerDriver, note },
    { id: 'windhover-lazy', name: 'windhover (lazy)', create: createLazyDriver, lazy: true },
  ];
}
