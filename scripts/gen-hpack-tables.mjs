// Generates the HPACK tables from the facts of RFC 7541 held below (Appendix A, the static
// table; Appendix B, the Huffman code) and writes:
//   assembly/hpack/huffman-table.ts          Huffman encode and decode tables (Wasm data)
//   assembly/hpack/static-table.ts           static table strings, ids and name hash (Wasm data)
//   bindings/hpack/static-table.generated.ts static names and values as interned JS strings
// `node scripts/gen-hpack-tables.mjs` rewrites the files; `--check` exits 1 if any differs.
// test/hpack/generated.test.mjs imports generate() and compares it with the files on disk.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** RFC 7541 Appendix A: index 1..61 as [name, value]. */
export const STATIC_TABLE = [
  [':authority', ''], [':method', 'GET'], [':method', 'POST'], [':path', '/'],
  [':path', '/index.html'], [':scheme', 'http'], [':scheme', 'https'], [':status', '200'],
  [':status', '204'], [':status', '206'], [':status', '304'], [':status', '400'],
  [':status', '404'], [':status', '500'], ['accept-charset', ''],
  ['accept-encoding', 'gzip, deflate'], ['accept-language', ''], ['accept-ranges', ''],
  ['accept', ''], ['access-control-allow-origin', ''], ['age', ''], ['allow', ''],
  ['authorization', ''], ['cache-control', ''], ['content-disposition', ''],
  ['content-encoding', ''], ['content-language', ''], ['content-length', ''],
  ['content-location', ''], ['content-range', ''], ['content-type', ''], ['cookie', ''],
  ['date', ''], ['etag', ''], ['expect', ''], ['expires', ''], ['from', ''], ['host', ''],
  ['if-match', ''], ['if-modified-since', ''], ['if-none-match', ''], ['if-range', ''],
  ['if-unmodified-since', ''], ['last-modified', ''], ['link', ''], ['location', ''],
  ['max-forwards', ''], ['proxy-authenticate', ''], ['proxy-authorization', ''],
  ['range', ''], ['referer', ''], ['refresh', ''], ['retry-after', ''], ['server', ''],
  ['set-cookie', ''], ['strict-transport-security', ''], ['transfer-encoding', ''],
  ['user-agent', ''], ['vary', ''], ['via', ''], ['www-authenticate', ''],
];

const range = (a, b) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
const chars = (s) => [...s].map((c) => c.charCodeAt(0));

/**
 * RFC 7541 Appendix B, given as the symbols of each code length. The code is canonical
 * (codes ascend with length, then symbol), so the codes follow from the lengths; the
 * generator checks completeness and a sample of codes quoted from the RFC.
 */
export const HUFFMAN_LENGTH_GROUPS = {
  5: [...chars('012aceiost')],
  6: [...chars(' %-./3456789=A_bdfghlmnpru')],
  7: [...chars(':BCDEFGHIJKLMNOPQRSTUVWYjkqvwxyz')],
  8: [...chars('&*,;XZ')],
  10: [...chars('!"()?')],
  11: [...chars("'+|")],
  12: [...chars('#>')],
  13: [0, ...chars('$@[]~')],
  14: [...chars('^}')],
  15: [...chars('<`{')],
  19: [92, 195, 208],
  20: [128, 130, 131, 162, 184, 194, 224, 226],
  21: [153, 161, 167, 172, 176, 177, 179, 209, 216, 217, 227, 229, 230],
  22: [129, 132, 133, 134, 136, 146, 154, 156, 160, 163, 164, 169, 170, 173, 178, 181, 185,
    186, 187, 189, 190, 196, 198, 228, 232, 233],
  23: [1, 135, 137, 138, 139, 140, 141, 143, 147, 149, 150, 151, 152, 155, 157, 158, 165, 166,
    168, 174, 175, 180, 182, 183, 188, 191, 197, 231, 239],
  24: [9, 142, 144, 145, 148, 159, 171, 206, 215, 225, 236, 237],
  25: [199, 207, 234, 235],
  26: [192, 193, 200, 201, 202, 205, 210, 213, 218, 219, 238, 240, 242, 243, 255],
  27: [203, 204, 211, 212, 214, 221, 222, 223, 241, 244, 245, 246, 247, 248, 250, 251, 252,
    253, 254],
  28: [...range(2, 8), 11, 12, ...range(14, 21), ...range(23, 31), 127, 220, 249],
  30: [10, 13, 22, 256],
};

/** Codes quoted from RFC 7541 Appendix B, checked against the canonical assignment. */
const RFC_SAMPLES = [[48, 0x0, 5], [97, 0x3, 5], [32, 0x14, 6], [58, 0x5c, 7], [0, 0x1ff8, 13],
  [1, 0x7fffd8, 23], [2, 0xfffffe2, 28], [9, 0xffffea, 24], [10, 0x3ffffffc, 30],
  [128, 0xfffe6, 20], [255, 0x3ffffee, 26], [256, 0x3fffffff, 30]];

/** Number of input bits the primary decode table is indexed by. */
export const PRIMARY_BITS = 13;

export function huffmanCode() {
  const lengths = new Array(257).fill(0);
  for (const [len, syms] of Object.entries(HUFFMAN_LENGTH_GROUPS)) {
    for (const s of syms) {
      if (lengths[s]) throw new Error(`symbol ${s} listed twice`);
      lengths[s] = Number(len);
    }
  }
  if (lengths.some((l) => l === 0)) throw new Error('a symbol has no code');
  let kraft = 0;
  for (const l of lengths) kraft += 2 ** (30 - l);
  if (kraft !== 2 ** 30) throw new Error('the code is not complete');
  const order = range(0, 256).sort((a, b) => lengths[a] - lengths[b] || a - b);
  const codes = new Array(257).fill(0);
  let code = 0;
  let prevLen = lengths[order[0]];
  for (const s of order) {
    code *= 2 ** (lengths[s] - prevLen);
    prevLen = lengths[s];
    codes[s] = code++;
  }
  for (const [s, c, l] of RFC_SAMPLES) {
    if (codes[s] !== c || lengths[s] !== l) throw new Error(`code of ${s} disagrees with RFC 7541`);
  }
  return { codes, lengths, order };
}

/**
 * Primary table: for each PRIMARY_BITS-bit input, the one or two whole codes at its start.
 * Entry: sym1 | sym2 << 8 | len1 << 16 | (len1 + len2) << 21 | count << 26; count 0 means the
 * first code is longer than PRIMARY_BITS (decoded canonically from the long tables).
 */
function huffmanDecodeTables({ codes, lengths, order }) {
  const first = new Array(1 << PRIMARY_BITS).fill(null);
  for (let s = 0; s < 256; s++) {
    const l = lengths[s];
    if (l > PRIMARY_BITS) continue;
    const base = codes[s] * 2 ** (PRIMARY_BITS - l);
    for (let i = 0; i < 2 ** (PRIMARY_BITS - l); i++) first[base + i] = [s, l];
  }
  const primary = first.map((hit, bits) => {
    if (!hit) return 0;
    const [s1, l1] = hit;
    const rest = (bits * 2 ** l1) % 2 ** PRIMARY_BITS; // the bits after the first code, left-aligned
    const second = first[rest];
    if (second && l1 + second[1] <= PRIMARY_BITS) {
      return (s1 | (second[0] << 8) | (l1 << 16) | ((l1 + second[1]) << 21) | (2 << 26)) >>> 0;
    }
    return (s1 | (l1 << 16) | (l1 << 21) | (1 << 26)) >>> 0;
  });
  const longLengths = [...new Set(order.map((s) => lengths[s]))].filter((l) => l > PRIMARY_BITS);
  const longSymbols = order.filter((s) => lengths[s] > PRIMARY_BITS);
  const limit = [], shift = [], base = [];
  for (const l of longLengths) {
    const syms = longSymbols.filter((s) => lengths[s] === l);
    const firstCode = codes[syms[0]];
    limit.push((firstCode + syms.length) * 2 ** (30 - l));
    shift.push(30 - l);
    base.push((longSymbols.indexOf(syms[0]) - firstCode) >>> 0);
  }
  return { primary, longLengths, longSymbols, limit, shift, base };
}

function list(values, perLine = 16) {
  const lines = [];
  for (let i = 0; i < values.length; i += perLine) lines.push('  ' + values.slice(i, i + perLine).join(', ') + ',');
  return lines.join('\n');
}

const BANNER = (what) => `// Generated by scripts/gen-hpack-tables.mjs from ${what}: do not edit.\n`;

function huffmanFile() {
  const code = huffmanCode();
  const dec = huffmanDecodeTables(code);
  return BANNER('RFC 7541 Appendix B') +
`// Encode: HUFFMAN_CODES[s] is the right-aligned code of symbol s (0..255, 256 = EOS) and
// HUFFMAN_LENGTHS[s] its length in bits. Decode: HUFFMAN_PRIMARY is indexed by the next
// ${PRIMARY_BITS} input bits and holds the one or two whole codes they start with:
// sym1 | sym2 << 8 | len1 << 16 | (len1 + len2) << 21 | count << 26 (count 0: the first code is
// longer than ${PRIMARY_BITS} bits). Longer codes are decoded canonically: for the k-th long length,
// 30-bit left-aligned input below HUFFMAN_LONG_LIMIT[k] has that length, and the symbol is
// HUFFMAN_LONG_SYMBOLS[(input >> HUFFMAN_LONG_SHIFT[k]) + HUFFMAN_LONG_BASE[k]].

// @ts-ignore: decorator
@inline export const HUFFMAN_PRIMARY_BITS: u32 = ${PRIMARY_BITS};
// @ts-ignore: decorator
@inline export const HUFFMAN_LONG_COUNT: u32 = ${dec.longLengths.length};
// @ts-ignore: decorator
@inline export const HUFFMAN_EOS: u32 = 256;

export const HUFFMAN_CODES = memory.data<u32>([
${list(code.codes.map((c) => '0x' + c.toString(16)), 8)}
]);

export const HUFFMAN_LENGTHS = memory.data<u8>([
${list(code.lengths, 24)}
]);

export const HUFFMAN_PRIMARY = memory.data<u32>([
${list(dec.primary.map((c) => '0x' + c.toString(16)), 8)}
]);

export const HUFFMAN_LONG_LIMIT = memory.data<u32>([
${list(dec.limit.map((c) => '0x' + c.toString(16)), 8)}
]);

export const HUFFMAN_LONG_SHIFT = memory.data<u8>([
${list(dec.shift, 24)}
]);

export const HUFFMAN_LONG_BASE = memory.data<u32>([
${list(dec.base.map((c) => '0x' + c.toString(16)), 8)}
]);

export const HUFFMAN_LONG_SYMBOLS = memory.data<u16>([
${list(dec.longSymbols, 16)}
]);
`;
}

/** Finds an odd multiplier that hashes the distinct static names into 256 buckets without collision. */
function nameHash(names) {
  const key = (n) => ((n.length << 16) | (n.charCodeAt(1) << 8) | n.charCodeAt(n.length - 1)) >>> 0;
  const h = (n, k) => Math.imul(key(n), k) >>> 24;
  for (let k = 0x9e3779b1; k < 0x9e3779b1 + 2 * 200000; k += 2) {
    const seen = new Set();
    let ok = true;
    for (const n of names) {
      const b = h(n, k);
      if (seen.has(b)) { ok = false; break; }
      seen.add(b);
    }
    if (ok) return { k, bucket: (n) => h(n, k) };
  }
  throw new Error('no collision-free name hash found');
}

function staticTableFile() {
  const bytes = [];
  const entries = [0, 0, 0, 0];
  const offsetOf = new Map();
  const intern = (s) => {
    if (offsetOf.has(s)) return offsetOf.get(s);
    const off = bytes.length;
    bytes.push(...chars(s));
    offsetOf.set(s, off);
    return off;
  };
  const firstOf = new Map();
  const nameFirst = [0], nameRun = [0];
  STATIC_TABLE.forEach(([name, value], i) => {
    entries.push(intern(name), name.length, value ? intern(value) : 0, value.length);
    if (!firstOf.has(name)) firstOf.set(name, i + 1);
    nameFirst.push(firstOf.get(name));
  });
  for (let i = 1; i <= STATIC_TABLE.length; i++) {
    const name = STATIC_TABLE[i - 1][0];
    nameRun.push(nameFirst[i] === i ? STATIC_TABLE.filter(([n]) => n === name).length : 0);
  }
  const names = [...firstOf.keys()];
  const hash = nameHash(names);
  const ids = names.map((n) => `// @ts-ignore: decorator\n@inline export const STATIC_ID_${n.replace(/^:/, '').replace(/-/g, '_').toUpperCase()}${n.startsWith(':') ? '_PSEUDO' : ''}: u32 = ${firstOf.get(n)};`).join('\n');
  const buckets = new Array(256).fill(0);
  for (const n of names) buckets[hash.bucket(n)] = firstOf.get(n);
  return BANNER('RFC 7541 Appendix A') +
`// STATIC_DATA holds every distinct name and value once; STATIC_ENTRIES holds, for index 0..61
// (0 unused), u16 [nameOffset, nameLength, valueOffset, valueLength] into STATIC_DATA.
// STATIC_NAME_FIRST[i] is the lowest index with the same name as i (the name's id);
// STATIC_NAME_RUN[id] is how many consecutive entries share that name. STATIC_NAME_BUCKETS maps
// staticNameBucket(name) to a name id (0 = none); a hit must still be compared byte for byte.

// @ts-ignore: decorator
@inline export const STATIC_COUNT: u32 = ${STATIC_TABLE.length};
${ids}

// @ts-ignore: decorator
@inline export const STATIC_HASH_MULTIPLIER: u32 = 0x${hash.k.toString(16)};

/** Bucket of a name of length len >= 2 at ptr, as the generator hashed the static names. */
// @ts-ignore: decorator
@inline export function staticNameBucket(ptr: usize, len: u32): u32 {
  const key = (len << 16) | (<u32>load<u8>(ptr + 1) << 8) | <u32>load<u8>(ptr + len - 1);
  return (key * STATIC_HASH_MULTIPLIER) >>> 24;
}

export const STATIC_DATA = memory.data<u8>([
${list(bytes, 24)}
]);

export const STATIC_ENTRIES = memory.data<u16>([
${list(entries, 16)}
]);

export const STATIC_NAME_FIRST = memory.data<u8>([
${list(nameFirst, 24)}
]);

export const STATIC_NAME_RUN = memory.data<u8>([
${list(nameRun, 24)}
]);

export const STATIC_NAME_BUCKETS = memory.data<u8>([
${list(buckets, 24)}
]);
`;
}

function bindingsStaticFile() {
  const q = (s) => `'${s}'`;
  return BANNER('RFC 7541 Appendix A') +
`// Index 0 is unused so that STATIC_NAMES[i] and STATIC_VALUES[i] are HPACK index i.

export const STATIC_NAMES: readonly string[] = [
  '', ${STATIC_TABLE.map(([n]) => q(n)).join(', ')},
];

export const STATIC_VALUES: readonly string[] = [
  '', ${STATIC_TABLE.map(([, v]) => q(v)).join(', ')},
];
`.replace(/((?:'[^']*', ){6})/g, '$1\n  ').replace(/ \n/g, '\n');
}

/** Every generated file, by path relative to the repository root. */
export function generate() {
  return {
    'assembly/hpack/huffman-table.ts': huffmanFile(),
    'assembly/hpack/static-table.ts': staticTableFile(),
    'bindings/hpack/static-table.generated.ts': bindingsStaticFile(),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const [path, text] of Object.entries(generate())) {
    const file = join(root, path);
    let old = '';
    try { old = readFileSync(file, 'utf8'); } catch { /* new file */ }
    if (old === text) continue;
    if (check) { console.error(`${path} is stale`); stale++; } else { writeFileSync(file, text); console.log(`wrote ${path}`); }
  }
  if (stale) process.exit(1);
}
