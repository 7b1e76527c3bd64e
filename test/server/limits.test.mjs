// Limits table: Kestrel names and defaults (reference/kestrel.md §1.4), validation errors.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LIMITS, DEFAULT_LIMITS, resolveLimits, WindhoverError } from '../../dist/src/index.js';

test('defaults are Kestrel\'s (KestrelServerLimits)', () => {
  assert.equal({ ...DEFAULT_LIMITS }, {
    maxConcurrentConnections: null,
    maxConcurrentUpgradedConnections: null,
    maxRequestBodySize: 30_000_000,
    maxRequestHeaderCount: 100,
    maxRequestHeadersTotalSize: 32768,
    maxRequestLineSize: 8192,
    maxRequestBufferSize: 1048576,
    maxResponseBufferSize: 65536,
    keepAliveTimeout: 130_000,
    requestHeadersTimeout: 30_000,
    minRequestBodyDataRate: { bytesPerSecond: 240, gracePeriod: 5000 },
    minResponseDataRate: { bytesPerSecond: 240, gracePeriod: 5000 },
  });
  assert.ok(Object.isFrozen(DEFAULT_LIMITS));
});

test('every row maps a camelCase option to its Kestrel name', () => {
  for (const row of LIMITS) {
    assert.is(row.kestrel[0].toLowerCase() + row.kestrel.slice(1), row.option);
  }
});

test('rejection statuses follow Kestrel (413, 431, 414, 408)', () => {
  const status = Object.fromEntries(LIMITS.map((r) => [r.kestrel, r.status]));
  assert.is(status.MaxRequestBodySize, 413);
  assert.is(status.MaxRequestHeaderCount, 431);
  assert.is(status.MaxRequestHeadersTotalSize, 431);
  assert.is(status.MaxRequestLineSize, 414);
  assert.is(status.RequestHeadersTimeout, 408);
  assert.is(status.MinRequestBodyDataRate, 408);
});

test('overrides are applied and others keep defaults', () => {
  const limits = resolveLimits({ maxRequestBodySize: 10, keepAliveTimeout: Infinity, minResponseDataRate: null });
  assert.is(limits.maxRequestBodySize, 10);
  assert.is(limits.keepAliveTimeout, Infinity);
  assert.is(limits.minResponseDataRate, null);
  assert.is(limits.maxRequestHeaderCount, 100);
});

function throwsCode(fn, pattern) {
  try {
    fn();
  } catch (error) {
    assert.instance(error, WindhoverError);
    assert.is(error.code, 'ERR_INVALID_OPTION');
    assert.match(error.message, pattern);
    return;
  }
  assert.unreachable('did not throw');
}

test('unknown names are rejected with a suggestion', () => {
  throwsCode(() => resolveLimits({ MaxRequestBodySize: 1 }), /did you mean 'maxRequestBodySize'/);
  throwsCode(() => resolveLimits({ bogus: 1 }), /unknown limit 'bogus'; known limits: /);
});

test('types and ranges are validated with the Kestrel name in the message', () => {
  throwsCode(() => resolveLimits({ maxRequestHeaderCount: 0 }), /MaxRequestHeaderCount.*integer >= 1/);
  throwsCode(() => resolveLimits({ maxRequestHeaderCount: null }), /cannot be null/);
  throwsCode(() => resolveLimits({ maxRequestBodySize: -1 }), /integer >= 0 or null/);
  throwsCode(() => resolveLimits({ maxRequestBodySize: 1.5 }), /got 1.5/);
  throwsCode(() => resolveLimits({ maxRequestLineSize: '8192' }), /got "8192"/);
  throwsCode(() => resolveLimits({ keepAliveTimeout: 0 }), /positive number of milliseconds/);
  throwsCode(() => resolveLimits({ requestHeadersTimeout: NaN }), /RequestHeadersTimeout/);
  throwsCode(() => resolveLimits({ minRequestBodyDataRate: 240 }), /bytesPerSecond, gracePeriod/);
  throwsCode(() => resolveLimits({ minRequestBodyDataRate: { bytesPerSecond: 0 } }), /bytesPerSecond must be a positive/);
  throwsCode(() => resolveLimits({ minRequestBodyDataRate: { bytesPerSecond: 1, gracePeriod: 500 } }), /at least 1000 ms/);
  throwsCode(() => resolveLimits(5), /must be an object/);
});

test('a rate without gracePeriod gets the 5 s default', () => {
  assert.equal({ ...resolveLimits({ minRequestBodyDataRate: { bytesPerSecond: 100 } }).minRequestBodyDataRate },
    { bytesPerSecond: 100, gracePeriod: 5000 });
});

test.run();
