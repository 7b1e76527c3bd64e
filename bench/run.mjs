// The benchmark harness (`npm run bench`). Discovers the benchmark modules in bench/ (any
// bench/*.mjs exporting `run(opts)`), runs them one after another in this process, and writes
// bench/results/<date>.json (machine info and every row), <date>.md (Markdown tables) and one
// SVG bar chart per benchmark (<date>-<name>.svg), plus a PNG of each when rsvg-convert is
// installed. A module's run() resolves to { name, title, unit, rows: [{ subject, mix, value,
// ratio? }], notes } or an array of them. Running a subset on a day that already has results
// replaces those benchmarks in the day's files and keeps the others.
// Usage: npm run bench [-- [--quick] [name ...]]   e.g. npm run bench -- --quick parser
//        npm run bench -- --charts   (redraw the day's charts from its JSON, running nothing)
import { readdirSync, readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { dirname, join, basename } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { machineInfo, dateStamp } from './lib/machine.mjs';
import { parseArgs } from './lib/measure.mjs';
import { describeResult, markdownTable } from './lib/table.mjs';
import { barChartSvg } from './lib/svg.mjs';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const RESULTS_DIR = join(BENCH_DIR, 'results');
/** Modules run first, in this order; any other discovered module follows alphabetically. */
const PREFERRED_ORDER = ['parser', 'chunked-encode', 'hpack', 'http1', 'http2', 'ws'];

/** bench/*.mjs files other than this one, ordered. */
function benchmarkFiles() {
  const names = readdirSync(BENCH_DIR)
    .filter((file) => file.endsWith('.mjs') && file !== 'run.mjs')
    .map((file) => basename(file, '.mjs'));
  const rank = (name) => {
    const i = PREFERRED_ORDER.indexOf(name);
    return i === -1 ? PREFERRED_ORDER.length : i;
  };
  return names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

function readExisting(jsonPath) {
  if (!existsSync(jsonPath)) return null;
  try {
    return JSON.parse(readFileSync(jsonPath, 'utf8'));
  } catch {
    return null;
  }
}

function markdownReport(report) {
  const m = report.machine;
  const lines = [
    `# Benchmarks, ${report.date}`,
    '',
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB; Node ${m.node} (V8 ${m.v8}); ${m.platform}; `
    + `load average at the start of the last run ${m.loadAverage.join(' / ')}.${report.quick ? ' Quick run (short timings).' : ''}`,
    '',
  ];
  for (const result of report.benchmarks) {
    lines.push(`## ${result.title}`, '');
    lines.push(`Unit: ${result.unit}${result.anchor ? `; ratios against ${result.anchor}, measured in the same run` : ''}. `
      + `Chart: [${result.chart}](${result.chart}). Module: bench/${result.module}.mjs, ${result.seconds} s`
      + `${result.loadAtStart ? `, run at ${result.date} with load average ${result.loadAtStart.join(' / ')}` : ''}.`, '');
    lines.push(markdownTable(result), '');
    for (const note of result.notes ?? []) lines.push(`- ${note}`);
    lines.push('');
  }
  for (const failure of report.failures ?? []) lines.push(`- bench/${failure.module}.mjs failed: ${failure.error}`);
  return `${lines.join('\n').trimEnd()}\n`;
}

/** Renders the SVG to PNG next to it when a real converter is installed; returns the path or null. */
function renderPng(svgPath) {
  const probe = spawnSync('rsvg-convert', ['--version'], { encoding: 'utf8' });
  if (probe.status !== 0) return null;
  const pngPath = svgPath.replace(/\.svg$/, '.png');
  const done = spawnSync('rsvg-convert', ['-o', pngPath, svgPath]);
  return done.status === 0 ? pngPath : null;
}

/** Redraws every chart of the day's JSON (after a change to the renderer). */
function redrawCharts(date) {
  const report = readExisting(join(RESULTS_DIR, `${date}.json`));
  if (!report) throw new Error(`no bench/results/${date}.json`);
  for (const result of report.benchmarks) {
    const svgPath = join(RESULTS_DIR, result.chart);
    writeFileSync(svgPath, barChartSvg({ ...result, date }));
    renderPng(svgPath);
  }
  console.error(`bench: redrew ${report.benchmarks.length} chart(s) of ${date}`);
  return 0;
}

export async function main(argv) {
  const opts = parseArgs(argv);
  const wanted = opts._;
  const date = dateStamp();
  if (opts.charts) return redrawCharts(typeof opts.charts === 'string' ? opts.charts : date);
  const machine = machineInfo();
  mkdirSync(RESULTS_DIR, { recursive: true });
  const jsonPath = join(RESULTS_DIR, `${date}.json`);
  const previous = readExisting(jsonPath);
  const benchmarks = [];
  const failures = [];

  for (const file of benchmarkFiles()) {
    if (wanted.length && !wanted.includes(file)) continue;
    const module = await import(pathToFileURL(join(BENCH_DIR, `${file}.mjs`)).href);
    if (typeof module.run !== 'function') continue;
    console.error(`bench: running ${file}`);
    const started = Date.now();
    const loadAtStart = loadavg().map((value) => Math.round(value * 100) / 100);
    try {
      const output = await module.run({ quick: Boolean(opts.quick), log: (line) => console.error(`  ${line}`) });
      for (const result of [output].flat()) {
        const seconds = Math.round((Date.now() - started) / 100) / 10;
        const chart = `${date}-${result.name}.svg`;
        const entry = { module: file, seconds, chart, quick: Boolean(opts.quick), date: machine.date, loadAtStart, ...result };
        writeFileSync(join(RESULTS_DIR, chart), barChartSvg({ ...entry, date }));
        const png = renderPng(join(RESULTS_DIR, chart));
        if (png) entry.png = basename(png);
        benchmarks.push(entry);
        console.log(`\n${describeResult(entry)}\n`);
      }
    } catch (error) {
      console.error(`bench: ${file} failed: ${error.stack ?? error}`);
      failures.push({ module: file, error: String(error.message ?? error) });
    }
  }
  if (wanted.length && benchmarks.length === 0 && failures.length === 0) {
    throw new Error(`no benchmark module named ${wanted.join(', ')} in bench/`);
  }

  const kept = (previous?.benchmarks ?? []).filter((old) => !benchmarks.some((b) => b.name === old.name));
  const report = {
    date, quick: Boolean(opts.quick), machine,
    benchmarks: [...kept, ...benchmarks],
    failures,
  };
  writeFileSync(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(RESULTS_DIR, `${date}.md`), markdownReport(report));
  console.error(`bench: wrote bench/results/${date}.json, ${date}.md and ${benchmarks.length} chart(s)`);
  return failures.length ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2));
}
