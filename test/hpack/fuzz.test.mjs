// A fixed-seed short run of the HPACK fuzz engine (test/fuzz/hpack-engine.mjs) on every
// build: no trap, no exception other than HpackError, no disagreement with hpack.js, no
// failed encoder round trip, and no heap growth once the windows have settled.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Engine, Tally, buildInput, loadSeedBlocks } from '../fuzz/hpack-engine.mjs';
import { BUILDS } from './helpers.mjs';

const SEED = 7541;
const COUNT = 3000;

for (const build of BUILDS) {
  test(`fuzz (${build.name}): ${COUNT} inputs of seed ${SEED} end in a value or an HpackError`, () => {
    const blocks = loadSeedBlocks();
    const engine = new Engine({ wasm: build.wasm });
    const tally = new Tally();
    let settled = null;
    for (let index = 0; index < COUNT; index++) {
      const input = buildInput(SEED, index, blocks);
      tally.add(SEED, index, input, engine.run(input));
      if (index === COUNT / 2) settled = engine.memory();
    }
    assert.equal(tally.failures, {}, JSON.stringify(tally.examples).slice(0, 1500));
    assert.ok(tally.counts.accepted > 100, 'some blocks are accepted and cross-checked');
    assert.ok(tally.counts.encoded > 100, 'some lists are encoded');
    assert.ok(Object.keys(tally.counts).filter((k) => k.startsWith('HPACK_')).length >= 8, 'many error classes reached');
    assert.equal(engine.memory(), settled, 'no growth in the second half');
  });
}

test.run();
