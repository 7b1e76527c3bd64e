// The differential engine: builds input number `index` of run `seed` (deterministically, so
// any input can be rebuilt from the two numbers), runs llhttp and the subject on it, feeds
// the subject the same bytes at random split points as well (the outcome must not depend on
// how the bytes arrive), and names the result class. Bug classes, never explained away:
//   trap            WebAssembly.RuntimeError escaped the subject
//   exception       any other exception escaped (parse errors must come back as values)
//   split-variance  a different outcome for a different split of the same bytes
//   slow            one input took longer than the per-input bound
//   memory-growth   the subject's Wasm memory grew after warm-up
//   hang            (run.mjs) one input never returned; the worker was terminated
import { Rng } from './rng.mjs';
import { generateStream } from './generate.mjs';
import { mutate, randomInput } from './mutate.mjs';
import { llhttpParse } from './llhttp-oracle.mjs';
import { classify, sameOutcome, hexEscape } from './compare.mjs';
import { knownClass } from './known-classes.mjs';

export const BUG_CLASSES = ['trap', 'exception', 'split-variance', 'slow', 'memory-growth', 'hang'];
const AGREEMENT = new Set(['same', 'both-reject', 'both-reject:deferred']);

/**
 * Ways to complete an input that ends inside a line or a head, least disruptive first. When
 * one parser rejected and the other was still waiting for the end of the line or head, the
 * waiting one gets the input plus each of these; if it then rejects at a byte of the original
 * input, the two agree and only the moment of detection differs (llhttp checks byte by byte,
 * Windhover checks each line once it is complete).
 */
const COMPLETIONS = ['\r\n\r\n', '\n\r\n', ' HTTP/1.1\r\n\r\n', '\r\n'].map((text) => Buffer.from(text, 'latin1'));

function undecided(outcome, at) {
  return !outcome.error && !outcome.upgrade && outcome.messages.length <= at;
}

function rejectsWhenCompleted(parse, bytes) {
  for (const suffix of COMPLETIONS) {
    const outcome = parse(Buffer.concat([bytes, suffix]));
    if (outcome?.error && outcome.error.offset < bytes.length) return true;
  }
  return false;
}

/** Turns a one-sided rejection into agreement when the other side only had not decided yet. */
function deferredAgreement(key, at, subject, bytes, ours, theirs) {
  if (key.startsWith('we-reject:') && undecided(theirs, at)) {
    return rejectsWhenCompleted(llhttpParse, bytes);
  }
  if (key.startsWith('llhttp-rejects:') && undecided(ours, at)) {
    return rejectsWhenCompleted((input) => guarded(subject, [input]).outcome, bytes);
  }
  return false;
}

/** Input number `index` as { kind, bytes }. */
export function buildInput(seed, index, seeds) {
  const rng = new Rng(seed, index);
  const kind = rng.weighted([[10, 'valid'], [50, 'mutated'], [seeds.length ? 22 : 0, 'seed-mutated'],
    [seeds.length ? 5 : 0, 'seed'], [13, 'random']]);
  let text;
  if (kind === 'valid') text = generateStream(rng);
  else if (kind === 'mutated') text = mutate(rng, generateStream(rng));
  else if (kind === 'seed') text = rng.pick(seeds);
  else if (kind === 'seed-mutated') text = mutate(rng, rng.pick(seeds));
  else text = randomInput(rng);
  return { kind, rng, bytes: Buffer.from(text, 'latin1') };
}

/** 1-2 random ways to cut `bytes` into chunks; byte-at-a-time for some short inputs. */
function splits(rng, bytes) {
  const out = [];
  if (bytes.length < 2) return out;
  const ways = rng.chance(0.5) ? 2 : 1;
  for (let w = 0; w < ways; w++) {
    const cuts = new Set();
    const count = rng.range(1, Math.min(6, bytes.length - 1));
    while (cuts.size < count) cuts.add(rng.range(1, bytes.length - 1));
    out.push([...cuts].sort((a, b) => a - b));
  }
  if (bytes.length <= 160 && rng.chance(0.05)) out.push(Array.from({ length: bytes.length - 1 }, (_, i) => i + 1));
  return out;
}

function cut(bytes, points) {
  const chunks = [];
  let from = 0;
  for (const at of points) {
    chunks.push(bytes.subarray(from, at));
    from = at;
  }
  chunks.push(bytes.subarray(from));
  return chunks;
}

function guarded(subject, chunks) {
  try {
    return { outcome: subject.parse(chunks) };
  } catch (error) {
    const name = error instanceof WebAssembly.RuntimeError ? 'trap' : 'exception';
    return { bug: name, message: `${error?.name ?? 'Error'}: ${error?.message ?? error}` };
  }
}

function summary(outcome) {
  if (!outcome) return null;
  return {
    messages: outcome.messages.map((m) => ({ method: m.method, url: m.url, headers: m.headers?.length, body: m.body?.length })),
    error: outcome.error,
    upgrade: Boolean(outcome.upgrade),
  };
}

/**
 * Runs input `index` through both parsers. Returns { key, kind, known, agreement, bug,
 * bytes, detail, ms }.
 */
export function runOne(subject, seed, index, seeds, { timeBoundMs = 250 } = {}) {
  const { kind, rng, bytes } = buildInput(seed, index, seeds);
  const started = performance.now();
  const theirs = llhttpParse(bytes);
  const whole = guarded(subject, [bytes]);
  let key;
  let detail = null;
  if (whole.bug) {
    key = whole.bug;
    detail = { message: whole.message, split: null };
  } else {
    for (const points of splits(rng, bytes)) {
      const split = guarded(subject, cut(bytes, points));
      if (split.bug) {
        key = split.bug;
        detail = { message: split.message, split: points };
        break;
      }
      if (!sameOutcome(whole.outcome, split.outcome)) {
        key = 'split-variance';
        detail = { split: points, whole: summary(whole.outcome), pieces: summary(split.outcome) };
        break;
      }
    }
  }
  const ms = performance.now() - started;
  if (!key && ms > timeBoundMs) key = 'slow';
  if (!key) {
    const decided = classify(whole.outcome, theirs);
    key = decided.key;
    if (deferredAgreement(key, decided.at, subject, bytes, whole.outcome, theirs)) key = 'both-reject:deferred';
    detail = { at: decided.at, ours: summary(whole.outcome), llhttp: summary(theirs) };
  }
  const bug = BUG_CLASSES.includes(key);
  const agreement = AGREEMENT.has(key);
  const known = agreement || (!bug && knownClass(key, { bytes, ours: whole.outcome, theirs, at: detail.at }) !== null);
  return { key, kind, known, agreement, bug, bytes, detail, ms };
}

/** Accumulates counts per class with the first example of each. */
export class Tally {
  constructor() {
    this.total = 0;
    this.counts = {};
    this.unexplained = {};
    this.examples = {};
    this.unexplainedExamples = {};
  }

  add(seed, index, result) {
    this.total++;
    this.counts[result.key] = (this.counts[result.key] ?? 0) + 1;
    if (!result.known) this.unexplained[result.key] = (this.unexplained[result.key] ?? 0) + 1;
    const example = () => ({
      seed, index, kind: result.kind, input: hexEscape(result.bytes), known: result.known, detail: result.detail,
    });
    if (!this.examples[result.key]) this.examples[result.key] = example();
    if (!result.known && !this.unexplainedExamples[result.key]) this.unexplainedExamples[result.key] = example();
  }

  merge(other) {
    this.total += other.total;
    for (const [key, count] of Object.entries(other.counts)) this.counts[key] = (this.counts[key] ?? 0) + count;
    for (const [key, count] of Object.entries(other.unexplained)) this.unexplained[key] = (this.unexplained[key] ?? 0) + count;
    for (const [key, example] of Object.entries(other.examples)) if (!this.examples[key]) this.examples[key] = example;
    for (const [key, example] of Object.entries(other.unexplainedExamples ?? {})) {
      if (!this.unexplainedExamples[key]) this.unexplainedExamples[key] = example;
    }
  }
}

/** Samples the subject's Wasm memory and the process RSS; flags growth after warm-up. */
export class MemoryWatch {
  constructor(subject) {
    this.subject = subject;
    this.baseline = null;
  }

  sample(index) {
    const wasm = this.subject.memoryBytes?.() ?? null;
    const point = { index, wasmBytes: wasm, rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20) };
    if (this.baseline === null) this.baseline = wasm;
    return { point, grew: wasm !== null && this.baseline !== null && wasm > this.baseline };
  }
}
