// A lazy view of one message head in the result record: numbers are read from the record,
// strings are made only when asked for (one latin1 decode of the head, then substrings;
// known field names are interned lower-case strings). A view reads shared Wasm memory, so it
// is valid only until the next push of any parser on the same runtime; `retain()` copies the
// head's words and text so the view stays valid for good. Using a stale view throws.
import {
  HEAD_FLAGS, HEAD_METHOD, HEAD_VERSION, HEAD_START, HEAD_END, HEAD_TARGET_START, HEAD_TARGET_END,
  HEAD_LENGTH_LO, HEAD_LENGTH_HI, HEAD_COUNT, HEAD_FIXED, HEAD_WORDS, FIELD_ID_SHIFT, FIELD_END_MASK,
  F_KEEP_ALIVE, F_UPGRADE, F_CHUNKED, F_CONTENT_LENGTH, F_EXPECT_CONTINUE, F_NO_BODY,
  F_CLOSE_DELIMITED, HEADER_NAMES, METHOD_NAMES,
} from './generated.js';
import type { Runtime } from './runtime.js';

/** Known field-name ids by lower-case name (see HEADER_NAMES). */
export const HEADER_IDS: ReadonlyMap<string, number> = new Map(HEADER_NAMES.map((name, id) => [name, id]));

/** Known id of a field name (case-insensitive), or 0. */
export function headerId(name: string): number {
  return HEADER_IDS.get(name.toLowerCase()) ?? 0;
}

export class HeadView {
  private words: Uint32Array;
  private base: number;
  private text: string | null = null;
  private textStart: number;
  private readonly rt: Runtime;
  private gen: number;

  /** @internal */
  constructor(rt: Runtime, record: number) {
    this.rt = rt;
    this.words = rt.u32;
    this.base = record;
    this.gen = rt.gen;
    this.textStart = this.words[record + HEAD_START];
  }

  /** Throws when the record this view reads has been overwritten. */
  private check(): void {
    if (this.gen >= 0 && this.gen !== this.rt.gen) {
      throw new Error('HeadView used after the next push: call retain() to keep it');
    }
  }

  private w(index: number): number {
    this.check();
    return this.words[this.base + index];
  }

  /** The head's bytes as one latin1 string (decoded once; fields are substrings of it). */
  private source(): string {
    let text = this.text;
    if (text === null) {
      this.check();
      const input = this.rt.input;
      text = this.text = this.rt.latin1(input + this.textStart, input + this.words[this.base + HEAD_END]);
    }
    return text;
  }

  private slice(start: number, end: number): string {
    return this.source().substring(start - this.textStart, end - this.textStart);
  }

  /** Copies what the view needs so it stays valid after later pushes. */
  retain(): this {
    if (this.gen >= 0) {
      this.source();
      this.words = this.words.slice(this.base, this.base + this.w(HEAD_WORDS));
      this.base = 0;
      this.gen = -1;
    }
    return this;
  }

  get flags(): number { return this.w(HEAD_FLAGS); }
  get methodId(): number { return this.w(HEAD_METHOD); }
  /** The method as received (case-sensitive token). */
  get method(): string {
    const id = this.w(HEAD_METHOD);
    return id !== 0 ? METHOD_NAMES[id] : this.slice(this.textStart, this.w(HEAD_TARGET_START) - 1);
  }
  /** The request-target as received. */
  get target(): string { return this.slice(this.w(HEAD_TARGET_START), this.w(HEAD_TARGET_END)); }
  /** Response status code. */
  get status(): number { return this.w(HEAD_METHOD); }
  /** Response reason-phrase ('' when absent). */
  get reason(): string { return this.slice(this.w(HEAD_TARGET_START), this.w(HEAD_TARGET_END)); }
  get versionMajor(): number { return this.w(HEAD_VERSION) >>> 8; }
  get versionMinor(): number { return this.w(HEAD_VERSION) & 0xff; }
  get keepAlive(): boolean { return (this.w(HEAD_FLAGS) & F_KEEP_ALIVE) !== 0; }
  /** The parser stops after this message (Upgrade, CONNECT, 101, CONNECT 2xx). */
  get upgrade(): boolean { return (this.w(HEAD_FLAGS) & F_UPGRADE) !== 0; }
  get chunked(): boolean { return (this.w(HEAD_FLAGS) & F_CHUNKED) !== 0; }
  get noBody(): boolean { return (this.w(HEAD_FLAGS) & F_NO_BODY) !== 0; }
  get closeDelimited(): boolean { return (this.w(HEAD_FLAGS) & F_CLOSE_DELIMITED) !== 0; }
  get expectContinue(): boolean { return (this.w(HEAD_FLAGS) & F_EXPECT_CONTINUE) !== 0; }
  /** Content-Length when the field is present, else null. */
  get contentLength(): number | null {
    if ((this.w(HEAD_FLAGS) & F_CONTENT_LENGTH) === 0) return null;
    return this.w(HEAD_LENGTH_HI) * 4294967296 + this.w(HEAD_LENGTH_LO);
  }
  /** Stream offsets are the engine's business; this is the head's length in bytes. */
  get headLength(): number { return this.w(HEAD_END) - this.textStart; }
  get headerCount(): number { return this.w(HEAD_COUNT); }

  /** Known id of field line i (0 when the name is not in HEADER_NAMES). */
  knownIdAt(i: number): number { return this.w(HEAD_FIXED + (i << 2) + 1) >>> FIELD_ID_SHIFT; }

  /** Lower-case name of field line i (interned for known names). */
  nameAt(i: number): string {
    const at = HEAD_FIXED + (i << 2);
    const word = this.w(at + 1);
    const id = word >>> FIELD_ID_SHIFT;
    if (id !== 0) return HEADER_NAMES[id];
    return this.slice(this.w(at), word & FIELD_END_MASK).toLowerCase();
  }

  /** Name of field line i as received. */
  rawNameAt(i: number): string {
    const at = HEAD_FIXED + (i << 2);
    return this.slice(this.w(at), this.w(at + 1) & FIELD_END_MASK);
  }

  /** Value of field line i, OWS trimmed. */
  valueAt(i: number): string {
    const at = HEAD_FIXED + (i << 2);
    return this.slice(this.w(at + 2), this.w(at + 3));
  }

  /** First value of the known field `id` (see HEADER_IDS), or undefined. */
  getKnown(id: number): string | undefined {
    const count = this.w(HEAD_COUNT);
    for (let i = 0, at = HEAD_FIXED + 1; i < count; i++, at += 4) {
      if (this.w(at) >>> FIELD_ID_SHIFT === id) return this.valueAt(i);
    }
    return undefined;
  }

  /** First value of a field by name (case-insensitive), or undefined. */
  get(name: string): string | undefined {
    const lower = name.toLowerCase();
    const id = HEADER_IDS.get(lower);
    if (id) return this.getKnown(id);
    const count = this.w(HEAD_COUNT);
    for (let i = 0; i < count; i++) {
      if (this.knownIdAt(i) === 0 && this.nameAt(i) === lower) return this.valueAt(i);
    }
    return undefined;
  }

  /** Every field line as [lower-case name, value], in wire order. */
  headers(): [string, string][] {
    const text = this.source();
    const words = this.words;
    const t0 = this.textStart;
    const out: [string, string][] = [];
    const end = this.base + HEAD_FIXED + (words[this.base + HEAD_COUNT] << 2);
    for (let at = this.base + HEAD_FIXED; at < end; at += 4) {
      const word = words[at + 1];
      const id = word >>> FIELD_ID_SHIFT;
      const name = id !== 0 ? HEADER_NAMES[id] : text.substring(words[at] - t0, (word & FIELD_END_MASK) - t0).toLowerCase();
      out.push([name, text.substring(words[at + 2] - t0, words[at + 3] - t0)]);
    }
    return out;
  }

  /** [name as received, value, name, value, ...] like node:http's rawHeaders. */
  rawHeaders(): string[] {
    const count = this.w(HEAD_COUNT);
    const out: string[] = new Array(count * 2);
    for (let i = 0; i < count; i++) {
      out[2 * i] = this.rawNameAt(i);
      out[2 * i + 1] = this.valueAt(i);
    }
    return out;
  }
}
