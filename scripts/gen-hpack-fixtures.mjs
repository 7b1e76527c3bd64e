// Vendors the HPACK conformance corpus into test/fixtures/hpack/ so that the tests need
// nothing outside the repository. Reads ../shared/corpus/hpack (or the directory given as
// the first argument) and writes:
//   stories.json.br         every encoded story (wire hex and header_table_size per case)
//                           and the raw-data header lists, brotli-compressed
//   rfc7541-appendix-c.json RFC 7541 Appendix C.2-C.6 with the expected dynamic tables
//   LICENSE-hpack-test-case.txt
// Every encoded story's header lists equal the raw-data story of the same name (checked
// here); a case whose list differs would keep its own `headers`, so nothing is lost.
import { readFileSync, writeFileSync, readdirSync, mkdirSync, statSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = process.argv[2] ?? join(root, '..', 'shared', 'corpus', 'hpack');
const out = join(root, 'test', 'fixtures', 'hpack');

const pairs = (headers) => headers.map((h) => {
  const keys = Object.keys(h);
  if (keys.length !== 1) throw new Error('a header object must have exactly one key');
  return [keys[0], h[keys[0]]];
});
const read = (path) => JSON.parse(readFileSync(path, 'utf8'));

const raw = {};
for (const file of readdirSync(join(source, 'raw-data')).sort()) {
  const story = read(join(source, 'raw-data', file));
  raw[file.replace(/\.json$/, '')] = { context: story.context, cases: story.cases.map((c) => pairs(c.headers)) };
}

const encoded = [];
let cases = 0;
let own = 0;
for (const dir of readdirSync(source).sort()) {
  if (dir === 'raw-data' || !statSync(join(source, dir)).isDirectory()) continue;
  for (const file of readdirSync(join(source, dir)).sort()) {
    const name = file.replace(/\.json$/, '');
    const story = read(join(source, dir, file));
    const base = raw[name];
    const list = story.cases.map((c, i) => {
      const entry = { wire: c.wire };
      if (c.header_table_size !== undefined && c.header_table_size !== null) entry.size = c.header_table_size;
      const headers = pairs(c.headers);
      if (!base || JSON.stringify(base.cases[i]) !== JSON.stringify(headers)) { entry.headers = headers; own++; }
      return entry;
    });
    cases += list.length;
    encoded.push({ dir, story: name, description: story.description ?? '', cases: list });
  }
}

mkdirSync(out, { recursive: true });
const json = JSON.stringify({ raw, encoded });
const packed = brotliCompressSync(Buffer.from(json), {
  params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 24,
    [constants.BROTLI_PARAM_SIZE_HINT]: json.length },
});
writeFileSync(join(out, 'stories.json.br'), packed);
writeFileSync(join(out, 'rfc7541-appendix-c.json'), readFileSync(join(source, 'rfc7541-appendix-c.json')));
writeFileSync(join(out, 'LICENSE-hpack-test-case.txt'), readFileSync(join(source, 'LICENSE-hpack-test-case.txt')));
console.log(`${encoded.length} encoded stories, ${cases} cases (${own} with their own headers), ` +
  `${Object.keys(raw).length} raw stories; ${json.length} octets of JSON -> ${packed.length} brotli`);
