// Conformance against llhttp's fixtures (test/fixtures/http1, see its README): every record of
// requests.json and responses.json is replayed whole, split in two at every byte boundary,
// and one byte at a time, on the release (SIMD), release-nosimd and debug builds. Every
// feeding must give the same outcome, and that outcome must match the fixture, or match the
// result listed for a deliberate, RFC-cited divergence below. Error classes are compared
// strictly through ERROR_MAP, error offsets loosely (OFFSET_SLACK). Lenient records run with
// the matching option when we have one, and are skipped (reason in the name) otherwise.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BUILDS, loadFixtures, recordBytes, run, feedings } from './harness.mjs';

/** llhttp error code -> our codes for the same class of fault. */
export const ERROR_MAP = {
  HPE_INVALID_METHOD: ['INVALID_METHOD'],
  HPE_INVALID_URL: ['INVALID_TARGET'],
  // llhttp's "expected a constant": the protocol name or a separator in the start line.
  HPE_INVALID_CONSTANT: ['INVALID_VERSION', 'INVALID_METHOD', 'INVALID_TARGET'],
  HPE_INVALID_VERSION: ['INVALID_VERSION', 'VERSION_NOT_SUPPORTED'],
  HPE_INVALID_STATUS: ['INVALID_STATUS'],
  HPE_INVALID_HEADER_TOKEN: ['INVALID_HEADER_TOKEN', 'WHITESPACE_BEFORE_COLON', 'OBS_FOLD', 'INVALID_HEADER_VALUE'],
  HPE_UNEXPECTED_SPACE: ['OBS_FOLD'],
  HPE_CR_EXPECTED: ['CR_EXPECTED'],
  HPE_LF_EXPECTED: ['LF_EXPECTED'],
  // llhttp's generic strictness code: a bare CR, or bytes the chunk-extension grammar refuses.
  HPE_STRICT: ['LF_EXPECTED', 'CR_EXPECTED', 'INVALID_CHUNK_EXTENSION'],
  HPE_INVALID_CONTENT_LENGTH: ['INVALID_CONTENT_LENGTH', 'CONTENT_LENGTH_AND_TRANSFER_ENCODING'],
  HPE_UNEXPECTED_CONTENT_LENGTH: ['DUPLICATE_CONTENT_LENGTH'],
  HPE_INVALID_TRANSFER_ENCODING: ['INVALID_TRANSFER_ENCODING', 'UNKNOWN_TRANSFER_CODING', 'CHUNKED_NOT_FINAL',
    'CHUNKED_TWICE', 'CONTENT_LENGTH_AND_TRANSFER_ENCODING'],
  HPE_INVALID_CHUNK_SIZE: ['INVALID_CHUNK_SIZE'],
  HPE_CLOSED_CONNECTION: ['DATA_AFTER_CLOSE'],
  HPE_HEADER_OVERFLOW: ['HEADERS_TOO_LARGE', 'HEADER_FIELD_TOO_LARGE', 'TOO_MANY_HEADERS', 'REQUEST_LINE_TOO_LONG'],
  HPE_INVALID_EOF_STATE: ['INCOMPLETE_MESSAGE'],
};

/** Where one llhttp code covers several faults, its reason text picks the class. */
const REASON_MAP = {
  'Expected CRLF after version': ['CR_EXPECTED', 'LF_EXPECTED'],
};

/** Our error offset may be up to this many bytes before llhttp's (we report at the start of
 *  the offending field or element; llhttp often at its end), or OFFSET_AFTER bytes after. */
const OFFSET_SLACK = 64;
const OFFSET_AFTER = 8;

/**
 * Deliberate divergences: fixture source -> the RFC rule, why, and what we do instead
 * (asserted on every build and feeding). `options` are the parser options for the run.
 */
const INVALID_VERSION = { error: 'INVALID_VERSION', messages: 0 };
export const DIVERGENCES = {
  'test/request/invalid.md#HTTP protocol and ANNOUNCE method': {
    rfc: 'RFC 9110 §9.1', why: 'a method is any token; llhttp limits HTTP/x.x to a fixed list',
    expect: { error: null, messages: 1 },
  },
  'test/request/invalid.md#Invalid method': {
    rfc: 'RFC 9110 §9.1', why: 'MKCOLA is a token, so a valid (unknown) method',
    options: { allowMissingHost: true }, expect: { error: null, messages: 1 },
  },
  'test/request/invalid.md#Empty headers separated by LF': {
    rfc: 'RFC 9112 §2.2', why: 'the bare LF ends the field line; we name it CR_EXPECTED at the LF',
    expect: { error: 'CR_EXPECTED', messages: 0 },
  },
  'test/request/method.md#M-SEARCH request': {
    rfc: 'RFC 9112 §3.2.4', why: 'asterisk-form is only for OPTIONS',
    expect: { error: 'INVALID_TARGET', messages: 0 },
  },
  'test/request/method.md#SOURCE request with ICE': {
    rfc: 'RFC 9112 §2.3', why: 'the protocol name must be HTTP', expect: INVALID_VERSION,
  },
  'test/request/method.md#OPTIONS request with RTSP': {
    rfc: 'RFC 9112 §2.3', why: 'the protocol name must be HTTP', expect: INVALID_VERSION,
  },
  'test/request/method.md#ANNOUNCE request with RTSP': {
    rfc: 'RFC 9112 §2.3', why: 'the protocol name must be HTTP', expect: INVALID_VERSION,
  },
  'test/request/method.md#PRI request HTTP2': {
    rfc: 'RFC 9113 §3.4, RFC 9112 §3.2.4',
    why: 'only the exact preface "PRI * HTTP/2.0" switches to HTTP/2; PRI * HTTP/1.1 is an asterisk-form misuse',
    expect: { error: 'INVALID_TARGET', messages: 0, upgrade: null },
  },
  'test/request/sample.md#No HTTP version': {
    rfc: 'RFC 9112 §2.3', why: 'HTTP/0.9 requests are not accepted', expect: INVALID_VERSION,
  },
  'test/request/uri.md#`host:port` and basic auth': {
    rfc: 'RFC 9110 §4.2.4', why: 'userinfo in an http URI MUST NOT be sent and is treated as an error',
    options: { allowMissingHost: true }, expect: { error: 'INVALID_TARGET', messages: 0 },
  },
  'test/request/transfer-encoding.md#POST with `Transfer-Encoding` and `Content-Length`': {
    rfc: 'RFC 9112 §7', why: '"identity" is not a transfer coding; we stop at it, before the Content-Length line',
    expect: { error: 'UNKNOWN_TRANSFER_CODING', messages: 0 },
  },
  'test/request/transfer-encoding.md#POST with `chunked` as last transfer-encoding': {
    rfc: 'RFC 9112 §6.1', why: 'deflate is not implemented: a server SHOULD answer 501',
    options: { allowMissingHost: true }, expect: { error: 'UNSUPPORTED_TRANSFER_CODING', messages: 0 },
  },
  'test/request/transfer-encoding.md#POST with `chunked` as last transfer-encoding (multiple headers)': {
    rfc: 'RFC 9112 §6.1, RFC 9110 §5.3', why: 'the two lines form one list "deflate, chunked": 501 as above',
    options: { allowMissingHost: true }, expect: { error: 'UNSUPPORTED_TRANSFER_CODING', messages: 0 },
  },
  'test/response/connection.md#Proxy-Connection': {
    rfc: 'RFC 9110 §7.6.1', why: 'only Connection carries connection options; Proxy-Connection is not standard',
    expect: { error: null, messages: 1, keepAlive: [true] },
  },
  'test/response/invalid.md#CR before response and tab after HTTP version': {
    rfc: 'RFC 9112 §2.2', why: 'the leading bare CR is the first fault (a CR must be followed by LF)',
    expect: { error: 'LF_EXPECTED', messages: 0 },
  },
  'test/response/sample.md#RTSP response': {
    rfc: 'RFC 9112 §2.3', why: 'the protocol name must be HTTP', expect: INVALID_VERSION,
  },
  'test/response/sample.md#ICE response': {
    rfc: 'RFC 9112 §2.3', why: 'the protocol name must be HTTP', expect: INVALID_VERSION,
  },
  'test/response/sample.md#HTTP version 0.9': {
    rfc: 'RFC 9110 §2.5', why: 'only HTTP/1.0 and HTTP/1.1 are parsed; 0.9 gets VERSION_NOT_SUPPORTED',
    expect: { error: 'VERSION_NOT_SUPPORTED', messages: 0 },
  },
};

/** llhttp leniency flags we have an option for. */
const LENIENCY_OPTIONS = { LENIENT_OPTIONAL_CR_BEFORE_LF: { allowBareLF: true } };

const trimOws = (text) => text.replace(/^[ \t]+|[ \t]+$/g, '');

function expectedMessage(message, kind) {
  const out = kind === 'request' ? { method: message.method, url: message.url }
    : { status: message.status, reason: message.reason };
  out.version = `${message.versionMajor}.${message.versionMinor}`;
  out.headers = message.headers.map(([n, v]) => [n.toLowerCase(), trimOws(v)]);
  out.body = message.body;
  out.trailers = (message.trailers ?? []).map(([n, v]) => [n.toLowerCase(), trimOws(v)]);
  out.upgrade = message.upgrade;
  out.complete = message.complete;
  // The fixture's keepAlive reflects Connection tokens only: "close" must mean not kept alive.
  if (message.keepAlive === false) out.keepAlive = false;
  return out;
}

/** Differences between our outcome and a fixture's expectation ([] when they agree). */
function compare(record, got, finishState) {
  const exp = record.expect;
  const problems = [];
  let want = exp.messages.filter((m) => m.headersComplete).map((m) => expectedMessage(m, record.kind));
  let have = got.messages;
  if (finishState === 'SAFE_WITH_CB' && want.length) want.at(-1).complete = true;
  if (exp.error) {
    want = want.filter((m) => m.complete);
    have = have.filter((m) => m.complete);
    const classes = REASON_MAP[exp.error.reason] ?? ERROR_MAP[exp.error.code] ?? [];
    if (!got.error) problems.push(`no error, want ${exp.error.code}`);
    else {
      if (!classes.includes(got.error.code)) problems.push(`error ${got.error.code}, want ${exp.error.code}`);
      const d = got.error.offset - exp.error.offset;
      if (d < -OFFSET_SLACK || d > OFFSET_AFTER) problems.push(`error offset ${got.error.offset}, llhttp ${exp.error.offset}`);
    }
  } else if (finishState === 'UNSAFE') {
    have = have.filter((m) => m.complete);
    if (got.error?.code !== 'INCOMPLETE_MESSAGE') problems.push(`finish: ${got.error?.code ?? 'no error'}, want INCOMPLETE_MESSAGE`);
  } else if (got.error) {
    problems.push(`unexpected ${got.error.code} at ${got.error.offset}`);
  }
  if (exp.upgrade) {
    if (!got.upgrade) problems.push(`no upgrade, want one at ${exp.upgrade.offset}`);
    else if (got.upgrade.offset !== exp.upgrade.offset) problems.push(`upgrade at ${got.upgrade.offset}, want ${exp.upgrade.offset}`);
  } else if (got.upgrade) {
    problems.push(`unexpected upgrade at ${got.upgrade.offset}`);
  }
  if (have.length !== want.length) problems.push(`${have.length} messages, want ${want.length}`);
  for (let i = 0; i < Math.min(have.length, want.length); i++) {
    for (const [key, value] of Object.entries(want[i])) {
      if (JSON.stringify(have[i][key]) !== JSON.stringify(value)) {
        problems.push(`message ${i} ${key}: ${JSON.stringify(have[i][key])}, want ${JSON.stringify(value)}`);
      }
    }
  }
  return problems;
}

/** Runs every feeding on every build; returns the whole-input outcome after checking that
 *  all feedings agree with it exactly. */
function replay(record, bytes, options) {
  let reference = null;
  for (const [build, wasm] of Object.entries(BUILDS)) {
    for (const feeding of feedings(bytes.length)) {
      const outcome = run(record.kind, bytes, feeding.cuts, { ...options, wasm });
      if (reference === null) {
        reference = outcome;
        continue;
      }
      assert.equal(outcome, reference, `${build} ${feeding.name} differs from release whole`);
    }
  }
  return reference;
}

/** Whether the fixture expects an HTTP/1.1 request head without Host (RFC 9112 §3.2). */
function needsHost(record) {
  return record.kind === 'request' && record.expect.messages.some((m) => m.headersComplete
    && m.versionMajor === 1 && m.versionMinor === 1 && !m.headers.some(([n]) => n.toLowerCase() === 'host'));
}

/** The first HTTP/1.1 request of `outcome` that has no Host field, or -1. */
function hostlessIndex(record, outcome) {
  if (record.kind !== 'request') return -1;
  return outcome.messages.findIndex((m) => m.version === '1.1' && !m.headers.some(([n]) => n === 'host'));
}

export const counts = { passed: 0, divergent: 0, skipped: 0 };
const byFile = {};
const tally = (file, key) => {
  byFile[file] ??= { passed: 0, divergent: 0, skipped: 0 };
  byFile[file][key]++;
  counts[key]++;
};

for (const file of ['requests', 'responses']) {
  for (const record of loadFixtures(file).records) {
    const options = {};
    const harness = record.llhttpOptions ?? {};
    const finishState = record.expect.finish;
    if (finishState) options.finish = true;
    let skip = null;
    if (harness.skipBody) {
      if (record.kind === 'response') options.expect = record.expect.messages.map(() => 'HEAD');
      else skip = 'skipBody on a request has no equivalent (request framing cannot be skipped)';
    }
    for (const flag of record.lenientFlags) {
      if (LENIENCY_OPTIONS[flag]) Object.assign(options, LENIENCY_OPTIONS[flag]);
      else skip ??= `leniency ${flag} not offered`;
    }
    const divergence = DIVERGENCES[record.source];
    if (skip) {
      test.skip(`${file}: ${record.source} [skipped: ${skip}]`);
      tally(file, 'skipped');
      continue;
    }
    const bytes = recordBytes(record);
    if (divergence) {
      test(`${file}: ${record.source} [divergent, ${divergence.rfc}]`, () => {
        const got = replay(record, bytes, { ...options, ...divergence.options });
        const want = divergence.expect;
        if (want.error !== undefined) assert.equal(got.error?.code ?? null, want.error, 'error code');
        if (want.messages !== undefined) assert.equal(got.messages.length, want.messages, 'message count');
        if (want.upgrade !== undefined) assert.equal(got.upgrade?.offset ?? null, want.upgrade, 'upgrade offset');
        if (want.keepAlive !== undefined) assert.equal(got.messages.map((m) => m.keepAlive), want.keepAlive, 'keepAlive');
        if (want.fixture) assert.equal(compare(record, got, finishState), [], 'agrees with the fixture');
      });
      tally(file, 'divergent');
      continue;
    }
    if (!needsHost(record)) {
      test(`${file}: ${record.source}`, () => {
        assert.equal(compare(record, replay(record, bytes, options), finishState), []);
      });
      tally(file, 'passed');
    } else {
      // RFC 9112 §3.2: an HTTP/1.1 request without Host MUST get a 400. The fixture is checked
      // with allowMissingHost; the default parser must stop at that request with MISSING_HOST
      // (unless an earlier fault stops it first, which must then be the same either way).
      test(`${file}: ${record.source} [divergent, RFC 9112 §3.2 Host required]`, () => {
        const relaxed = replay(record, bytes, { ...options, allowMissingHost: true });
        assert.equal(compare(record, relaxed, finishState), [], 'with allowMissingHost');
        const strict = replay(record, bytes, options);
        const at = hostlessIndex(record, relaxed);
        if (at < 0) {
          assert.equal(strict, relaxed);
        } else {
          assert.equal(strict.error?.code, 'MISSING_HOST');
          assert.equal(strict.messages.filter((m) => m.complete), relaxed.messages.slice(0, at));
        }
      });
      tally(file, 'divergent');
    }
  }
}

test('lenient-only records: the strict parser never throws and is split-invariant on them', () => {
  for (const file of ['requests', 'responses']) {
    for (const record of loadFixtures(file).records) {
      if (!record.lenientFlags.some((flag) => !LENIENCY_OPTIONS[flag])) continue;
      replay(record, recordBytes(record), {});
    }
  }
});

test('conformance counts', () => {
  for (const [file, c] of Object.entries(byFile)) {
    console.log(`  ${file}.json: ${c.passed} passed, ${c.divergent} divergent (asserted), ${c.skipped} skipped`);
  }
  assert.ok(counts.passed + counts.divergent + counts.skipped > 200);
});

test.run();
