// Worker of the HPACK benchmark (bench/hpack.mjs): holds one subject on one mix in its own
// isolate, so that each library's code is compiled for the one job it is timed on, as it is
// in a real process. Verifies and warms up, posts { ready }, then answers each
// { measureMs, batch } with { rate } (fields/s). Imported outside a worker it does nothing.
import { parentPort, workerData } from 'node:worker_threads';
import { mixes, makeStep, verifyDecoders } from './hpack-subjects.mjs';
import { calibrate, measureRate } from './lib/measure.mjs';

if (parentPort) {
  const { mixId, subjectName, warmupMs } = workerData;
  const mix = mixes().find((m) => m.id === mixId);
  const subject = mix.subjects.find((s) => s.name === subjectName);
  if (!mix.encode) verifyDecoders(mix);
  const step = makeStep(subject, mix, mix.encode);
  const batch = calibrate(step, 5);
  measureRate(step, batch, warmupMs);
  parentPort.on('message', ({ measureMs }) => {
    parentPort.postMessage({ rate: measureRate(step, batch, measureMs) });
  });
  parentPort.postMessage({ ready: true });
}
