// Octets <-> JavaScript strings for HTTP field names and values, which are latin1 (each
// octet one UTF-16 code unit; RFC 9110 §5.5 obs-text included). With a Node-compatible
// global Buffer (Node, Bun, Deno's node compat) decoding uses its native latin1 slicing over
// the Wasm memory; elsewhere String.fromCharCode over chunks. TextDecoder('latin1') is not
// used: the WHATWG encoding of that name is windows-1252, which remaps 0x80-0x9F.
// State: one Buffer view over the current Wasm memory, replaced when memory grows.
import { HpackError } from './errors.js';

interface NodeBufferLike {
  latin1Slice(start: number, end: number): string;
  latin1Write(text: string, offset: number, length: number): number;
}
interface NodeBufferStatic {
  from(buffer: ArrayBuffer): NodeBufferLike;
  prototype: Partial<NodeBufferLike>;
}

const NodeBuffer = (globalThis as unknown as { Buffer?: NodeBufferStatic }).Buffer;
const hasNative = NodeBuffer !== undefined && typeof NodeBuffer.prototype.latin1Slice === 'function' &&
  typeof NodeBuffer.prototype.latin1Write === 'function';

const CHUNK = 4096;
const INVALID_CHARACTER = 15;

export class Latin1 {
  private native: NodeBufferLike | undefined;
  private u8: Uint8Array;

  constructor(buffer: ArrayBuffer) {
    this.u8 = new Uint8Array(buffer);
    this.native = hasNative ? NodeBuffer!.from(buffer) : undefined;
  }

  reset(buffer: ArrayBuffer): void {
    this.u8 = new Uint8Array(buffer);
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
   * Writes `text` as latin1 at `at`; throws HpackError HPACK_INVALID_CHARACTER (offset =
   * `field`) for a character above U+00FF. Returns the octets written (text.length).
   */
  encode(text: string, at: number, field: number): number {
    const n = text.length;
    const u8 = this.u8;
    if (n > 32 && this.native) {
      for (let i = 0; i < n; i++) if (text.charCodeAt(i) > 0xff) throw new HpackError(INVALID_CHARACTER, field);
      this.native.latin1Write(text, at, n);
      return n;
    }
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c > 0xff) throw new HpackError(INVALID_CHARACTER, field);
      u8[at + i] = c;
    }
    return n;
  }
}
