// HTTP/1.1 request parser benchmark: every driver in bench/parsers on every mix in one
// process, side by side. Each driver is first checked for correctness on each mix (messages,
// fields, body), then warmed up, then timed over several rounds whose driver order rotates
// and reverses; the figure is the median requests/s and the ratio to llhttp native measured
// in the same run. `--rss` instead pushes 10 million requests through Windhover and prints
// the resident-set curve. Usage: node bench/parser.mjs [--quick] [--rss [--requests N]]
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { loadavg } from 'node:os';
import { parserMixes } from './parsers/mixes.mjs';
import { CountingSink, verifyDriver } from './parsers/sink.mjs';
import { ANCHOR_ID, loadDrivers } from './parsers/index.mjs';
import { calibrate, median, measureRate, roundOrder, parseArgs, formatCount } from './lib/measure.mjs';
import { describeResult } from './lib/table.mjs';

const FULL = { rounds: 7, minMs: 250, warmupMs: 400 };
const QUICK = { rounds: 3, minMs: 60, warmupMs: 100 };
const TARGET_RATIO = 1.5;

function settingsFrom(opts) {
  const base = opts.quick ? QUICK : FULL;
  return {
    rounds: Number(opts.rounds ?? base.rounds),
    minMs: Number(opts.minMs ?? base.minMs),
    warmupMs: base.warmupMs,
  };
}

/** Sanity check after timing: every counted message carried the expected fields and body. */
function checkCounts(cell, driver, mix) {
  const { sink } = cell;
  const { request } = mix.expected;
  const perMessage = request.headers.length;
  if (sink.messages === 0 || sink.headers !== sink.messages * perMessage
    || sink.bodyBytes !== sink.messages * request.body.length) {
    throw new Error(`${driver.name} on ${mix.id}: ${sink.messages} messages, ${sink.headers} fields, `
      + `${sink.bodyBytes} body bytes during timing`);
  }
}

export async function run(opts = {}) {
  const settings = settingsFrom(opts);
  const log = opts.log ?? (() => {});
  const { drivers, notes } = await loadDrivers();
  const mixes = parserMixes();
  const load = loadavg()[0].toFixed(2);

  for (const driver of drivers) {
    for (const mix of mixes) verifyDriver(driver.create, mix, { lazy: driver.lazy });
  }
  log(`parser: ${drivers.length} drivers verified on ${mixes.length} mixes`);

  const cells = new Map();
  for (const driver of drivers) {
    for (const mix of mixes) {
      const sink = new CountingSink();
      const parser = driver.create(sink);
      const step = () => parser.parse(mix.buffer);
      const cell = { sink, step, batch: calibrate(step), samples: [] };
      measureRate(step, cell.batch, settings.warmupMs);
      cells.set(`${driver.id}|${mix.id}`, cell);
    }
  }

  for (let round = 0; round < settings.rounds; round++) {
    for (const [index, mix] of mixes.entries()) {
      for (const driver of roundOrder(drivers, round + index)) {
        const cell = cells.get(`${driver.id}|${mix.id}`);
        cell.samples.push(measureRate(cell.step, cell.batch, settings.minMs));
      }
    }
    log(`parser: round ${round + 1}/${settings.rounds} done`);
  }

  const rows = [];
  for (const mix of mixes) {
    const anchor = median(cells.get(`${ANCHOR_ID}|${mix.id}`).samples);
    for (const driver of drivers) {
      const cell = cells.get(`${driver.id}|${mix.id}`);
      checkCounts(cell, driver, mix);
      const value = median(cell.samples);
      rows.push({
        subject: driver.name, mix: mix.id, value, ratio: value / anchor,
        min: Math.min(...cell.samples), max: Math.max(...cell.samples), lazy: Boolean(driver.lazy),
      });
    }
  }

  const eager = rows.filter((row) => /^windhover/.test(drivers.find((d) => d.name === row.subject).id) && !row.lazy);
  if (eager.length) {
    const worst = Math.min(...eager.map((row) => row.ratio));
    notes.push(`Target: Windhover (eager) >= ${TARGET_RATIO}x llhttp native on every mix; worst mix here ${worst.toFixed(2)}x `
      + `(${worst >= TARGET_RATIO ? 'met' : 'not met'}).`);
  }
  for (const driver of drivers) if (driver.note) notes.push(driver.note);
  notes.push(
    'Every driver hands JS the method, the target and every field name and value as strings; bodies as bytes. '
    + '"lazy" rows make strings for method and target only and are not comparable to the eager rows.',
    `Median of ${settings.rounds} rounds of >= ${settings.minMs} ms each after ${settings.warmupMs} ms warm-up; `
    + `driver order rotates per round. 1-minute load average at start: ${load}.`,
    `Mixes: ${mixes.map((mix) => `${mix.id} = ${mix.title} (${mix.requestBytes} B per request)`).join('; ')}.`,
  );
  return {
    name: 'parser',
    title: 'HTTP/1.1 request parsing, in process',
    unit: 'requests/s',
    anchor: 'llhttp native',
    target: TARGET_RATIO,
    rows,
    notes,
  };
}

/** Pushes `requests` requests through one driver, cycling the pipelined mixes, sampling RSS. */
export async function runRss(opts = {}) {
  const total = Number(opts.requests ?? 10_000_000);
  const points = 10;
  const { drivers } = await loadDrivers();
  const driver = drivers.find((d) => d.id === (opts.driver ?? 'windhover'));
  if (!driver) throw new Error(`no driver ${opts.driver ?? 'windhover'} (is the parser built?)`);
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc');
  const mixes = parserMixes().filter((mix) => mix.depth > 1);
  const sink = new CountingSink();
  const parser = driver.create(sink);
  const samples = [];
  const sample = (done) => {
    gc();
    const usage = process.memoryUsage();
    samples.push({
      requests: done, rssMiB: usage.rss / 2 ** 20, heapUsedMiB: usage.heapUsed / 2 ** 20,
      wasmBytes: parser.memoryBytes?.() ?? null,
    });
  };
  for (let i = 0; i < 20_000; i++) parser.parse(mixes[i % mixes.length].buffer);
  let done = 0;
  sample(0);
  const start = Date.now();
  for (let point = 1; point <= points; point++) {
    const goal = Math.round((total * point) / points);
    for (let i = 0; done < goal; i++) done += parser.parse(mixes[i % mixes.length].buffer);
    sample(done);
  }
  const seconds = (Date.now() - start) / 1000;
  if (sink.messages !== done + 20_000 * 16) throw new Error(`sink saw ${sink.messages} messages, parse() said ${done}`);
  return { driver: driver.name, requests: done, seconds, samples };
}

function printRss(result) {
  console.log(`RSS after ${formatCount(result.requests)} requests through ${result.driver} `
    + `(${result.seconds.toFixed(1)} s; gc forced before each sample)`);
  console.log('| requests | RSS MiB | JS heap used MiB | Wasm memory bytes |');
  console.log('|---:|---:|---:|---:|');
  for (const s of result.samples) {
    console.log(`| ${formatCount(s.requests)} | ${s.rssMiB.toFixed(1)} | ${s.heapUsedMiB.toFixed(1)} | ${s.wasmBytes ?? 'n/a'} |`);
  }
  // The heap and RSS settle during the first couple of million requests; growth is judged after that.
  const settled = result.samples.slice(Math.min(2, result.samples.length - 1));
  const rss = settled.map((s) => s.rssMiB);
  console.log(`\nFrom ${formatCount(settled[0].requests)} to ${formatCount(settled.at(-1).requests)} requests: RSS between `
    + `${Math.min(...rss).toFixed(1)} and ${Math.max(...rss).toFixed(1)} MiB, change ${(rss.at(-1) - rss[0]).toFixed(1)} MiB; `
    + `Wasm memory ${new Set(result.samples.map((s) => s.wasmBytes)).size === 1 ? 'constant' : 'changed'}.`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.rss) {
    printRss(await runRss(opts));
  } else {
    const result = await run({ ...opts, log: (line) => console.error(line) });
    console.log(describeResult(result));
  }
}
