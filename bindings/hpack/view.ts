// HeaderBlockView: a lazy view over one decoded block's records for the server's hot path.
// Strings are made only when read (static names by id, without any string work at all);
// the raw octets are available as subarrays of Wasm memory. Like a frame in Go's http2, the
// view is valid only until the next call (decode, encode, table inspection) by any decoder or
// encoder on the same runtime: reading it afterwards throws rather than returning other data.
import type { HpackDecoder } from './decoder.js';
import { STATIC_NAMES } from './static-table.generated.js';
import { REC_WORDS, REC_F_NEVER_INDEXED } from './layout.js';

export class HeaderBlockView {
  /** Number of fields in the block. */
  readonly count: number;
  private readonly decoder: HpackDecoder;
  private readonly generation: number;
  private readonly pair = ['', ''];

  /** @internal */
  constructor(decoder: HpackDecoder, count: number) {
    this.decoder = decoder;
    this.count = count;
    this.generation = decoder.rt.generation;
  }

  private word(i: number, w: number): number {
    const rt = this.decoder.rt;
    if (rt.generation !== this.generation) throw new Error('windhover/hpack: HeaderBlockView read after a later call on its runtime');
    if (!(i >= 0 && i < this.count)) throw new RangeError(`field index ${i} out of range`);
    return rt.u32[(rt.recPtr >>> 2) + i * REC_WORDS + w];
  }

  /** Static-table name id of field i (the lowest HPACK index with that name), 0 if none. */
  nameId(i: number): number {
    return this.word(i, 4) & 0xff;
  }

  /** Whether field i was sent as never-indexed (RFC 7541 §6.2.3): re-encode it the same way. */
  neverIndexed(i: number): boolean {
    return (this.word(i, 4) & REC_F_NEVER_INDEXED) !== 0;
  }

  name(i: number): string {
    const id = this.word(i, 4) & 0xff;
    if (id !== 0) return STATIC_NAMES[id];
    this.decoder.field(i, this.pair);
    return this.pair[0];
  }

  value(i: number): string {
    this.word(i, 4);
    this.decoder.field(i, this.pair);
    return this.pair[1];
  }

  /** Octets of the name (a view of Wasm memory, valid as long as the view). */
  nameBytes(i: number): Uint8Array {
    const ptr = this.word(i, 0);
    return this.decoder.rt.u8.subarray(ptr, ptr + this.word(i, 1));
  }

  /** Octets of the value (a view of Wasm memory, valid as long as the view). */
  valueBytes(i: number): Uint8Array {
    const ptr = this.word(i, 2);
    return this.decoder.rt.u8.subarray(ptr, ptr + this.word(i, 3));
  }

  /** All fields as [name, value] pairs. */
  toArray(): [string, string][] {
    const out = new Array<[string, string]>(this.count);
    for (let i = 0; i < this.count; i++) {
      this.word(i, 4);
      this.decoder.field(i, this.pair);
      out[i] = [this.pair[0], this.pair[1]];
    }
    return out;
  }
}
