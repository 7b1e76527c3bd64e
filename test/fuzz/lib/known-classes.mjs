// The one table of explained disagreements between Windhover's parser and llhttp as node:http
// runs it (Node 20: llhttp 9.3.1). Each entry names a class key from compare.mjs, the rule
// that makes our side correct, and a `match` check that the input really shows the explained
// cause, so a new cause under an old key still surfaces as unexplained. run.mjs prints the
// table (--classes-md, for README "Differential fuzzing"); the fixed-seed test fails on any
// disagreement not explained here. Entries are tried in order: specific ones first.
import { createRequire } from 'node:module';
import { isIPv6 } from 'node:net';

const require = createRequire(import.meta.url);
const HTTP_METHODS = new Set(require('_http_common').methods);
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const KNOWN_CODINGS = new Set(['chunked', 'gzip', 'x-gzip', 'deflate', 'compress', 'x-compress']);
const MAX_SAFE_LENGTH = 2 ** 53 - 1;

/** The head of message `at` as one side saw it (complete or still pending). */
function headOf(outcome, at) {
  return outcome.messages[at] ?? (outcome.messages.length === at ? outcome.pending : null) ?? null;
}

/**
 * The field lines of the head around byte `offset`, read from the raw bytes (for inputs that
 * end before llhttp finished the head): back to the nearest request line, on to the empty line.
 */
function rawHead(bytes, offset) {
  const lines = bytes.toString('latin1').slice(0, Math.max(offset, 0) + 1).split('\r\n');
  let start = lines.length - 1;
  while (start > 0 && !/ HTTP\/\d\.\d$/.test(lines[start])) start--;
  const skip = start === 0 ? 0 : lines.slice(0, start).join('\r\n').length + 2;
  const rest = bytes.toString('latin1').slice(skip).split('\r\n');
  const headers = [];
  for (const line of rest.slice(1)) {
    if (line === '') break;
    const colon = line.indexOf(':');
    if (colon > 0) headers.push([line.slice(0, colon), line.slice(colon + 1).replace(/^[ \t]+/, '')]);
  }
  return { headers, version: (/HTTP\/(\d\.\d)$/.exec(rest[0]) ?? [])[1] };
}

/** Our rejected message's head: llhttp's view of it when it got that far, else the raw bytes. */
function rejectedHead(c) {
  return headOf(c.theirs, c.at) ?? rawHead(c.bytes, c.ours.error.offset);
}

function trimOws(value) {
  return value.replace(/^[ \t]+|[ \t]+$/g, '');
}

/** Values of field `name` in a head, as that side reported them (node:http trims trailing OWS). */
function values(head, name) {
  return (head?.headers ?? []).filter(([n]) => n.toLowerCase() === name).map(([, v]) => v);
}

/** Transfer-Encoding list elements of message `at`, OWS-trimmed, empties dropped. */
function codings(c) {
  const head = headOf(c.theirs, c.at) ?? headOf(c.ours, c.at) ?? (c.ours.error ? rawHead(c.bytes, c.ours.error.offset) : null);
  let raw = values(head, 'transfer-encoding');
  if (!head) raw = [...c.bytes.toString('latin1').matchAll(/transfer-encoding:([^\r\n]*)/gi)].map((m) => m[1]);
  return raw.join(',').split(',').map(trimOws).filter((e) => e !== '');
}

function codingName(element) {
  return element.split(';')[0].replace(/[ \t]+$/, '').toLowerCase();
}

/** The line (CR/LF excluded) containing byte `offset`. */
function lineAt(bytes, offset) {
  const text = bytes.toString('latin1');
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const end = text.indexOf('\n', offset);
  return text.slice(start, end === -1 ? text.length : end).replace(/\r$/, '');
}

function connectionTokens(head) {
  return values(head, 'connection').join(',').split(',').map((t) => t.trim().toLowerCase());
}

/** Chunk-size lines (size plus extensions) anywhere in the input. */
function chunkLines(bytes) {
  return [...bytes.toString('latin1').matchAll(/\r\n([0-9a-fA-F]+)([ \t]*;[^\r\n]*)(\r\n|$)/g)].map((m) => m[2]);
}

const REG_NAME = /^([A-Za-z0-9\-._~!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/;

/** uri-host [":" port] (RFC 3986 §3.2.2-3): reg-name or IPv4, or an IP-literal in brackets. */
function validHost(value, { portRequired = false, emptyHost = true } = {}) {
  const literal = /^\[([^\]]*)\](?::([0-9]*))?$/.exec(value);
  if (literal) {
    const inner = literal[1];
    const ok = isIPv6(inner) || /^v[0-9A-Fa-f]+\.[A-Za-z0-9\-._~!$&'()*+,;=:]+$/.test(inner);
    return ok && (!portRequired || Boolean(literal[2]));
  }
  const colon = value.lastIndexOf(':');
  const host = colon === -1 ? value : value.slice(0, colon);
  const port = colon === -1 ? null : value.slice(colon + 1);
  if (port !== null && !/^[0-9]*$/.test(port)) return false;
  if (portRequired && !port) return false;
  if (!emptyHost && host === '') return false;
  return REG_NAME.test(host);
}

/**
 * Whether an absolute-form target's authority breaks RFC 3986 §3.2 or the http(s) rules of
 * RFC 9110 §4.2.1-4.2.4 ("//" and a non-empty host required, no userinfo).
 */
function invalidAuthority(target) {
  const uri = /^([A-Za-z][A-Za-z0-9+.-]*):(\/\/([^/?#]*))?/.exec(target);
  if (!uri) return false;
  const http = /^https?$/i.test(uri[1]);
  if (uri[3] === undefined) return http;
  const at = uri[3].indexOf('@');
  if (at !== -1 && (http || !/^([A-Za-z0-9\-._~!$&'()*+,;=:]|%)*$/.test(uri[3].slice(0, at)))) return true;
  const host = uri[3].slice(at + 1);
  return !validHost(host) || (http && (host === '' || host.startsWith(':')));
}

const PCHARS = "[A-Za-z0-9\\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2}";
const ORIGIN_FORM = new RegExp(`^/(${PCHARS}|/)*(\\?(${PCHARS}|[/?])*)?$`);

/** Whether a request line's target is one of the four forms of RFC 9112 §3.2 for its method. */
function validTarget(line) {
  const [method, target = ''] = line.split(' ');
  if (method.endsWith('CONNECT')) return validHost(target, { portRequired: true, emptyHost: false });
  if (target === '*') return method.endsWith('OPTIONS');
  if (target.startsWith('/')) return ORIGIN_FORM.test(target);
  return /^[A-Za-z][A-Za-z0-9+.-]*:[^ ]*$/.test(target);
}

const UPGRADE_WHY = 'llhttp 9.3.1 stops at the head of an Upgrade or CONNECT request, even one that declares a body, '
  + 'and never checks the bytes after it as HTTP (node:http without an upgrade listener then drops them). We read the '
  + 'request message to its end first, as its framing says (RFC 9110 §7.8: the switch happens after the message), so we '
  + 'check and can reject bytes llhttp skipped.';

/** @type {{ key: string | RegExp, label?: string, rfc: string, why: string, match: (c: { bytes: Buffer, ours: object, theirs: object, at: number }) => boolean }[]} */
export const KNOWN_CLASSES = [
  {
    key: 'we-reject:DUPLICATE_HOST', rfc: 'RFC 9112 §3.2',
    why: 'A request with more than one Host line MUST get 400; llhttp does not look at Host and node:http only checks that one is present.',
    match: (c) => values(rejectedHead(c), 'host').length > 1,
  },
  {
    key: 'we-reject:INVALID_HOST', rfc: 'RFC 9112 §3.2, RFC 3986 §3.2.2',
    why: 'A Host value that is not uri-host [":" port] MUST get 400; llhttp accepts any field value.',
    match: (c) => values(rejectedHead(c), 'host').some((v) => !validHost(trimOws(v))),
  },
  {
    key: /^we-reject:INVALID_(VERSION|TARGET)$/, label: 'we-reject:INVALID_VERSION or INVALID_TARGET (extra SP)', rfc: 'RFC 9112 §3',
    why: 'request-line = method SP request-target SP HTTP-version with single SPs. Splitting on runs of whitespace is only a MAY; we keep the strict grammar, llhttp skips extra SP.',
    match: (c) => /  /.test(lineAt(c.bytes, c.ours.error.offset)),
  },
  {
    key: 'we-reject:INVALID_VERSION', rfc: 'RFC 9112 §2.3',
    why: 'HTTP-version is "HTTP/" DIGIT "." DIGIT. llhttp also accepts RTSP/x.y and ICE/x.y and the version-less HTTP/0.9 request line; we speak HTTP/1.x only.',
    match: (c) => !/ HTTP\/\d\.\d$/.test(lineAt(c.bytes, c.ours.error.offset)),
  },
  {
    key: 'we-reject:INVALID_TARGET', label: 'we-reject:INVALID_TARGET (absolute-form authority)', rfc: 'RFC 9112 §3.2.2, RFC 9110 §4.2.1, §4.2.4, RFC 3986 §3.2',
    why: 'The authority of an absolute-form target replaces Host, so its host gets the Host check (uri-host [":" port]); an http(s) URI needs "//" and a non-empty host (MUST reject), and its userinfo, which senders MUST NOT generate, is treated as an error (SHOULD). llhttp accepts userinfo and some bytes outside RFC 3986 there.',
    match: (c) => invalidAuthority(lineAt(c.bytes, c.ours.error.offset).split(' ')[1] ?? ''),
  },
  {
    key: 'we-reject:INVALID_TARGET', rfc: 'RFC 9112 §3.2, RFC 3986 §3',
    why: 'The request-target must be origin-form (absolute-path [ "?" query ], RFC 3986 characters only), absolute-form, authority-form (host ":" port, CONNECT only) or "*" (OPTIONS only). llhttp accepts CONNECT /path, "*" with any method, targets starting with "*", and some characters outside RFC 3986.',
    match: (c) => !validTarget(lineAt(c.bytes, c.ours.error.offset)),
  },
  {
    key: 'we-reject:UNSUPPORTED_TRANSFER_CODING', rfc: 'RFC 9112 §6.1',
    why: 'A server that receives a transfer coding it does not implement SHOULD answer 501 (gzip, deflate, compress before chunked); llhttp frames by the final chunked and hands the application still-coded bytes.',
    match: (c) => codings(c).some((e) => KNOWN_CODINGS.has(codingName(e)) && codingName(e) !== 'chunked'),
  },
  {
    key: 'we-reject:UNKNOWN_TRANSFER_CODING', rfc: 'RFC 9112 §6.1, §7',
    why: 'An unregistered coding (including "identity", removed from the registry) cannot be decoded: 501. llhttp accepts any coding before a final chunked.',
    match: (c) => codings(c).some((e) => TOKEN.test(codingName(e)) && !KNOWN_CODINGS.has(codingName(e))),
  },
  {
    key: 'we-reject:CHUNKED_TWICE', rfc: 'RFC 9112 §6.1',
    why: 'chunked applied more than once leaves the framing ambiguous; llhttp misreads "chunked" followed by HTAB or parameters as another coding and frames by the other chunked.',
    match: (c) => codings(c).filter((e) => codingName(e) === 'chunked').length > 1,
  },
  {
    key: 'we-reject:INVALID_TRANSFER_ENCODING', rfc: 'RFC 9112 §6.3 ¶4, §7',
    why: 'A Transfer-Encoding element that is not a valid transfer-coding, or chunked with parameters (chunked defines none), leaves the framing in doubt: 400. llhttp treats the element as an unknown coding and frames by a later chunked.',
    match: (c) => codings(c).some((e) => !TOKEN.test(e)),
  },
  {
    key: 'we-reject:CHUNKED_NOT_FINAL', rfc: 'RFC 9112 §6.3 ¶4',
    why: 'Transfer-Encoding present in a request and chunked not the final coding (including an empty value, or chunked followed by another coding): MUST 400 and close. llhttp treats an empty Transfer-Encoding as absent and does not see "chunked<HTAB>" as chunked.',
    match: (c) => {
      const names = codings(c).map(codingName);
      return names.length === 0 || names.at(-1) !== 'chunked' || names.slice(0, -1).includes('chunked');
    },
  },
  {
    key: 'we-reject:TRANSFER_ENCODING_IN_HTTP10', rfc: 'RFC 9112 §6.1',
    why: 'An HTTP/1.0 message with Transfer-Encoding MUST be treated as having faulty framing; llhttp decodes it (or ignores an empty one) and keeps the connection.',
    match: (c) => rejectedHead(c).version === '1.0',
  },
  {
    key: 'we-reject:CONTENT_LENGTH_AND_TRANSFER_ENCODING', rfc: 'RFC 9112 §6.1, §6.3 ¶3',
    why: 'Both fields in one request: a server MAY reject and MUST close; we reject. llhttp rejects too unless Transfer-Encoding is empty, which it treats as absent.',
    match: (c) => {
      const head = rejectedHead(c);
      return values(head, 'content-length').length > 0 && values(head, 'transfer-encoding').length > 0;
    },
  },
  {
    key: 'we-reject:DATA_AFTER_CLOSE', rfc: 'RFC 9112 §9.6, §9.3',
    why: 'After a request with the close option a server MUST NOT process further requests. llhttp misses "close" followed by HTAB, and in HTTP/1.0 lets a keep-alive token win over close.',
    match: (c) => connectionTokens(c.ours.messages[c.at - 1]).includes('close')
      || c.ours.messages[c.at - 1]?.version === '1.0',
  },
  {
    key: 'we-reject:DUPLICATE_CONTENT_LENGTH', rfc: 'RFC 9112 §6.3 ¶5, RFC 9110 §8.6',
    why: 'More than one Content-Length line: differing values MUST get 400, equal ones MAY; we reject both. llhttp rejects too, but only once it has read the second value (the input ended first).',
    match: (c) => values(rejectedHead(c), 'content-length').length > 1,
  },
  {
    key: 'we-reject:REQUEST_LINE_TOO_LONG', rfc: 'Kestrel MaxRequestLineSize (RFC 9112 §3: 414)',
    why: 'Our request-line limit is 8 KiB (Kestrel\'s default); node:http allows a 16 KiB head. A limit, not a grammar difference.',
    match: (c) => lineAt(c.bytes, c.ours.error.offset).length >= 8192,
  },
  {
    key: 'we-reject:LF_EXPECTED', rfc: 'RFC 9112 §2.2',
    why: 'A bare CR outside content MUST be rejected (or replaced by SP); only empty lines (CRLF) may precede a request line. llhttp skips stray CR before a request.',
    match: (c) => c.bytes[c.ours.error.offset - 1] === 0x0d && c.bytes[c.ours.error.offset] !== 0x0a,
  },
  {
    key: 'we-reject:CR_EXPECTED', rfc: 'RFC 9112 §2.2',
    why: 'Bare LF as a line end is only a MAY; Windhover requires CRLF unless allowBareLF is set. llhttp skips bare LF empty lines before a request line.',
    // The byte we stopped at is an LF where the grammar needs CR LF (the byte before it may be
    // a CR that belonged to a body).
    match: (c) => c.bytes[c.ours.error.offset] === 0x0a,
  },
  {
    key: 'we-reject:INVALID_CHUNK_EXTENSION', rfc: 'RFC 9112 §7.1.1',
    why: 'chunk-ext-name is a token (at least one character); llhttp accepts an empty name (";=v") and other bytes in extensions.',
    match: (c) => chunkLines(c.bytes).some((ext) => !/^([ \t]*;[ \t]*[!#$%&'*+\-.^_`|~0-9A-Za-z]+([ \t]*=[ \t]*([!#$%&'*+\-.^_`|~0-9A-Za-z]+|"([^"\\]|\\.)*"))?)*[ \t]*$/.test(ext)),
  },
  {
    key: 'we-reject:INVALID_CHUNK_SIZE', rfc: 'RFC 9112 §7.1',
    why: 'A recipient MUST anticipate large hex chunk sizes and prevent overflow and precision loss: sizes above 2^53-1 are rejected. llhttp accepts sizes up to 2^64-1 and waits for the bytes.',
    match: (c) => [...c.bytes.toString('latin1').matchAll(/\r\n0*([0-9a-fA-F]+)[ \t;\r]/g)]
      .some((m) => m[1].length > 13 || parseInt(m[1], 16) > MAX_SAFE_LENGTH),
  },
  {
    key: 'we-reject:INVALID_CONTENT_LENGTH', rfc: 'RFC 9110 §8.6',
    why: 'Content-Length is 1*DIGIT, and a recipient MUST avoid precision loss: values above 2^53-1 (far beyond MaxRequestBodySize) are rejected, and so is an empty value, which llhttp only notices later.',
    match: (c) => [...c.bytes.toString('latin1').matchAll(/content-length:[ \t]*([^\r\n]*)/gi)]
      .some((m) => !/^\d+[ \t]*$/.test(m[1]) || Number(m[1]) > MAX_SAFE_LENGTH),
  },
  {
    key: 'we-reject:FORBIDDEN_TRAILER', rfc: 'RFC 9110 §6.5.1, §6.5.2',
    why: 'Fields needed before the content (framing, routing: Host, Content-Length, Transfer-Encoding, Trailer) must not come as trailers; we reject rather than ignore. llhttp accepts them (it rejects only Content-Length).',
    match: (c) => /\r\n0[^\r\n]*\r\n([^\r\n]*\r\n)*?(host|transfer-encoding|trailer|content-length|connection|upgrade|expect|te)[ \t]*:/i.test(c.bytes.toString('latin1')),
  },
  {
    key: /^we-reject:/, label: 'we-reject:(any code) after llhttp stopped for an upgrade', rfc: 'RFC 9110 §7.8, §9.3.6',
    why: UPGRADE_WHY,
    match: (c) => c.theirs.upgrade && c.at >= c.theirs.messages.length - 1,
  },
  {
    key: 'differ:upgrade', rfc: 'RFC 9110 §7.8, §9.3.6',
    why: UPGRADE_WHY,
    match: (c) => c.theirs.upgrade && !c.ours.upgrade && !c.ours.error && c.ours.messages.length === c.at && c.ours.pending !== null,
  },
  {
    key: 'differ:upgrade', rfc: 'RFC 9110 §5.5, §7.6.1, §7.8',
    why: 'OWS is not part of a field value, so "Connection: upgrade<HTAB>" carries the upgrade option and, with an Upgrade field, the request asks to switch; llhttp does not see the token and keeps parsing HTTP.',
    match: (c) => {
      const head = headOf(c.ours, c.at - 1) ?? headOf(c.ours, c.at);
      return c.ours.upgrade && !c.theirs.upgrade && connectionTokens(head).includes('upgrade') && values(head, 'upgrade').length > 0;
    },
  },
  {
    key: 'differ:body', rfc: 'RFC 9110 §5.5, RFC 9112 §6.1',
    why: 'OWS is not part of a field value, so "Transfer-Encoding: chunked<HTAB>" frames the body as chunked; llhttp does not see chunked there and, for an upgrade request, takes the body as empty.',
    match: (c) => /transfer-encoding:[ \t]*chunked[ \t]*\t[ \t]*\r\n/i.test(c.bytes.toString('latin1'))
      && headOf(c.ours, c.at)?.body.length > 0 && headOf(c.theirs, c.at)?.body.length === 0,
  },
  {
    key: 'llhttp-rejects:HPE_CLOSED_CONNECTION', rfc: 'RFC 9110 §6.5.1, §7.6.1',
    why: 'A trailer field must not be merged into the header section unless its definition allows it; Connection does not, so "Connection: close" in a trailer section does not close the connection. llhttp applies it and rejects the next request.',
    match: (c) => (c.ours.messages[c.at - 1]?.trailers ?? []).some(([name]) => name.toLowerCase() === 'connection'),
  },
  {
    key: /^llhttp-rejects:HPE_INVALID_(METHOD|CONSTANT)$/, label: 'llhttp-rejects:HPE_INVALID_METHOD or HPE_INVALID_CONSTANT', rfc: 'RFC 9110 §9.1',
    why: 'A method is any token and the set is extensible; llhttp knows a fixed list (and RTSP-only methods such as ANNOUNCE only with RTSP/x.y).',
    match: (c) => {
      const head = headOf(c.ours, c.at);
      if (head) return TOKEN.test(head.method) && !HTTP_METHODS.has(head.method);
      // The input ends inside the request line: llhttp refused a token character of the
      // method, or the SP after a run of them.
      const at = c.theirs.error.offset;
      const tchar = (byte) => byte !== undefined && TOKEN.test(String.fromCharCode(byte));
      const method = lineAt(c.bytes, at).split(' ')[0];
      return tchar(c.bytes[at]) || (c.bytes[at] === 0x20 && tchar(c.bytes[at - 1]))
        || (TOKEN.test(method) && !HTTP_METHODS.has(method));
    },
  },
  {
    key: 'llhttp-rejects:HPE_INVALID_TRANSFER_ENCODING', rfc: 'RFC 9110 §5.5, §5.6.1',
    why: 'OWS is not part of a field value and empty list elements MUST be ignored, so "chunked<HTAB>" and "chunked," mean chunked; llhttp rejects them.',
    match: (c) => {
      const list = codings({ ...c, theirs: { messages: [], pending: null } });
      return list.length > 0 && codingName(list.at(-1)) === 'chunked' && list.every(TOKEN.test.bind(TOKEN));
    },
  },
  {
    key: /^llhttp-rejects:HPE_(STRICT|INVALID_CHUNK_SIZE)$/, label: 'llhttp-rejects:HPE_STRICT or HPE_INVALID_CHUNK_SIZE', rfc: 'RFC 9112 §7.1.1, RFC 9110 §5.6.3',
    why: 'BWS around ";" and "=" in chunk extensions MUST be parsed and dropped; llhttp rejects "5 ;a=b" and "5; a = b".',
    // Also an input that ends in "<size> SP": BWS may still be followed by ";" and an extension.
    match: (c) => chunkLines(c.bytes).some((ext) => /[ \t]/.test(ext))
      || /\r\n[0-9a-fA-F]+[ \t]+$/.test(c.bytes.toString('latin1')),
  },
  {
    key: 'llhttp-rejects:HPE_INVALID_URL', rfc: 'RFC 9112 §3.2.2, RFC 3986 §3, §4.3',
    why: 'absolute-form is any absolute-URI: a scheme may hold digits, "+", "-", "." and the hier-part need not start with "//". llhttp\'s URL parser accepts only scheme "://" host forms.',
    match: (c) => {
      const target = headOf(c.ours, c.at)?.url ?? lineAt(c.bytes, c.theirs.error.offset).split(' ')[1] ?? '';
      const uri = /^[A-Za-z][A-Za-z0-9+.-]*:(\/\/([^/?#]*))?/.exec(target);
      // With an authority, its host must be valid too (userinfo aside).
      return Boolean(uri) && (uri[2] === undefined || validHost(uri[2].replace(/^.*@/, '')));
    },
  },
  {
    key: 'llhttp-rejects:HPE_INVALID_CONTENT_LENGTH', rfc: 'RFC 9110 §5.5, §8.6',
    why: 'OWS around the value is not part of it, so "42<HTAB>" is Content-Length 42; llhttp rejects trailing HTAB.',
    match: (c) => values(headOf(c.ours, c.at), 'content-length').every((v) => /^\d+$/.test(v))
      && /content-length:[ \t]*\d+[ \t]*\t[ \t]*\r/i.test(c.bytes.toString('latin1')),
  },
  {
    key: 'llhttp-rejects:HPE_HEADER_OVERFLOW', rfc: 'Kestrel MaxRequestHeadersTotalSize',
    why: 'node:http caps the whole head at 16 KiB; our field-section limit is Kestrel\'s 32 KiB (plus an 8 KiB request line). A limit, not a grammar difference.',
    match: (c) => c.bytes.length > 16 * 1024 - 64,
  },
];

/** The entry explaining `key` for this case ({ bytes, ours, theirs, at }), or null. */
export function knownClass(key, c) {
  for (const entry of KNOWN_CLASSES) {
    const hit = typeof entry.key === 'string' ? entry.key === key : entry.key.test(key);
    if (!hit) continue;
    try {
      if (entry.match(c)) return entry;
    } catch {
      // A check that cannot read this case does not explain it.
    }
  }
  return null;
}

/** The table as Markdown, for README "Differential fuzzing". */
export function knownClassesMarkdown() {
  const rows = KNOWN_CLASSES.map((entry) => `| \`${entry.label ?? entry.key}\` | ${entry.rfc} | ${entry.why.replace(/\|/g, '\\|')} |`);
  return ['| class | rule | why the difference is right |', '|---|---|---|', ...rows].join('\n');
}
