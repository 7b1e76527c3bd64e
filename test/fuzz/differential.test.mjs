// Fixed-seed differential fuzz of the HTTP/1 request parser against llhttp (node:http
// defaults): a few thousand generated, mutated and random inputs, the same engine as
// `npm run fuzz`. Deterministic: inputs come from the seed, seeds from the vendored fixtures,
// and no timing is asserted. Fails on a Wasm trap, a stray exception, an outcome that depends
// on how the bytes were split, Wasm memory growth, or any disagreement not explained in
// lib/known-classes.mjs.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runOne, Tally, BUG_CLASSES } from './lib/engine.mjs';
import { loadSeeds } from './lib/seeds.mjs';
import { loadSubject } from './lib/subjects/index.mjs';

const SEED = 20261125;
const { seeds } = loadSeeds({ allowShared: false });

function describe(tally, keys) {
  return keys.map((key) => {
    const example = tally.unexplainedExamples[key] ?? tally.examples[key];
    return `${key} x${tally.counts[key]}: "${example.input.slice(0, 300)}" ${JSON.stringify(example.detail).slice(0, 400)}`;
  }).join('\n');
}

async function fuzz(subjectName, from, count) {
  const subject = await loadSubject(subjectName);
  const before = subject.memoryBytes();
  const tally = new Tally();
  for (let index = from; index < from + count; index++) {
    tally.add(SEED, index, runOne(subject, SEED, index, seeds, { timeBoundMs: Infinity }));
  }
  return { tally, before, after: subject.memoryBytes() };
}

function check({ tally, before, after }) {
  const bugs = Object.keys(tally.counts).filter((key) => BUG_CLASSES.includes(key));
  assert.equal(bugs, [], `bug classes:\n${describe(tally, bugs)}`);
  const unexplained = Object.keys(tally.unexplained);
  assert.equal(unexplained, [], `disagreements not in lib/known-classes.mjs:\n${describe(tally, unexplained)}`);
  assert.is(after, before, 'Wasm memory grew');
  assert.ok((tally.counts.same ?? 0) > tally.total / 10, 'too few accepted inputs: the generator is broken');
}

test('fixtures vendored as fuzz seeds (test/fixtures/http1)', () => {
  assert.ok(seeds.length > 50, `only ${seeds.length} seeds`);
});

test('RFC 9112 request parsing vs llhttp, 4000 inputs of seed 20261125: no trap, no stray exception, split-invariant, every difference explained', async () => {
  check(await fuzz('windhover', 0, 4000));
});

test('the same on the debug Wasm build (bounds checks on), 1000 more inputs', async () => {
  check(await fuzz('windhover-debug', 4000, 1000));
});

test.run();
