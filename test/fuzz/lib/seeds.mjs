// Seed inputs for the fuzzer: the request records of llhttp's conformance fixtures, read from
// the copy vendored under test/fixtures/http1/ (plain or gzipped JSON). Only when that copy
// does not exist yet does the loader fall back to the shared corpus beside the repository;
// the fixed-seed test never reaches the fallback (it asks for vendored seeds only). Inputs
// are returned as latin1 strings of the fixture's exact bytes (UTF-8 of `input`, README of
// the corpus), lenient-mode records excluded.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const HERE = dirname(fileURLToPath(import.meta.url));
const VENDORED = join(HERE, '..', '..', 'fixtures', 'http1');
const SHARED = join(HERE, '..', '..', '..', '..', 'shared', 'corpus', 'http1');

function readJson(path) {
  const raw = readFileSync(path);
  return JSON.parse((path.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8'));
}

function recordsIn(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const file of readdirSync(dir).sort()) {
    if (!/\.json(\.gz)?$/.test(file)) continue;
    const data = readJson(join(dir, file));
    if (Array.isArray(data?.records)) out.push(...data.records);
  }
  return out;
}

function toLatin1(record) {
  const bytes = record.inputBase64 ? Buffer.from(record.inputBase64, 'base64') : Buffer.from(record.input, 'utf8');
  return bytes.toString('latin1');
}

/**
 * Returns { seeds: string[], source }. `allowShared: false` restricts to the vendored copy
 * (an empty list when it is missing).
 */
export function loadSeeds({ allowShared = true } = {}) {
  let records = recordsIn(VENDORED);
  let source = 'test/fixtures/http1';
  if (records.length === 0 && allowShared) {
    records = recordsIn(SHARED);
    source = 'shared corpus (fallback: fixtures not vendored yet)';
  }
  const seeds = records
    .filter((r) => r.kind === 'request' && (r.lenientFlags ?? []).length === 0 && typeof r.input === 'string')
    .map(toLatin1);
  return { seeds, source: seeds.length ? source : 'none' };
}
