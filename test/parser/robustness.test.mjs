// Never traps, never throws, never depends on how the input is split: fixed-seed mutations of
// the fixture inputs (byte flips, insertions of framing bytes, truncation, duplication of
// lines) run on all three builds, whole, at random splits and bytewise, and must give the
// same outcome everywhere. Bounded (a few hundred inputs) so the suite stays fast; the
// differential fuzzer in test/fuzz/ runs the long campaigns.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BUILDS, loadFixtures, recordBytes, run } from './harness.mjs';

function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INTERESTING = [0x00, 0x09, 0x0a, 0x0d, 0x20, 0x22, 0x2c, 0x3a, 0x3b, 0x3d, 0x5c, 0x7f, 0x80, 0xa0, 0xff, 0x30, 0x46];

function mutate(bytes, random) {
  const out = Array.from(bytes);
  const edits = 1 + Math.floor(random() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(random() * (out.length + 1));
    const pick = random();
    if (pick < 0.35 && out.length) out[Math.min(at, out.length - 1)] = INTERESTING[Math.floor(random() * INTERESTING.length)];
    else if (pick < 0.6) out.splice(at, 0, INTERESTING[Math.floor(random() * INTERESTING.length)]);
    else if (pick < 0.75) out.splice(at, 1 + Math.floor(random() * 3));
    else if (pick < 0.9) out.splice(at, 0, ...out.slice(at, at + 1 + Math.floor(random() * 20)));
    else out.length = Math.min(out.length, at);
  }
  return new Uint8Array(out);
}

const records = [...loadFixtures('requests').records, ...loadFixtures('responses').records];

test('mutated fixture inputs: no throw, no trap, same outcome on every build and feeding', () => {
  const random = rng(20260524);
  for (let n = 0; n < 400; n++) {
    const record = records[Math.floor(random() * records.length)];
    const bytes = mutate(recordBytes(record), random);
    const options = { allowBareLF: random() < 0.2, allowMissingHost: random() < 0.5, finish: random() < 0.3 };
    const cutsets = [[], [Math.floor(random() * bytes.length)],
      Array.from({ length: 6 }, () => Math.floor(random() * bytes.length)).sort((a, b) => a - b),
      Array.from({ length: Math.max(0, bytes.length - 1) }, (_, i) => i + 1)];
    let reference = null;
    for (const [build, wasm] of Object.entries(BUILDS)) {
      for (const cuts of cutsets) {
        const outcome = run(record.kind, bytes, cuts, { ...options, wasm });
        if (reference === null) reference = outcome;
        else assert.equal(outcome, reference, `${build} ${JSON.stringify(Buffer.from(bytes).toString('latin1'))} cuts ${cuts.length}`);
      }
    }
  }
});

test('random bytes: no throw, no trap, split-invariant', () => {
  const random = rng(7);
  for (let n = 0; n < 200; n++) {
    const bytes = new Uint8Array(Math.floor(random() * 300)).map(() => (random() < 0.7 ? 0x20 + Math.floor(random() * 95) : Math.floor(random() * 256)));
    const prefix = random() < 0.5 ? new TextEncoder().encode('GET / HTTP/1.1\r\nHost: a\r\n') : new Uint8Array(0);
    const input = new Uint8Array([...prefix, ...bytes]);
    for (const kind of ['request', 'response']) {
      const whole = run(kind, input, [], { wasm: BUILDS.debug });
      const bytewise = run(kind, input, Array.from({ length: Math.max(0, input.length - 1) }, (_, i) => i + 1), { wasm: BUILDS.release });
      assert.equal(bytewise, whole);
    }
  }
});

test.run();
