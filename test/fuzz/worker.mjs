// Fuzz worker: runs inputs [start, end) of one seed through the engine and posts a tally per
// batch. The index it is on is kept in shared memory so the main thread's watchdog can name
// the input if a parse never returns (a hang cannot be interrupted from inside the call).
import { parentPort, workerData } from 'node:worker_threads';
import { runOne, Tally, MemoryWatch } from './lib/engine.mjs';
import { loadSeeds } from './lib/seeds.mjs';
import { loadSubject } from './lib/subjects/index.mjs';

const { seed, start, end, subjectName, timeBoundMs, progress, skip, batch, memoryEvery } = workerData;
const skipped = new Set(skip);
const current = new Int32Array(progress);
const subject = await loadSubject(subjectName);
const { seeds } = loadSeeds();
const memory = new MemoryWatch(subject);
let tally = new Tally();
let memoryPoints = [];
let grewReported = false;

for (let index = start; index < end; index++) {
  Atomics.store(current, 0, index);
  if (!skipped.has(index)) tally.add(seed, index, runOne(subject, seed, index, seeds, { timeBoundMs }));
  if ((index - start) % memoryEvery === 0 || index === end - 1) {
    const { point, grew } = memory.sample(index);
    memoryPoints.push(point);
    if (grew && !grewReported && index - start > memoryEvery) {
      grewReported = true;
      tally.counts['memory-growth'] = (tally.counts['memory-growth'] ?? 0) + 1;
      tally.unexplained['memory-growth'] = 1;
      tally.examples['memory-growth'] = { seed, index, detail: point, input: '' };
    }
  }
  if ((index - start + 1) % batch === 0 || index === end - 1) {
    parentPort.postMessage({ done: index + 1, tally, memory: memoryPoints });
    tally = new Tally();
    memoryPoints = [];
  }
}
