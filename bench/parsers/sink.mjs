// The one contract every parser driver reports through, and the correctness check run before
// any timing. A driver calls, per message: message(method, target), then header(name, value)
// for every field line in wire order (a lazy driver calls fieldCount(n) instead), body(bytes) for each decoded body piece (framing
// removed), and end() when the message is complete. All names, values, method and target are
// JS strings; bodies are Uint8Array views valid during the call.

/** Counts what it is handed; the character total keeps every string observably used. */
export class CountingSink {
  constructor() {
    this.messages = 0;
    this.headers = 0;
    this.bodyBytes = 0;
    this.chars = 0;
  }

  message(method, target) {
    this.chars += method.length + target.length;
  }

  header(name, value) {
    this.headers++;
    this.chars += name.length + value.length;
  }

  fieldCount(count) {
    this.headers += count;
  }

  body(bytes) {
    this.bodyBytes += bytes.length;
  }

  end() {
    this.messages++;
  }
}

/** Keeps everything, for the correctness check. */
export class RecordingSink {
  constructor() {
    this.records = [];
    this.current = null;
  }

  message(method, target) {
    this.current = { method, target, headers: [], fieldCount: 0, body: [], complete: false };
    this.records.push(this.current);
  }

  header(name, value) {
    if (typeof name !== 'string' || typeof value !== 'string') {
      throw new TypeError(`header name and value must be strings, got ${typeof name}/${typeof value}`);
    }
    this.current.headers.push([name, value]);
    this.current.fieldCount++;
  }

  fieldCount(count) {
    this.current.fieldCount += count;
  }

  body(bytes) {
    this.current.body.push(Buffer.from(bytes).toString('latin1'));
  }

  end() {
    this.current.complete = true;
  }
}

/**
 * Parses `mix.buffer` with a fresh driver over a RecordingSink and throws unless every
 * message, field and body byte came out as expected. `options.lazy` drivers make strings for
 * method and target only, so their fields are checked by count.
 */
export function verifyDriver(createDriver, mix, options = {}) {
  const sink = new RecordingSink();
  const driver = createDriver(sink);
  const parsed = driver.parse(mix.buffer);
  const { messages, request } = mix.expected;
  const where = `${driver.name} on ${mix.id}`;
  if (parsed !== messages) throw new Error(`${where}: parse() returned ${parsed}, want ${messages}`);
  if (sink.records.length !== messages) {
    throw new Error(`${where}: ${sink.records.length} messages reported, want ${messages}`);
  }
  for (const [i, got] of sink.records.entries()) {
    const at = `${where}, message ${i}`;
    if (got.method !== request.method) throw new Error(`${at}: method ${got.method}`);
    if (got.target !== request.target) throw new Error(`${at}: target ${got.target}`);
    if (!got.complete) throw new Error(`${at}: not complete`);
    if (got.fieldCount !== request.headers.length) {
      throw new Error(`${at}: ${got.fieldCount} fields, want ${request.headers.length}`);
    }
    const body = got.body.join('');
    if (body !== request.body) throw new Error(`${at}: body of ${body.length} bytes differs`);
    if (options.lazy) continue;
    for (const [j, [name, value]] of request.headers.entries()) {
      const [gotName, gotValue] = got.headers[j];
      if (gotName.toLowerCase() !== name.toLowerCase() || gotValue !== value) {
        throw new Error(`${at}: field ${j} is ${gotName}: ${gotValue}, want ${name}: ${value}`);
      }
    }
  }
  driver.close?.();
  return true;
}
