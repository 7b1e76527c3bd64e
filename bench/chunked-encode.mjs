// Chunked encoding of response bodies (RFC 9112 §7.1: chunk = chunk-size CRLF chunk-data
// CRLF), JavaScript against the Wasm helper, so the server keeps whichever is faster. Every
// strategy turns one body into what a socket write needs, either one framed Buffer or a
// writev list, and every strategy's output is checked byte for byte before timing. The Wasm
// strategies pay for copying the body into linear memory and the framed bytes back out,
// because the server would have to.
// Usage: node bench/chunked-encode.mjs [--quick]
import { pathToFileURL } from 'node:url';
import { loadavg } from 'node:os';
import { calibrate, median, measureRate, roundOrder, parseArgs } from './lib/measure.mjs';
import { describeResult } from './lib/table.mjs';
import { wasmStrategies } from './lib/chunked-wasm.mjs';

const SIZES = [16, 1024, 16 * 1024, 64 * 1024];
const CRLF = Buffer.from('\r\n', 'latin1');
const HEX = Buffer.from('0123456789abcdef', 'latin1');

/** The expected encoding, built the slow, obvious way. */
function reference(body) {
  return Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`, 'latin1'), body, CRLF]);
}

/** Writes the hex size and CRLF at `at`; returns the end offset. */
function writeHead(target, at, size) {
  let digits = 1;
  while (size >>> (digits * 4) !== 0 && digits < 8) digits++;
  for (let i = digits - 1; i >= 0; i--) target[at++] = HEX[(size >>> (i * 4)) & 15];
  target[at++] = 13;
  target[at++] = 10;
  return at;
}

/** What node:http does: the size line as a fresh string-backed Buffer, writev'd with the body. */
const jsStringList = {
  id: 'js-string-list',
  name: 'JS: size string + writev list',
  encode(body) {
    return [Buffer.from(`${body.length.toString(16)}\r\n`, 'latin1'), body, CRLF];
  },
};

/** One allocation holding the whole framed chunk; the body is copied in. */
const jsOneBuffer = {
  id: 'js-one-buffer',
  name: 'JS: one framed Buffer',
  encode(body) {
    const out = Buffer.allocUnsafe(body.length + 12);
    const at = writeHead(out, 0, body.length);
    out.set(body, at);
    out[at + body.length] = 13;
    out[at + body.length + 1] = 10;
    return out.subarray(0, at + body.length + 2);
  },
};

/** Size line written into a reused slab (no allocation per chunk), writev'd with the body. */
function jsSlabList() {
  const slab = Buffer.allocUnsafe(64 * 1024);
  let used = 0;
  return {
    id: 'js-slab-list',
    name: 'JS: size line in slab + writev list',
    encode(body) {
      if (used + 16 > slab.length) used = 0;
      const start = used;
      used = writeHead(slab, used, body.length);
      return [slab.subarray(start, used), body, CRLF];
    },
  };
}

function flatten(output) {
  return Array.isArray(output) ? Buffer.concat(output) : Buffer.from(output);
}

function byteCount(output) {
  if (!Array.isArray(output)) return output.length;
  let n = 0;
  for (const part of output) n += part.length;
  return n;
}

export async function run(opts = {}) {
  const quick = Boolean(opts.quick);
  const rounds = quick ? 3 : 7;
  const minMs = quick ? 50 : 200;
  const load = loadavg()[0].toFixed(2);
  const { strategies: wasm, note } = await wasmStrategies();
  const strategies = [jsStringList, jsOneBuffer, jsSlabList(), ...wasm];
  const bodies = SIZES.map((size) => {
    const body = Buffer.allocUnsafe(size);
    for (let i = 0; i < size; i++) body[i] = 97 + (i % 26);
    return body;
  });
  for (const strategy of strategies) {
    for (const body of bodies) {
      const got = flatten(strategy.encode(body));
      if (!got.equals(reference(body))) throw new Error(`${strategy.name}: wrong encoding of ${body.length} bytes`);
    }
  }
  const cells = new Map();
  for (const strategy of strategies) {
    for (const body of bodies) {
      const step = () => (byteCount(strategy.encode(body)) > 0 ? 1 : 0);
      const cell = { step, batch: calibrate(step), samples: [] };
      measureRate(step, cell.batch, minMs);
      cells.set(`${strategy.id}|${body.length}`, cell);
    }
  }
  for (let round = 0; round < rounds; round++) {
    for (const [index, body] of bodies.entries()) {
      for (const strategy of roundOrder(strategies, round + index)) {
        const cell = cells.get(`${strategy.id}|${body.length}`);
        cell.samples.push(measureRate(cell.step, cell.batch, minMs));
      }
    }
  }
  const rows = [];
  for (const body of bodies) {
    const anchor = median(cells.get(`${jsStringList.id}|${body.length}`).samples);
    for (const strategy of strategies) {
      const value = median(cells.get(`${strategy.id}|${body.length}`).samples);
      rows.push({ subject: strategy.name, mix: `${body.length} B body`, value, ratio: value / anchor });
    }
  }
  const notes = [
    'chunks/s for one chunk = hex size CRLF body CRLF; output is either one Buffer or a writev list (the body itself is never copied in list strategies).',
    'The slab strategy is only safe if a slab region is not reused before the socket has written it; a server must track that.',
    'Wasm strategies include copying the body into Wasm memory and the framed bytes (or the size line) back out.',
    `Median of ${rounds} rounds of >= ${minMs} ms; order rotates per round. 1-minute load average at start: ${load}.`,
  ];
  if (note) notes.push(note);
  return { name: 'chunked-encode', title: 'Chunked encoding of one response chunk', unit: 'chunks/s', anchor: jsStringList.name, rows, notes };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(describeResult(await run(parseArgs(process.argv.slice(2)))));
}
