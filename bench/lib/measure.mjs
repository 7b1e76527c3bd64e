// Timing helpers shared by the in-process benchmarks: a calibrated batch loop that reports a
// rate, the median, and the per-round driver order that spreads drift (thermal, GC, noisy
// neighbours on a shared machine) evenly over the subjects instead of penalising one.

const NS_PER_S = 1e9;

export function now() {
  return process.hrtime.bigint();
}

/** Median of a list of numbers (mean of the two middle ones for an even count). */
export function median(values) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * How many calls of `step` take about `targetMs`: starts at one call and doubles, so the
 * clock is read once per batch and not once per call.
 */
export function calibrate(step, targetMs = 2) {
  let batch = 1;
  for (;;) {
    const start = now();
    for (let i = 0; i < batch; i++) step();
    const elapsedMs = Number(now() - start) / 1e6;
    if (elapsedMs >= targetMs || batch >= 1 << 24) {
      return Math.max(1, Math.round((batch * targetMs) / Math.max(elapsedMs, 1e-3)));
    }
    batch *= 2;
  }
}

/**
 * Runs `step` in batches for at least `minMs` and returns units per second, where each call
 * of `step` returns the number of units (requests, bytes) it handled.
 */
export function measureRate(step, batch, minMs) {
  const budget = BigInt(Math.round(minMs * 1e6));
  let units = 0;
  const start = now();
  let elapsed = 0n;
  do {
    for (let i = 0; i < batch; i++) units += step();
    elapsed = now() - start;
  } while (elapsed < budget);
  return (units * NS_PER_S) / Number(elapsed);
}

/** Subject order for round `round`: rotated by the round, reversed on odd rounds. */
export function roundOrder(items, round) {
  const shift = round % items.length;
  const rotated = [...items.slice(shift), ...items.slice(0, shift)];
  return round % 2 ? rotated.reverse() : rotated;
}

/** Parses `--name value`, `--name=value` and bare `--flag` into an object; the rest are positional. */
export function parseArgs(argv) {
  const options = { _: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      options._.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    if (eq > 0) {
      options[camel(arg.slice(2, eq))] = arg.slice(eq + 1);
    } else if (i + 1 < argv.length && !argv[i + 1].startsWith('--') && VALUE_OPTIONS.has(arg)) {
      options[camel(arg.slice(2))] = argv[++i];
    } else {
      options[camel(arg.slice(2))] = true;
    }
  }
  return options;
}

const VALUE_OPTIONS = new Set(['--count', '--seed', '--time-limit', '--rounds', '--min-ms', '--requests', '--driver', '--out']);

function camel(name) {
  return name.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
}

/** 1234567.8 -> "1,234,568" */
export function formatCount(value) {
  return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'n/a';
}
