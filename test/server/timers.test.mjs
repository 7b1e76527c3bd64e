// The 1 s timer wheel: deadlines in ticks, never early, lazy extension, cancellation.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { TimerWheel, ticksFor, timerFields } from '../../dist/src/timers.js';

function entry(log, name) {
  return { ...timerFields(), onTimer(tick) { log.push(`${name}@${tick}`); } };
}

test('ticksFor never fires early: at least the duration plus one tick of slack', () => {
  assert.is(ticksFor(1000), 2);
  assert.is(ticksFor(1), 2);
  assert.is(ticksFor(1500), 3);
  assert.is(ticksFor(130_000), 131);
  assert.is(ticksFor(Infinity), Infinity);
});

test('entries fire at their deadline tick, in any slot distance', () => {
  const wheel = new TimerWheel(0);
  const log = [];
  wheel.schedule(entry(log, 'a'), 3);
  wheel.schedule(entry(log, 'b'), 1);
  wheel.schedule(entry(log, 'far'), 200);
  wheel.advance(2);
  assert.equal(log, ['b@1']);
  wheel.advance(3);
  assert.equal(log, ['b@1', 'a@3']);
  wheel.advance(199);
  assert.equal(log, ['b@1', 'a@3']);
  wheel.advance(200);
  assert.equal(log, ['b@1', 'a@3', 'far@200']);
  assert.is(wheel.count, 0);
});

test('extending a deadline moves it later; shortening moves it earlier', () => {
  const wheel = new TimerWheel(0);
  const log = [];
  const e = entry(log, 'e');
  wheel.schedule(e, 2);
  wheel.schedule(e, 70);
  wheel.advance(69);
  assert.equal(log, []);
  wheel.schedule(e, 69 + 3);
  wheel.schedule(e, 69 + 1);
  wheel.advance(70);
  assert.equal(log, ['e@70']);
});

test('cancel removes an entry; a past deadline fires on the next tick', () => {
  const wheel = new TimerWheel(10);
  const log = [];
  const a = entry(log, 'a');
  const b = entry(log, 'b');
  wheel.schedule(a, 12);
  wheel.cancel(a);
  wheel.schedule(b, 5);
  wheel.advance(20);
  assert.equal(log, ['b@11']);
  assert.is(wheel.count, 0);
});

test('a callback may reschedule itself', () => {
  const wheel = new TimerWheel(0);
  const log = [];
  const e = { ...timerFields(), onTimer(tick) { log.push(tick); if (tick < 4) wheel.schedule(e, tick + 1); } };
  wheel.schedule(e, 1);
  wheel.advance(10);
  assert.equal(log, [1, 2, 3, 4]);
});

test('a throwing callback does not stop the others', () => {
  const wheel = new TimerWheel(0);
  const log = [];
  const original = console.error;
  console.error = () => {};
  try {
    wheel.schedule({ ...timerFields(), onTimer() { throw new Error('boom'); } }, 1);
    wheel.schedule(entry(log, 'ok'), 1);
    wheel.advance(1);
  } finally {
    console.error = original;
  }
  assert.equal(log, ['ok@1']);
});

test.run();
