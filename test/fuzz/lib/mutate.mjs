// Mutation operators for the differential fuzzer, each aimed at a known class of HTTP/1
// parser differential (see the security notes on smuggling): byte flips, inserts and deletes,
// splices of whole field lines, CR/LF/SP/HTAB/NUL insertion (RFC 9112 §2.2 line endings,
// §5.1 whitespace around the colon), case changes, duplicate fields, Content-Length and
// Transfer-Encoding games (§6.1-6.3), chunk-size games (§7.1) and truncation. All work on
// latin1 strings and return a new one.

const SPECIAL = ['\r', '\n', ' ', '\t', '\0', '\r\n', '\x0b', '\x0c', '\x7f', '\x85', '\xa0', ':', ';', ',', '"'];

const CL_VALUES = ['0', '5', '10', '010', '+5', '-1', '0x5', '5 5', '5,5', '5, 5', ' 5', '5 ', '', '1_0',
  '18446744073709551621', '99999999999999999999999', '3.0', '\t5', '00000000000000000000005'];
const TE_VALUES = ['chunked', ' chunked', 'chunked ', 'chunked\t', 'Chunked', 'CHUNKED', 'xchunked', 'chunked, chunked',
  'gzip, chunked', 'chunked, gzip', 'identity', '', ', chunked', 'chunked,', '"chunked"', 'chunk', 'identity, chunked',
  'chunked;q=1', 'chunked\x0b', 'compress'];
const CHUNK_SIZES = ['0x5', '+5', '-0', ' 5', '5 ', '', '5zzz', '10000000000000005', 'fffffffffffffffff', '05', '0000000000000005',
  '5;', '5;=v', '5 ;a=b', '5; a = b', '5;a="x\\"y"', '5;a=\x01', '5\r', 'G'];

/** Byte offsets just after each CRLF or LF, i.e. line starts. */
function lineStarts(text) {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10 && i + 1 < text.length) starts.push(i + 1);
  return starts;
}

function lines(text) {
  return text.split(/(?<=\n)/);
}

function byteFlip(rng, text) {
  if (!text) return text;
  const i = rng.int(text.length);
  const code = rng.chance(0.5) ? text.charCodeAt(i) ^ (1 << rng.int(8)) : rng.int(256);
  return text.slice(0, i) + String.fromCharCode(code) + text.slice(i + 1);
}

function insertByte(rng, text) {
  const i = rng.int(text.length + 1);
  return text.slice(0, i) + String.fromCharCode(rng.int(256)) + text.slice(i);
}

function deleteRange(rng, text) {
  if (!text) return text;
  const i = rng.int(text.length);
  return text.slice(0, i) + text.slice(i + rng.range(1, 4));
}

function insertSpecial(rng, text) {
  const starts = lineStarts(text);
  // Half the time aim at a line edge or a colon, where whitespace and terminators matter most.
  let i;
  if (rng.chance(0.5)) {
    const anchors = [...starts];
    for (let j = 0; j < text.length; j++) if (text[j] === ':' || text[j] === '\r') anchors.push(j, j + 1);
    i = rng.pick(anchors);
  } else {
    i = rng.int(text.length + 1);
  }
  return text.slice(0, i) + rng.pick(SPECIAL) + text.slice(i);
}

function spliceLines(rng, text) {
  const all = lines(text);
  if (all.length < 2) return text;
  const from = rng.int(all.length);
  const to = rng.int(all.length);
  const op = rng.int(3);
  if (op === 0) all.splice(to, 0, all[from]); // duplicate a line (duplicate fields, repeated request lines)
  else if (op === 1) all.splice(from, 1); // drop a line
  else [all[from], all[to]] = [all[to], all[from]]; // swap two lines
  return all.join('');
}

function changeCase(rng, text) {
  if (!text) return text;
  const i = rng.int(text.length);
  const n = rng.range(1, 12);
  const part = text.slice(i, i + n);
  const changed = rng.chance(0.5) ? part.toUpperCase() : part.toLowerCase();
  return text.slice(0, i) + changed + text.slice(i + n);
}

/** Inserts a field line right after the request line of some message. */
function insertField(rng, text, line) {
  const heads = [];
  const re = /^[^\r\n]* HTTP\/[^\r\n]*\r?\n/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) heads.push(m.index + m[0].length);
  const at = heads.length ? rng.pick(heads) : (text.indexOf('\n') + 1 || text.length);
  return text.slice(0, at) + line + text.slice(at);
}

function framingGame(rng, text) {
  const op = rng.int(6);
  const cl = () => `${rng.pick(['Content-Length', 'content-length', 'Content-Length ', 'Content_Length'])}:${rng.pick([' ', '', '\t'])}${rng.pick(CL_VALUES)}\r\n`;
  const te = () => `${rng.pick(['Transfer-Encoding', 'transfer-encoding', 'Transfer-Encoding '])}:${rng.pick([' ', ''])}${rng.pick(TE_VALUES)}\r\n`;
  if (op === 0) return insertField(rng, text, cl());
  if (op === 1) return insertField(rng, text, te());
  if (op === 2) return insertField(rng, insertField(rng, text, cl()), te());
  if (op === 3) {
    // Rewrite an existing Content-Length value.
    return text.replace(/(content-length:[ \t]*)([^\r\n]*)/i, (_, name) => name + rng.pick(CL_VALUES));
  }
  if (op === 4) {
    return text.replace(/(transfer-encoding:[ \t]*)([^\r\n]*)/i, (_, name) => name + rng.pick(TE_VALUES));
  }
  // Rewrite one chunk-size line.
  const sizes = [...text.matchAll(/\r\n([0-9a-fA-F]+)(;[^\r\n]*)?\r\n/g)];
  if (!sizes.length) return insertField(rng, text, te());
  const m = rng.pick(sizes);
  const start = m.index + 2;
  return text.slice(0, start) + rng.pick(CHUNK_SIZES) + text.slice(start + m[1].length + (m[2]?.length ?? 0));
}

function duplicateField(rng, text) {
  const fields = [...text.matchAll(/\n([!#$%&'*+.^_`|~0-9A-Za-z-]+:[^\r\n]*\r?\n)/g)];
  if (!fields.length) return text;
  const m = rng.pick(fields);
  const line = rng.chance(0.3) ? m[1].replace(/:[ \t]*[^\r\n]*/, `: ${rng.pick(['a', '0', 'example.org', 'chunked'])}`) : m[1];
  const at = m.index + 1 + m[1].length;
  return text.slice(0, at) + line + text.slice(at);
}

function truncate(rng, text) {
  return text.slice(0, rng.int(text.length + 1));
}

const OPERATORS = [
  [3, byteFlip], [2, insertByte], [2, deleteRange], [4, insertSpecial], [3, spliceLines],
  [2, changeCase], [3, duplicateField], [5, framingGame], [1, truncate],
];

/** Applies 1-3 random operators. */
export function mutate(rng, text) {
  const rounds = rng.weighted([[6, 1], [3, 2], [1, 3]]);
  let out = text;
  for (let i = 0; i < rounds; i++) out = rng.weighted(OPERATORS)(rng, out);
  return out;
}

/** Random bytes, biased towards HTTP's alphabet so some inputs get past the request line. */
export function randomInput(rng) {
  const length = rng.range(0, 120);
  const alphabet = 'GET POST /HTTP/1.1\r\n: abcXYZ0123456789-;=\t\0chunked';
  let out = rng.chance(0.5) ? rng.pick(['GET / HTTP/1.1\r\n', 'POST /x HTTP/1.1\r\nHost: a\r\n', 'G']) : '';
  for (let i = 0; i < length; i++) out += rng.chance(0.8) ? alphabet[rng.int(alphabet.length)] : String.fromCharCode(rng.int(256));
  return out;
}
