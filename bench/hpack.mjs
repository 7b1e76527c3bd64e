// HPACK benchmark: windhover/hpack against hpack.js, side by side in one process, on the
// hpack-test-case stories (test/fixtures/hpack). Same contract for both: decoding yields
// every name and value as a JavaScript string; encoding takes strings and yields one block
// of octets per header list. One context per story (a connection), created inside the timed
// step for both. Mixes: decoding the wires of three encoders (nghttp2: Huffman when shorter
// + dynamic table; go-hpack: Huffman literals, no table; haskell-http2-linear: raw strings +
// dynamic table) and encoding the raw-data lists. Every subject is checked for correct
// output before timing. Rounds rotate the subject order; the figure is the median.
// Usage: node bench/hpack.mjs [--quick] [--rounds N] [--min-ms MS]
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { HpackDecoder, HpackEncoder } from '../dist/bindings/hpack/index.js';
import { corpus, fromHex } from '../test/hpack/helpers.mjs';
import { calibrate, median, measureRate, roundOrder, parseArgs } from './lib/measure.mjs';
import { describeResult } from './lib/table.mjs';

const hpackjs = createRequire(import.meta.url)('hpack.js');
const FULL = { rounds: 7, minMs: 300, warmupMs: 500 };
const QUICK = { rounds: 3, minMs: 80, warmupMs: 150 };
const TARGET_RATIO = 5;
const ANCHOR = 'hpack.js 2.1.6';
const DECODE_DIRS = ['nghttp2', 'go-hpack', 'haskell-http2-linear'];

/** Decoding subjects: each `story(blocks)` decodes one story with a fresh context, returns [fields, octets]. */
const decoders = [
  {
    name: 'windhover',
    story(blocks) {
      const decoder = new HpackDecoder();
      let fields = 0;
      let octets = 0;
      for (const block of blocks) {
        const list = decoder.decode(block);
        fields += list.length;
        for (const [name, value] of list) octets += name.length + value.length;
      }
      decoder.dispose();
      return [fields, octets];
    },
  },
  {
    name: ANCHOR,
    story(blocks) {
      const decompressor = hpackjs.decompressor.create({ table: { maxSize: 4096 } });
      let fields = 0;
      let octets = 0;
      for (const block of blocks) {
        decompressor.write(block);
        decompressor.execute();
        for (let h = decompressor.read(); h !== null; h = decompressor.read()) {
          fields++;
          octets += h.name.length + h.value.length;
        }
      }
      return [fields, octets];
    },
  },
  {
    name: 'windhover (lazy view, no strings)',
    lazy: true,
    story(blocks) {
      const decoder = new HpackDecoder();
      let fields = 0;
      let octets = 0;
      for (const block of blocks) {
        const view = decoder.decodeView(block);
        fields += view.count;
        for (let i = 0; i < view.count; i++) octets += view.nameId(i);
      }
      decoder.dispose();
      return [fields, octets];
    },
  },
];

/** Encoding subjects: `story(lists)` encodes one story with a fresh context, returns [fields, block octets]. */
const encoders = [
  {
    name: 'windhover',
    input: (list) => list,
    story(lists) {
      const encoder = new HpackEncoder();
      let fields = 0;
      let octets = 0;
      for (const list of lists) {
        octets += encoder.encode(list).length;
        fields += list.length;
      }
      encoder.dispose();
      return [fields, octets];
    },
  },
  {
    name: ANCHOR,
    input: (list) => list.map(([name, value]) => ({ name, value })),
    story(lists) {
      const compressor = hpackjs.compressor.create({ table: { maxSize: 4096 } });
      let fields = 0;
      let octets = 0;
      for (const list of lists) {
        compressor.write(list);
        octets += compressor.read().length;
        fields += list.length;
      }
      return [fields, octets];
    },
  },
];

/** Expected decode result of every story of `dir`, and the subjects' correctness check. */
function decodeMix(dir) {
  const { raw, encoded } = corpus();
  const stories = encoded.filter((s) => s.dir === dir && (s.cases[0].size ?? 4096) === 4096)
    .map((s) => ({ blocks: s.cases.map((c) => Buffer.from(fromHex(c.wire))), lists: raw[s.story].cases }));
  const fields = stories.reduce((n, s) => n + s.lists.reduce((m, l) => m + l.length, 0), 0);
  const octets = stories.reduce((n, s) => n + s.lists.reduce((m, l) => m + l.reduce((k, [a, b]) => k + a.length + b.length, 0), 0), 0);
  return { id: `decode ${dir}`, stories, fields, octets, wire: stories.reduce((n, s) => n + s.blocks.reduce((m, b) => m + b.length, 0), 0) };
}

function encodeMix() {
  const stories = Object.values(corpus().raw).map((s) => ({ lists: s.cases }));
  const fields = stories.reduce((n, s) => n + s.lists.reduce((m, l) => m + l.length, 0), 0);
  const octets = stories.reduce((n, s) => n + s.lists.reduce((m, l) => m + l.reduce((k, [a, b]) => k + a.length + b.length, 0), 0), 0);
  return { id: 'encode raw-data', stories, fields, octets };
}

/** A step cycling through the stories; returns fields handled. Checks a full pass first. */
function makeStep(subject, mix, encode) {
  const inputs = mix.stories.map((s) => (encode ? s.lists.map(subject.input) : s.blocks));
  let fields = 0;
  let octets = 0;
  for (const input of inputs) {
    const [f, o] = subject.story(input);
    fields += f;
    octets += o;
  }
  if (fields !== mix.fields) throw new Error(`${subject.name} on ${mix.id}: ${fields} fields, expected ${mix.fields}`);
  if (!encode && !subject.lazy && octets !== mix.octets) throw new Error(`${subject.name} on ${mix.id}: ${octets} octets, expected ${mix.octets}`);
  let next = 0;
  return () => {
    const input = inputs[next];
    next = next + 1 === inputs.length ? 0 : next + 1;
    return subject.story(input)[0];
  };
}

/** Checks outputs value by value (not only counts) once, outside the timing. */
function verifyDecoders(mix) {
  for (const story of mix.stories.slice(0, 4)) {
    const ours = new HpackDecoder();
    const theirs = hpackjs.decompressor.create({ table: { maxSize: 4096 } });
    story.blocks.forEach((block, i) => {
      const want = JSON.stringify(story.lists[i]);
      if (JSON.stringify(ours.decode(block)) !== want) throw new Error(`windhover differs on ${mix.id}`);
      theirs.write(block);
      theirs.execute();
      const got = [];
      for (let h = theirs.read(); h !== null; h = theirs.read()) got.push([h.name, h.value]);
      if (JSON.stringify(got) !== want) throw new Error(`hpack.js differs on ${mix.id}`);
    });
  }
}

export async function run(opts = {}) {
  const base = opts.quick ? QUICK : FULL;
  const settings = { rounds: Number(opts.rounds ?? base.rounds), minMs: Number(opts.minMs ?? base.minMs), warmupMs: base.warmupMs };
  const log = opts.log ?? (() => {});
  const load = loadavg()[0].toFixed(2);
  const mixes = [...DECODE_DIRS.map((dir) => ({ ...decodeMix(dir), subjects: decoders, encode: false })),
    { ...encodeMix(), subjects: encoders, encode: true }];
  const cells = new Map();
  for (const mix of mixes) {
    if (!mix.encode) verifyDecoders(mix);
    for (const subject of mix.subjects) {
      const step = makeStep(subject, mix, mix.encode);
      const cell = { step, batch: calibrate(step, 5), samples: [] };
      measureRate(step, cell.batch, settings.warmupMs);
      cells.set(`${subject.name}|${mix.id}`, cell);
    }
  }
  log(`hpack: ${mixes.length} mixes verified and warmed up`);
  for (let round = 0; round < settings.rounds; round++) {
    for (const [index, mix] of mixes.entries()) {
      for (const subject of roundOrder(mix.subjects, round + index)) {
        const cell = cells.get(`${subject.name}|${mix.id}`);
        cell.samples.push(measureRate(cell.step, cell.batch, settings.minMs));
      }
    }
    log(`hpack: round ${round + 1}/${settings.rounds} done`);
  }
  const rows = [];
  const mbRows = [];
  for (const mix of mixes) {
    const anchor = median(cells.get(`${ANCHOR}|${mix.id}`).samples);
    const perField = mix.octets / mix.fields;
    for (const subject of mix.subjects) {
      const samples = cells.get(`${subject.name}|${mix.id}`).samples;
      const value = median(samples);
      const row = { subject: subject.name, mix: mix.id, value, ratio: value / anchor, min: Math.min(...samples), max: Math.max(...samples), lazy: Boolean(subject.lazy) };
      rows.push(row);
      mbRows.push({ ...row, value: (value * perField) / 1e6, min: (row.min * perField) / 1e6, max: (row.max * perField) / 1e6 });
    }
  }
  const eager = rows.filter((r) => r.subject === 'windhover');
  const worst = Math.min(...eager.map((r) => r.ratio));
  const notes = [
    `Target: windhover >= ${TARGET_RATIO}x hpack.js for decoding and encoding on every mix; worst here ${worst.toFixed(2)}x (${worst >= TARGET_RATIO ? 'met' : 'not met'}).`,
    'Both subjects produce (decode) or take (encode) every name and value as a JavaScript string; one context per story, created in the timed step. '
    + 'The lazy row makes no strings (field count and static name ids only) and is not comparable.',
    `MB/s counts name + value octets of the header lists. Mixes: ${mixes.map((m) => `${m.id} = ${m.stories.length} stories, ${m.fields} fields, ${m.octets} octets${m.wire ? `, ${m.wire} wire octets` : ''}`).join('; ')}.`,
    `Median of ${settings.rounds} rounds of >= ${settings.minMs} ms each after ${settings.warmupMs} ms warm-up; subject order rotates per round. 1-minute load average at start: ${load}.`,
  ];
  return [
    { name: 'hpack', title: 'HPACK decoding and encoding, in process', unit: 'fields/s', anchor: ANCHOR, target: TARGET_RATIO, rows, notes },
    { name: 'hpack-mbps', title: 'HPACK decoding and encoding, in process (throughput)', unit: 'MB/s', anchor: ANCHOR, rows: mbRows, notes: notes.slice(1) },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const opts = parseArgs(process.argv.slice(2));
  for (const result of await run({ ...opts, log: (line) => console.error(line) })) {
    console.log(`${describeResult(result)}\n`);
  }
}
