// Octets <-> JavaScript strings for HTTP field names and values, which are latin1 (each
// octet one UTF-16 code unit; RFC 9110 §5.5 obs-text included).
// Decoding: with a Node-compatible global Buffer (Node, Bun, Deno's node compat), its native
// latin1 slicing over the Wasm memory; elsewhere String.fromCharCode over chunks.
// TextDecoder('latin1') is not used: the WHATWG encoding of that name is windows-1252,
// which remaps 0x80-0x9F.
// Encoding: a whole header list is joined into one string and written with one
// TextEncoder.encodeInto call, which is exact when every character is ASCII (the common
// case: as many octets written as characters read); otherwise a latin1 loop writes it and
// rejects characters above U+00FF.
// State: views over the current Wasm memory, replaced when memory grows.
import { HpackError } from './errors.js';

interface NodeBufferLike {
  latin1Slice(start: number, end: number): string;
}
interface NodeBufferStatic {
  from(buffer: ArrayBuffer): NodeBufferLike;
  prototype: Partial<NodeBufferLike>;
}

const NodeBuffer = (globalThis as unknown as { Buffer?: NodeBufferStatic }).Buffer;
const hasNative = NodeBuffer !== undefined && typeof NodeBuffer.prototype.latin1Slice === 'function';

const CHUNK = 4096;
const INVALID_CHARACTER = 15;
const encoder = new TextEncoder();

export class Latin1 {
  private native: NodeBufferLike | undefined;
  private u8: Uint8Array;
  private window: Uint8Array;
  private windowStart = -1;

  constructor(buffer: ArrayBuffer) {
    this.u8 = new Uint8Array(buffer);
    this.window = this.u8;
    this.native = hasNative ? NodeBuffer!.from(buffer) : undefined;
  }

  reset(buffer: ArrayBuffer): void {
    this.u8 = new Uint8Array(buffer);
    this.windowStart = -1;
    this.native = hasNative ? NodeBuffer!.from(buffer) : undefined;
  }

  /** The octets [start, end) of Wasm memory as a string. */
  decode(start: number, end: number): string {
    if (this.native) return this.native.latin1Slice(start, end);
    const u8 = this.u8;
    let out = '';
    for (let i = start; i < end; i += CHUNK) {
      out += String.fromCharCode.apply(null, u8.subarray(i, Math.min(end, i + CHUNK)) as unknown as number[]);
    }
    return out;
  }

  /**
   * Writes `text` as latin1 at `at` (room for text.length octets is the caller's duty).
   * Throws HpackError HPACK_INVALID_CHARACTER for a character above U+00FF; `fieldOf(i)`
   * names the field that holds character i.
   */
  encode(text: string, at: number, fieldOf: (i: number) => number): void {
    if (this.windowStart !== at) {
      this.window = this.u8.subarray(at);
      this.windowStart = at;
    }
    const done = encoder.encodeInto(text, this.window);
    if (done.read === text.length && done.written === text.length) return;
    const u8 = this.u8;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c > 0xff) throw new HpackError(INVALID_CHARACTER, fieldOf(i));
      u8[at + i] = c;
    }
  }
}
