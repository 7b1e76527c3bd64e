// HPACK fuzz engine, shared by `npm run fuzz:hpack` (hpack-fuzz.mjs) and the fixed-seed run
// in test/hpack/fuzz.test.mjs. Input i of seed s is rebuilt from (s, i) alone. Kinds:
// - mutated: a corpus header block with 1-3 byte-level mutations (flips, special octets,
//   inserts, deletes, truncation, repeats, splices, size updates, inflated lengths);
// - random: 0-80 random octets; structured: random representations with extreme integers,
//   random Huffman payloads and size updates;
// - encode: a random header list through persistent encoders, decoded back by our decoder
//   and by hpack.js.
// Every decode input goes to five long-lived decoders (different table sizes and limits,
// state carried across errors) and to a fresh decoder; when the fresh one accepts, hpack.js
// decodes the same block from a fresh state and must produce the same list.
// Failures: a Wasm trap, any exception other than HpackError, a list that differs from
// hpack.js's, an encoder round trip that differs, memory growth past the bound.
import { createRequire } from 'node:module';
import { HpackDecoder, HpackEncoder, HpackError } from '../../dist/bindings/hpack/index.js';
import { corpus, fromHex } from '../hpack/helpers.mjs';
import { runtimeFor } from '../../dist/bindings/hpack/runtime.js';

const hpackjs = createRequire(import.meta.url)('hpack.js');

export const FAILURE_CLASSES = ['trap', 'exception', 'mismatch', 'encode-mismatch', 'memory-growth', 'hang'];

/** 32-bit mix of two integers (murmur3 finaliser variant). */
function mix32(a, b) {
  let h = (Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ b) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

export class Rng {
  constructor(seed, index) { this.state = mix32(seed >>> 0, mix32(index >>> 0, 0x7541)) || 1; }
  next() {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n) { return Math.floor(this.next() * n); }
  pick(list) { return list[this.int(list.length)]; }
  chance(p) { return this.next() < p; }
}

/** Encoders of these corpus directories use no dynamic table: their blocks decode from a fresh state. */
const STATELESS = /^(go-hpack|haskell-http2-(naive|static)(-huffman)?)$/;

let seedBlocks;
/** Every corpus wire as octets (the mutation seeds), blocks that need no prior state first. */
export function loadSeedBlocks() {
  if (!seedBlocks) {
    const stories = corpus().encoded;
    const of = (want) => stories.filter((s) => STATELESS.test(s.dir) === want).flatMap((s) => s.cases.map((c) => fromHex(c.wire)));
    seedBlocks = { stateless: of(true), stateful: of(false) };
    seedBlocks.all = [...seedBlocks.stateless, ...seedBlocks.stateful];
  }
  return seedBlocks;
}

const SPECIAL = [0x00, 0x0f, 0x10, 0x1f, 0x20, 0x3f, 0x40, 0x7f, 0x80, 0xbe, 0xff];

/** An HPACK integer with `prefix` bits under `first`, as octets. */
function integer(value, prefix, first) {
  const max = (1 << prefix) - 1;
  if (value < max) return [first | value];
  const out = [first | max];
  let rest = value - max;
  while (rest >= 128) { out.push((rest % 128) | 128); rest = Math.floor(rest / 128); }
  out.push(rest);
  return out;
}

function extremeInt(rng) {
  return rng.pick([0, 1, 61, 62, 63, 127, 128, 4096, 4097, 65535, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 35, rng.int(100)]);
}

function mutate(rng, block, blocks) {
  let b = Array.from(block);
  for (let n = 1 + rng.int(3); n > 0; n--) {
    const at = rng.int(b.length + 1);
    switch (rng.int(10)) {
      case 0: if (b.length) b[at % b.length] ^= 1 << rng.int(8); break;
      case 1: if (b.length) b[at % b.length] = rng.pick(SPECIAL); break;
      case 2: b.splice(at, 0, ...Array.from({ length: 1 + rng.int(4) }, () => rng.int(256))); break;
      case 3: b.splice(at, 1 + rng.int(8)); break;
      case 4: b = b.slice(0, at); break;
      case 5: { const end = Math.min(b.length, at + 1 + rng.int(16)); b.splice(at, 0, ...b.slice(at, end)); break; }
      case 6: { const other = rng.pick(blocks); const s = rng.int(other.length + 1); b.splice(at, rng.int(8), ...other.slice(s, s + 1 + rng.int(24))); break; }
      case 7: b.unshift(...integer(extremeInt(rng), 5, 0x20)); break;
      case 8: b.splice(at, 0, ...integer(extremeInt(rng), 5, 0x20)); break;
      default: if (b.length) b[at % b.length] = (b[at % b.length] & 0x80) | 0x7f; break; // inflate a length or index
    }
  }
  return Uint8Array.from(b);
}

function structured(rng) {
  const out = [];
  for (let n = rng.int(8); n >= 0; n--) {
    const str = () => {
      const len = rng.chance(0.1) ? extremeInt(rng) % 5000 : rng.int(20);
      const huffman = rng.chance(0.5);
      out.push(...integer(len, 7, huffman ? 0x80 : 0));
      for (let i = 0; i < Math.min(len, 64); i++) out.push(huffman ? rng.pick([0xff, 0x00, 0x1f, rng.int(256)]) : rng.int(256));
    };
    switch (rng.int(5)) {
      case 0: out.push(...integer(rng.chance(0.8) ? rng.int(70) : extremeInt(rng), 7, 0x80)); break;
      case 1: out.push(...integer(rng.int(70), 6, 0x40)); if (out[out.length - 1] === 0x40) str(); str(); break;
      case 2: out.push(...integer(rng.int(70), 4, rng.chance(0.5) ? 0x10 : 0)); if ((out[out.length - 1] & 0x0f) === 0) str(); str(); break;
      case 3: out.push(...integer(extremeInt(rng), 5, 0x20)); break;
      default: out.push(...integer(extremeInt(rng), rng.pick([4, 5, 6, 7]), 0)); break;
    }
  }
  return Uint8Array.from(out);
}

const NAMES = [':method', ':path', ':status', ':authority', 'content-type', 'cookie', 'authorization', 'date',
  'set-cookie', 'user-agent', 'x-custom', 'x-trace-id', 'accept-encoding', 'content-length', 'etag', 'location'];

function randomList(rng) {
  const list = [];
  for (let n = rng.int(12); n >= 0; n--) {
    const name = rng.chance(0.8) ? rng.pick(NAMES) : Array.from({ length: 1 + rng.int(12) }, () => String.fromCharCode(97 + rng.int(26))).join('');
    const len = rng.chance(0.05) ? 100 + rng.int(3000) : rng.int(40);
    const pool = rng.chance(0.2) ? 256 : 95;
    const value = rng.chance(0.3) ? rng.pick(['GET', '200', '/', 'gzip, deflate', 'text/html']) :
      Array.from({ length: len }, () => String.fromCharCode(pool === 256 ? rng.int(256) : 32 + rng.int(95))).join('');
    list.push(rng.chance(0.1) ? [name, value, true] : [name, value]);
  }
  return list;
}

/** Input `index` of `seed`: { kind, bytes } or { kind: 'encode', list, pair, setting }. */
export function buildInput(seed, index, blocks = loadSeedBlocks()) {
  const rng = new Rng(seed, index);
  const roll = rng.next();
  if (roll < 0.55) {
    const seedBlock = rng.pick(rng.chance(0.5) ? blocks.stateless : blocks.stateful);
    return { kind: 'mutated', bytes: mutate(rng, seedBlock, blocks.all) };
  }
  if (roll < 0.7) return { kind: 'random', bytes: Uint8Array.from({ length: rng.int(81) }, () => rng.int(256)) };
  if (roll < 0.85) return { kind: 'structured', bytes: structured(rng) };
  return { kind: 'encode', list: randomList(rng), pair: rng.int(3), setting: rng.chance(0.03) ? rng.int(8193) : -1 };
}

function hpackJsDecode(decompressor, block) {
  decompressor.write(Buffer.from(block));
  decompressor.execute();
  const out = [];
  for (let h = decompressor.read(); h !== null; h = decompressor.read()) out.push([h.name, h.value]);
  return out;
}

const same = (a, b) => a.length === b.length && a.every((f, i) => f[0] === b[i][0] && f[1] === b[i][1]);

export class Engine {
  constructor({ wasm } = {}) {
    this.wasm = wasm;
    this.decoders = [
      { maxTableSize: 4096 }, { maxTableSize: 256 }, { maxTableSize: 0 },
      { maxTableSize: 65536, maxHeaderListSize: 1 << 20 }, { maxTableSize: 4096, maxHeaderListSize: 300, maxFieldSize: 120 },
    ].map((options) => new HpackDecoder({ ...options, wasm }));
    this.pairs = [{ maxTableSize: 4096 }, { maxTableSize: 256, huffman: 'always' }, { maxTableSize: 8192, huffman: 'never' }]
      .map((options) => {
        // Both ends start at the protocol's 4096; the decoder then acknowledges 8192.
        const decoder = new HpackDecoder({ maxTableSize: 4096, maxHeaderListSize: 1 << 20, wasm });
        decoder.setMaxTableSize(8192);
        const encoder = new HpackEncoder({ ...options, wasm });
        encoder.setMaxTableSize(8192);
        return { encoder, decoder, other: hpackjs.decompressor.create({ table: { maxSize: 8192 } }) };
      });
    this.rt = runtimeFor(wasm);
  }

  /** Heap octets in use and memory size: what the memory bound watches. */
  memory() {
    return { heap: this.rt.exports.hpackHeapUsed() >>> 0, memory: this.rt.exports.memory.buffer.byteLength };
  }

  /** Runs one input; returns { outcome, failure?, detail? }. */
  run(input) {
    try {
      return input.kind === 'encode' ? this.runEncode(input) : this.runDecode(input.bytes);
    } catch (error) {
      const failure = error instanceof WebAssembly.RuntimeError ? 'trap' : 'exception';
      return { outcome: failure, failure, detail: String(error && error.stack || error) };
    }
  }

  runDecode(bytes) {
    for (const decoder of this.decoders) {
      try { decoder.decode(bytes); } catch (error) { if (!(error instanceof HpackError)) throw error; }
    }
    const fresh = new HpackDecoder({ wasm: this.wasm });
    let list;
    try {
      list = fresh.decode(bytes);
    } catch (error) {
      if (!(error instanceof HpackError)) throw error;
      return { outcome: error.code };
    } finally {
      fresh.dispose();
    }
    let theirs;
    try {
      theirs = hpackJsDecode(hpackjs.decompressor.create({ table: { maxSize: 4096 } }), bytes);
    } catch (error) {
      return { outcome: 'accepted', cross: 'hpack.js-rejects', detail: String(error.message) };
    }
    if (!same(list, theirs)) {
      return { outcome: 'accepted', failure: 'mismatch', detail: `ours ${JSON.stringify(list).slice(0, 300)} hpack.js ${JSON.stringify(theirs).slice(0, 300)}` };
    }
    return { outcome: 'accepted', cross: 'agree' };
  }

  runEncode({ list, pair, setting }) {
    const p = this.pairs[pair];
    if (setting >= 0) {
      p.encoder.setMaxTableSize(setting);
      p.decoder.setMaxTableSize(setting);
    }
    const block = p.encoder.encode(list);
    const want = list.map((f) => [f[0], f[1]]);
    const mine = p.decoder.decode(block);
    const theirs = hpackJsDecode(p.other, block);
    if (!same(mine, want) || !same(theirs, want)) {
      return { outcome: 'encoded', failure: 'encode-mismatch', detail: `list ${JSON.stringify(list).slice(0, 300)}` };
    }
    return { outcome: 'encoded' };
  }
}

/** Counts per outcome and per cross-check class, plus the first example of each failure. */
export class Tally {
  constructor() { this.counts = {}; this.cross = {}; this.failures = {}; this.examples = {}; this.kinds = {}; }
  add(seed, index, input, result) {
    this.kinds[input.kind] = (this.kinds[input.kind] ?? 0) + 1;
    this.counts[result.outcome] = (this.counts[result.outcome] ?? 0) + 1;
    if (result.cross) this.cross[result.cross] = (this.cross[result.cross] ?? 0) + 1;
    if (result.failure) {
      this.failures[result.failure] = (this.failures[result.failure] ?? 0) + 1;
      this.examples[result.failure] ??= { seed, index, kind: input.kind, detail: result.detail,
        input: input.bytes ? Buffer.from(input.bytes).toString('hex') : JSON.stringify(input.list) };
    }
  }
  merge(other) {
    for (const key of ['counts', 'cross', 'failures', 'kinds']) {
      for (const [k, v] of Object.entries(other[key])) this[key][k] = (this[key][k] ?? 0) + v;
    }
    for (const [k, v] of Object.entries(other.examples)) this.examples[k] ??= v;
  }
}
