// Header validation (RFC 9110 §5.1 token names, §5.5 values) and the header containers.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ResponseHeaders, FieldList, WindhoverError } from '../../dist/src/index.js';

function throwsCode(fn, code) {
  try { fn(); } catch (error) {
    assert.instance(error, WindhoverError);
    assert.is(error.code, code);
    return;
  }
  assert.unreachable('did not throw');
}

test('RFC 9110 §5.5: CR, LF, NUL and other CTLs in values throw; HTAB and obs-text pass', () => {
  const h = new ResponseHeaders();
  for (const bad of ['a\rb', 'a\nb', 'a\0b', 'x\r\nSet-Cookie: y', '\x01', '\x7f', 'é€']) {
    throwsCode(() => h.set('x-a', bad), 'ERR_INVALID_HEADER_VALUE');
    throwsCode(() => h.append('x-a', bad), 'ERR_INVALID_HEADER_VALUE');
  }
  h.set('x-ok', 'tab\there, latin1 \xe9');
  assert.is(h.get('x-ok'), 'tab\there, latin1 \xe9');
  assert.is(h.size, 1);
});

test('RFC 9110 §5.1: names must be tokens', () => {
  const h = new ResponseHeaders();
  for (const bad of ['', 'a b', 'a:b', 'a\r\nb', 'x\0', '(x)', 'é', 'a\tb']) throwsCode(() => h.set(bad, 'v'), 'ERR_INVALID_HEADER_NAME');
  throwsCode(() => h.set(42, 'v'), 'ERR_INVALID_HEADER_NAME');
  h.set("!#$%&'*+-.^_`|~09AZaz", 'v');
  assert.is(h.size, 1);
});

test('values must be strings or numbers', () => {
  const h = new ResponseHeaders();
  h.set('content-length', 5);
  assert.is(h.get('Content-Length'), '5');
  throwsCode(() => h.set('x', undefined), 'ERR_INVALID_HEADER_VALUE');
  throwsCode(() => h.set('x', { a: 1 }), 'ERR_INVALID_HEADER_VALUE');
});

test('set replaces every value case-insensitively; append keeps order; delete', () => {
  const h = new ResponseHeaders();
  h.append('Set-Cookie', 'a=1').append('set-cookie', 'b=2').append('X', '1');
  assert.equal(h.getAll('set-cookie'), ['a=1', 'b=2']);
  assert.is(h.get('SET-COOKIE'), 'a=1, b=2');
  h.set('SET-COOKIE', 'c=3');
  assert.equal([...h], [['SET-COOKIE', 'c=3'], ['X', '1']]);
  assert.ok(h.delete('x'));
  assert.not.ok(h.delete('x'));
  assert.not.ok(h.has('X'));
  assert.is(h.get('missing'), null);
});

test('locked headers refuse changes', () => {
  const h = new ResponseHeaders();
  h.locked = true;
  throwsCode(() => h.set('a', 'b'), 'ERR_HEADERS_SENT');
  throwsCode(() => h.delete('a'), 'ERR_HEADERS_SENT');
});

test('RFC 9110 §6.5.1: framing and control fields are refused as trailers', () => {
  const t = new ResponseHeaders(true);
  for (const name of ['Content-Length', 'transfer-encoding', 'Host', 'Trailer', 'content-type', 'set-cookie']) {
    throwsCode(() => t.set(name, '1'), 'ERR_FORBIDDEN_TRAILER');
  }
  t.set('X-Checksum', 'abc');
  assert.is(t.get('x-checksum'), 'abc');
});

test('FieldList: case-insensitive get, joined values, received order, raw names', () => {
  const f = new FieldList(['Host', 'a', 'Accept', 'x', 'accept', 'y', 'Cookie', 'a=1', 'cookie', 'b=2']);
  assert.is(f.size, 5);
  assert.is(f.get('ACCEPT'), 'x, y');
  assert.is(f.get('cookie'), 'a=1; b=2');
  assert.equal(f.getAll('accept'), ['x', 'y']);
  assert.ok(f.has('HOST'));
  assert.not.ok(f.has('nope'));
  assert.is(f.get('nope'), null);
  assert.equal([...f].map(([n]) => n), ['host', 'accept', 'accept', 'cookie', 'cookie']);
  assert.equal(f.raw()[0], ['Host', 'a']);
  const seen = [];
  f.forEach((v, n) => seen.push(`${n}=${v}`));
  assert.is(seen[0], 'host=a');
});

test.run();
