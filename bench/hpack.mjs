// HPACK benchmark: windhover/hpack against hpack.js on the hpack-test-case stories
// (test/fixtures/hpack), in one run. Same contract for both (bench/hpack-subjects.mjs):
// decoding yields every name and value as a JavaScript string; encoding takes strings and
// yields one block of octets per header list; one context per story. Mixes: decoding the
// wires of three encoders (nghttp2: Huffman when shorter + dynamic table; go-hpack: Huffman
// literals, no table; haskell-http2-linear: raw strings + dynamic table) and encoding the
// raw-data lists. Each subject is timed on each mix in its own worker (bench/hpack-worker.mjs)
// so that neither library's JIT state depends on the other's or on the other mixes; the
// rounds interleave the subjects of a mix, order rotating; the figure is the median.
// Usage: node bench/hpack.mjs [--quick] [--rounds N] [--min-ms MS]
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { loadavg } from 'node:os';
import { ANCHOR, mixes } from './hpack-subjects.mjs';
import { median, roundOrder, parseArgs } from './lib/measure.mjs';
import { describeResult } from './lib/table.mjs';

const FULL = { rounds: 7, minMs: 300, warmupMs: 500 };
const QUICK = { rounds: 3, minMs: 80, warmupMs: 150 };
const TARGET_RATIO = 5;

/** A worker timing one subject on one mix (bench/hpack-worker.mjs). */
function startCell(mix, subject, warmupMs) {
  const worker = new Worker(new URL('./hpack-worker.mjs', import.meta.url), {
    workerData: { mixId: mix.id, subjectName: subject.name, warmupMs },
  });
  let pending = null;
  worker.on('message', (msg) => { const resolve = pending; pending = null; resolve?.(msg); });
  worker.on('error', (error) => { const resolve = pending; pending = null; resolve?.({ error }); });
  const next = () => new Promise((resolve) => { pending = resolve; });
  const ready = next();
  return {
    ready,
    async measure(ms) {
      const reply = next();
      worker.postMessage({ measureMs: ms });
      const msg = await reply;
      if (msg.error) throw msg.error;
      return msg.rate;
    },
    stop: () => worker.terminate(),
  };
}

export async function run(opts = {}) {
  const base = opts.quick ? QUICK : FULL;
  const settings = { rounds: Number(opts.rounds ?? base.rounds), minMs: Number(opts.minMs ?? base.minMs), warmupMs: base.warmupMs };
  const log = opts.log ?? (() => {});
  const load = loadavg()[0].toFixed(2);
  const all = mixes();
  const samples = new Map();
  for (const mix of all) {
    // One worker per subject, started one after another (two cores, shared).
    const cells = [];
    for (const subject of mix.subjects) {
      const cell = startCell(mix, subject, settings.warmupMs);
      const ready = await cell.ready;
      if (ready.error) throw ready.error;
      cells.push({ subject, cell, samples: [] });
    }
    for (let round = 0; round < settings.rounds; round++) {
      for (const entry of roundOrder(cells, round)) entry.samples.push(await entry.cell.measure(settings.minMs));
    }
    for (const entry of cells) {
      samples.set(`${entry.subject.name}|${mix.id}`, entry.samples);
      await entry.cell.stop();
    }
    log(`hpack: ${mix.id} done`);
  }
  const rows = [];
  const mbRows = [];
  for (const mix of all) {
    const anchor = median(samples.get(`${ANCHOR}|${mix.id}`));
    const perField = mix.octets / mix.fields;
    for (const subject of mix.subjects) {
      const cellSamples = samples.get(`${subject.name}|${mix.id}`);
      const value = median(cellSamples);
      const row = {
        subject: subject.name, mix: mix.id, value, ratio: value / anchor,
        min: Math.min(...cellSamples), max: Math.max(...cellSamples), lazy: Boolean(subject.lazy),
      };
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
    `MB/s counts name + value octets of the header lists. Mixes: ${all.map((m) => `${m.id} = ${m.stories.length} stories, ${m.fields} fields, ${m.octets} octets${m.wire ? `, ${m.wire} wire octets` : ''}`).join('; ')}.`,
    `Each subject runs on each mix in its own worker (its own isolate, so its code is optimised for that job alone); median of ${settings.rounds} rounds of >= ${settings.minMs} ms each after ${settings.warmupMs} ms warm-up, one worker timing at a time, order rotating per round. 1-minute load average at start: ${load}.`,
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
