// Compares the subject's outcome with llhttp's and names the result class:
//   same                      both accept, same messages
//   both-reject               both reject after the same messages
//   we-reject:<OUR_CODE>      we reject where llhttp accepts (or rejects later)
//   llhttp-rejects:<HPE_CODE> llhttp rejects where we accept (or reject later)
//   differ:<what>             both accept but disagree on method/url/version/headers/body/
//                             trailers, the number of messages, or an upgrade stop
// Field names compare case-insensitively and values without surrounding OWS, because OWS is
// not part of a field value (RFC 9110 §5.5, RFC 9112 §5.1) and llhttp keeps trailing OWS.

function normalizeFields(fields) {
  return (fields ?? []).map(([name, value]) => `${name.toLowerCase()}\0${value.replace(/^[ \t]+|[ \t]+$/g, '')}`).join('\n');
}

const FIELDS = [
  ['method', (m) => m.method],
  ['url', (m) => m.url],
  ['version', (m) => m.version],
  ['headers', (m) => normalizeFields(m.headers)],
  ['body', (m) => m.body],
  ['trailers', (m) => (m.trailers === undefined ? undefined : normalizeFields(m.trailers))],
];

/** First field on which two messages differ, or null. Fields one side does not report are skipped. */
export function messageDifference(a, b) {
  for (const [name, get] of FIELDS) {
    const x = get(a);
    const y = get(b);
    if (x === undefined || y === undefined) continue;
    if (x !== y) return name;
  }
  return null;
}

/** Returns { key, at } where `at` is the message index the classes was decided on. */
export function classify(ours, theirs) {
  const shared = Math.min(ours.messages.length, theirs.messages.length);
  for (let i = 0; i < shared; i++) {
    const field = messageDifference(ours.messages[i], theirs.messages[i]);
    if (field) return { key: `differ:${field}`, at: i };
  }
  const weHaveFewer = ours.messages.length < theirs.messages.length;
  const theyHaveFewer = theirs.messages.length < ours.messages.length;
  if (!weHaveFewer && !theyHaveFewer) {
    if (ours.error && theirs.error) return { key: 'both-reject', at: shared };
    if (ours.error) return { key: `we-reject:${ours.error.code}`, at: shared };
    if (theirs.error) return { key: `llhttp-rejects:${theirs.error.code}`, at: shared };
    if (Boolean(ours.upgrade) !== Boolean(theirs.upgrade)) return { key: 'differ:upgrade', at: shared };
    return { key: 'same', at: shared };
  }
  if (weHaveFewer) {
    if (ours.error) return { key: `we-reject:${ours.error.code}`, at: shared };
    if (ours.upgrade || theirs.upgrade) return { key: 'differ:upgrade', at: shared };
    return { key: 'differ:message-count', at: shared };
  }
  if (theirs.error) return { key: `llhttp-rejects:${theirs.error.code}`, at: shared };
  if (ours.upgrade || theirs.upgrade) return { key: 'differ:upgrade', at: shared };
  return { key: 'differ:message-count', at: shared };
}

/** True when two runs of the same parser on different splits of one input agree. */
export function sameOutcome(a, b) {
  if (a.messages.length !== b.messages.length) return false;
  for (let i = 0; i < a.messages.length; i++) if (messageDifference(a.messages[i], b.messages[i])) return false;
  if ((a.error?.code ?? null) !== (b.error?.code ?? null)) return false;
  return Boolean(a.upgrade) === Boolean(b.upgrade);
}

/** Input bytes as a JS string literal body: printable ASCII kept, the rest \r \n \t \xHH. */
export function hexEscape(bytes) {
  let out = '';
  for (const byte of bytes) {
    if (byte === 0x0d) out += '\\r';
    else if (byte === 0x0a) out += '\\n';
    else if (byte === 0x09) out += '\\t';
    else if (byte === 0x5c) out += '\\\\';
    else if (byte >= 0x20 && byte < 0x7f) out += String.fromCharCode(byte);
    else out += `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return out;
}
