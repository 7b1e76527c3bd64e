// HPACK fuzzer (`npm run fuzz:hpack`): mutated corpus blocks, random and structured blocks
// and random header lists through windhover/hpack, cross-checked against hpack.js (see
// hpack-engine.mjs). Runs in a worker watched from here: an input that makes no progress for
// --hang-ms is recorded as a hang and the run resumes after it. Fails (exit 1) on any trap,
// non-HpackError exception, mismatch, hang, or memory growth past the bound: Wasm memory
// above --max-memory-mb, or heap use still growing after the warm-up (first 5%).
// Usage: node test/fuzz/hpack-fuzz.mjs [--count N] [--seed S] [--hang-ms MS]
//          [--max-memory-mb MB] [--wasm build/hpack.debug.wasm]
import { Worker } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { Tally, FAILURE_CLASSES } from './hpack-engine.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));

function options(argv) {
  const o = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m) throw new Error(`unexpected argument ${argv[i]}`);
    o[m[1].replace(/-([a-z])/g, (_, c) => c.toUpperCase())] = m[2] ?? argv[++i];
  }
  return {
    count: Number(o.count ?? 1_000_000),
    seed: o.seed === undefined ? Date.now() % 2 ** 31 : Number(o.seed),
    hangMs: Number(o.hangMs ?? 5000),
    maxMemoryMb: Number(o.maxMemoryMb ?? 64),
    wasm: o.wasm,
  };
}

function runWorker(opts, start, onBatch) {
  return new Promise((resolve, reject) => {
    const progress = new SharedArrayBuffer(4);
    const current = new Int32Array(progress);
    const wasm = opts.wasm ? readFileSync(opts.wasm) : undefined;
    const worker = new Worker(join(HERE, 'hpack-fuzz-worker.mjs'), {
      workerData: { seed: opts.seed, start, end: opts.count, progress, batch: 5000, wasm },
    });
    let last = start;
    let since = Date.now();
    const timer = setInterval(() => {
      const index = Atomics.load(current, 0);
      if (index !== last) { last = index; since = Date.now(); return; }
      if (Date.now() - since > opts.hangMs) {
        clearInterval(timer);
        worker.terminate().then(() => resolve({ hang: index }));
      }
    }, 200);
    worker.on('message', onBatch);
    worker.on('error', (error) => { clearInterval(timer); reject(error); });
    worker.on('exit', () => { clearInterval(timer); resolve({ done: true }); });
  });
}

async function main() {
  const opts = options(process.argv.slice(2));
  console.log(`hpack fuzz: seed ${opts.seed}, ${opts.count} inputs${opts.wasm ? `, ${opts.wasm}` : ''}`);
  const tally = new Tally();
  const started = Date.now();
  let done = 0;
  let baseline = null;
  let peak = { heap: 0, memory: 0 };
  let grew = null;
  const warmup = Math.max(5000, Math.floor(opts.count * 0.05));
  const onBatch = (msg) => {
    tally.merge(msg.tally);
    done = msg.done;
    peak = { heap: Math.max(peak.heap, msg.memory.heap), memory: Math.max(peak.memory, msg.memory.memory) };
    if (done >= warmup && baseline === null) baseline = msg.memory;
    if (baseline && msg.memory.heap > baseline.heap && !grew) grew = { at: done, ...msg.memory };
    if (done % 100000 < 5000) {
      const rate = Math.round(done / ((Date.now() - started) / 1000));
      console.log(`  ${done} inputs, ${rate}/s, heap ${(msg.memory.heap / 1048576).toFixed(1)} MiB`);
    }
  };
  let start = 0;
  while (start < opts.count) {
    const result = await runWorker(opts, start, onBatch);
    if (!result.hang) break;
    tally.failures.hang = (tally.failures.hang ?? 0) + 1;
    tally.examples.hang ??= { seed: opts.seed, index: result.hang };
    start = result.hang + 1;
  }
  const seconds = (Date.now() - started) / 1000;
  if (peak.memory > opts.maxMemoryMb * 1048576) {
    tally.failures['memory-growth'] = 1;
    tally.examples['memory-growth'] = { detail: `Wasm memory reached ${peak.memory} octets` };
  } else if (grew) {
    tally.failures['memory-growth'] = 1;
    tally.examples['memory-growth'] = { detail: `heap grew after warm-up: ${JSON.stringify(grew)} from ${JSON.stringify(baseline)}` };
  }
  const total = Object.values(tally.kinds).reduce((a, b) => a + b, 0);
  console.log(`\n${total} inputs in ${seconds.toFixed(1)} s (${Math.round(total / seconds)}/s); by kind: ${JSON.stringify(tally.kinds)}`);
  console.log('outcomes:');
  for (const [k, v] of Object.entries(tally.counts).sort((a, b) => b[1] - a[1])) console.log(`  ${k.padEnd(34)} ${v}`);
  console.log(`cross-check with hpack.js on blocks a fresh decoder accepted: ${JSON.stringify(tally.cross)}`);
  console.log(`memory: peak Wasm memory ${(peak.memory / 1048576).toFixed(1)} MiB, peak heap ${(peak.heap / 1048576).toFixed(1)} MiB` +
    (baseline ? `, heap after warm-up ${(baseline.heap / 1048576).toFixed(1)} MiB` : ''));
  const failed = FAILURE_CLASSES.filter((c) => tally.failures[c]);
  for (const c of failed) console.log(`FAIL ${c}: ${tally.failures[c]}; first: ${JSON.stringify(tally.examples[c]).slice(0, 2000)}`);
  console.log(failed.length ? `hpack fuzz: FAILED (${failed.join(', ')})` : 'hpack fuzz: no failures');
  process.exitCode = failed.length ? 1 : 0;
}

await main();
