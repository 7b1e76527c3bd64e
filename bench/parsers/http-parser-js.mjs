// Driver for http-parser-js, the pure-JavaScript drop-in for Node's HTTPParser class. Same
// callback shape as the native binding (flat header array at headers-complete, trailers via
// kOnHeaders, method as an index into its own method list, bodies as Buffer slices).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { HTTPParser } = require('http-parser-js');
// Reading kOnExecute switches the module to Node's positional callback arguments, which is
// what happens when it stands in for the binding under node:http.
void HTTPParser.kOnExecute;

export function createDriver(sink) {
  const parser = new HTTPParser(HTTPParser.REQUEST);
  let completed = 0;

  parser[HTTPParser.kOnHeaders] = () => {};
  parser[HTTPParser.kOnHeadersComplete] = (major, minor, headers, method, url) => {
    sink.message(HTTPParser.methods[method], url);
    for (let i = 0; i < headers.length; i += 2) sink.header(headers[i], headers[i + 1]);
    return 0;
  };
  parser[HTTPParser.kOnBody] = (bytes, start, length) => {
    sink.body(start === 0 && length === bytes.length ? bytes : bytes.subarray(start, start + length));
  };
  parser[HTTPParser.kOnMessageComplete] = () => {
    completed++;
    sink.end();
  };

  return {
    name: 'http-parser-js',
    parse(buffer) {
      completed = 0;
      const result = parser.execute(buffer);
      if (typeof result !== 'number') throw new Error(`http-parser-js: ${result.code ?? ''} ${result.message}`);
      return completed;
    },
  };
}
