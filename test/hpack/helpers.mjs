// Shared by the windhover/hpack suites: the three builds every suite runs against, the
// vendored corpus (test/fixtures/hpack), and small byte helpers. Not a test file itself.
import { readFileSync } from 'node:fs';
import { brotliDecompressSync } from 'node:zlib';

const here = (path) => new URL(path, import.meta.url);

/** release (SIMD), release-nosimd and debug (bounds-checked) builds of assembly/hpack. */
export const BUILDS = ['release', 'release-nosimd', 'debug'].map((name) => ({
  name,
  wasm: new Uint8Array(readFileSync(here(`../../build/hpack.${name}.wasm`))),
}));

let stories;
/** { raw: { story_NN: { context, cases: [[name, value][]] } }, encoded: [{ dir, story, description, cases: [{ wire, size?, headers? }] }] } */
export function corpus() {
  stories ??= JSON.parse(brotliDecompressSync(readFileSync(here('../fixtures/hpack/stories.json.br'))));
  return stories;
}

/** The header list a case of an encoded story must decode to. */
export function expectedHeaders(story, index) {
  return story.cases[index].headers ?? corpus().raw[story.story].cases[index];
}

export function appendixC() {
  return JSON.parse(readFileSync(here('../fixtures/hpack/rfc7541-appendix-c.json'), 'utf8'));
}

export const fromHex = (hex) => Uint8Array.from(Buffer.from(hex.replace(/\s+/g, ''), 'hex'));
export const toHex = (bytes) => Buffer.from(bytes).toString('hex');

/** Deterministic PRNG (mulberry32) for fuzz-style tests. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
