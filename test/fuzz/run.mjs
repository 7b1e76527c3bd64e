// Differential fuzzer (`npm run fuzz`): Windhover's HTTP/1 request parser against llhttp as
// node:http runs it, on generated, mutated and random inputs. The work runs in a worker
// thread watched from here: if one input stops making progress for --hang-ms, the worker is
// terminated, that input is recorded as a hang (rebuilt from seed and index) and a new worker
// resumes after it. Prints counts per class with one hex-escaped example each and writes
// .fuzz/report-<seed>.json.
// Usage: node test/fuzz/run.mjs [--count N] [--seed S] [--time-limit SECONDS]
//          [--subject windhover|llhttp-wasm] [--hang-ms MS] [--classes-md]
import { Worker } from 'node:worker_threads';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { loadavg } from 'node:os';
import { Tally, buildInput, BUG_CLASSES } from './lib/engine.mjs';
import { hexEscape } from './lib/compare.mjs';
import { loadSeeds } from './lib/seeds.mjs';
import { KNOWN_CLASSES, knownClassesMarkdown } from './lib/known-classes.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');

function parseOptions(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i++) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!match) throw new Error(`unexpected argument ${argv[i]}`);
    const [, name, inline] = match;
    if (name === 'classes-md') options.classesMd = true;
    else options[name.replace(/-([a-z])/g, (_, c) => c.toUpperCase())] = inline ?? argv[++i];
  }
  return {
    count: Number(options.count ?? 1_000_000),
    seed: options.seed === undefined ? (Date.now() % 2 ** 31) : Number(options.seed),
    timeLimit: options.timeLimit === undefined ? Infinity : Number(options.timeLimit),
    subject: options.subject ?? 'windhover',
    hangMs: Number(options.hangMs ?? 5000),
    timeBoundMs: Number(options.timeBoundMs ?? 250),
    classesMd: Boolean(options.classesMd),
  };
}

/** Runs inputs [start, count) in a worker; resolves when done, on a hang, or at the deadline. */
function runWorker(options, start, skip, deadline, onBatch) {
  return new Promise((resolve, reject) => {
    const progress = new SharedArrayBuffer(4);
    const current = new Int32Array(progress);
    Atomics.store(current, 0, start);
    const worker = new Worker(join(HERE, 'worker.mjs'), {
      workerData: {
        seed: options.seed, start, end: options.count, subjectName: options.subject, timeBoundMs: options.timeBoundMs,
        progress, skip, batch: 2000, memoryEvery: 20000,
      },
    });
    let done = start;
    let lastIndex = start;
    let lastChange = Date.now();
    const timer = setInterval(() => {
      const index = Atomics.load(current, 0);
      if (index !== lastIndex) {
        lastIndex = index;
        lastChange = Date.now();
      } else if (Date.now() - lastChange > options.hangMs) {
        finish({ done, hungAt: index });
      }
      if (Date.now() > deadline) finish({ done, stopped: 'time-limit' });
    }, 250);
    let settled = false;
    const finish = (result) => {
      if (settled) return;
      settled = true;
      clearInterval(timer);
      worker.terminate().then(() => resolve(result), () => resolve(result));
    };
    worker.on('message', (message) => {
      done = message.done;
      onBatch(message);
    });
    worker.on('error', (error) => {
      if (!settled) {
        settled = true;
        clearInterval(timer);
        reject(error);
      }
    });
    worker.on('exit', () => finish({ done }));
  });
}

function printSummary(report) {
  const { tally } = report;
  const keys = Object.keys(tally.counts).sort((a, b) => tally.counts[b] - tally.counts[a]);
  console.log(`\nDifferential fuzz: ${report.subject} vs llhttp (node:http defaults), seed ${report.seed}, `
    + `${tally.total.toLocaleString('en-US')} inputs in ${report.seconds} s${report.stopped ? ` (stopped: ${report.stopped})` : ''}`);
  console.log(`seeds: ${report.seedSource}; load average at start ${report.load}\n`);
  console.log('| class | count | explained |');
  console.log('|---|---:|---|');
  for (const key of keys) {
    const explained = BUG_CLASSES.includes(key) ? 'BUG' : tally.unexplained[key] ? `no (${tally.unexplained[key]})` : 'yes';
    console.log(`| ${key} | ${tally.counts[key].toLocaleString('en-US')} | ${explained} |`);
  }
  console.log('\nOne example per class (input hex-escaped; for a class with unexplained inputs, an unexplained one):');
  for (const key of keys) {
    const example = tally.unexplainedExamples[key] ?? tally.examples[key];
    console.log(`- ${key} (index ${example.index}): "${example.input.slice(0, 400)}${example.input.length > 400 ? '...' : ''}"`);
    if (example.detail && key !== 'same') console.log(`    ${JSON.stringify(example.detail).slice(0, 600)}`);
  }
  if (report.memory.length) {
    const first = report.memory[0];
    const last = report.memory.at(-1);
    const maxRss = Math.max(...report.memory.map((p) => p.rssMiB));
    console.log(`\nmemory: Wasm ${first.wasmBytes} -> ${last.wasmBytes} bytes; RSS ${first.rssMiB} -> ${last.rssMiB} MiB (max ${maxRss})`);
  }
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  if (options.classesMd) {
    console.log(knownClassesMarkdown());
    return 0;
  }
  const { source: seedSource } = loadSeeds();
  const started = Date.now();
  const deadline = started + options.timeLimit * 1000;
  const tally = new Tally();
  const memory = [];
  const load = loadavg()[0].toFixed(2);
  let start = 0;
  const skip = [];
  let stopped = null;
  let lastPrint = 0;
  while (start < options.count) {
    const result = await runWorker(options, start, skip, deadline, (message) => {
      const batch = Object.assign(new Tally(), message.tally);
      tally.merge(batch);
      memory.push(...message.memory);
      if (Date.now() - lastPrint > 10000) {
        lastPrint = Date.now();
        console.error(`fuzz: ${message.done.toLocaleString('en-US')} / ${options.count.toLocaleString('en-US')} inputs`);
      }
    });
    if (result.hungAt !== undefined) {
      const { bytes } = buildInput(options.seed, result.hungAt, loadSeeds().seeds);
      const hang = new Tally();
      hang.add(options.seed, result.hungAt, { key: 'hang', kind: 'rebuilt', known: false, bytes, detail: { hangMs: options.hangMs } });
      tally.merge(hang);
      console.error(`fuzz: input ${result.hungAt} did not finish in ${options.hangMs} ms: "${hexEscape(bytes).slice(0, 200)}"`);
      // Inputs between the last posted batch and the hung one are rerun; the hung one is skipped.
      skip.push(result.hungAt);
      start = result.done;
      continue;
    }
    if (result.stopped) {
      stopped = result.stopped;
      break;
    }
    start = result.done;
    if (result.done < options.count && !result.stopped) {
      throw new Error(`worker exited after ${result.done} inputs`);
    }
  }
  const report = {
    subject: options.subject, seed: options.seed, count: options.count, seconds: Math.round((Date.now() - started) / 100) / 10,
    stopped, seedSource, load, knownClasses: KNOWN_CLASSES.map(({ key, rfc, why }) => ({ key, rfc, why })), tally, memory,
  };
  printSummary(report);
  const dir = join(ROOT, '.fuzz');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `report-${options.seed}.json`);
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nreport: ${path}`);
  const bugs = Object.keys(tally.counts).filter((key) => BUG_CLASSES.includes(key));
  const unexplained = Object.keys(tally.unexplained);
  return bugs.length || unexplained.length ? 1 : 0;
}

process.exitCode = await main();
