// HPACK fuzz worker: runs inputs [start, end) of one seed through hpack-engine.mjs and posts
// a tally per batch with a memory sample. The index it is on sits in shared memory so that
// the main thread can name the input if a call never returns.
import { parentPort, workerData } from 'node:worker_threads';
import { Engine, Tally, buildInput, loadSeedBlocks } from './hpack-engine.mjs';

const { seed, start, end, progress, batch, wasm } = workerData;
const current = new Int32Array(progress);
const blocks = loadSeedBlocks();
const engine = new Engine({ wasm: wasm ? new Uint8Array(wasm) : undefined });
let tally = new Tally();
for (let index = start; index < end; index++) {
  Atomics.store(current, 0, index);
  const input = buildInput(seed, index, blocks);
  tally.add(seed, index, input, engine.run(input));
  if ((index - start + 1) % batch === 0 || index === end - 1) {
    parentPort.postMessage({ done: index + 1, tally, memory: engine.memory() });
    tally = new Tally();
  }
}
