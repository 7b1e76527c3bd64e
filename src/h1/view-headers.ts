// RequestHeaders over the parser's lazy HeadView: nothing is decoded until the application
// asks, known field names are matched by id (no string compare), and the view is retained
// (copied out of shared Wasm memory) only when the request outlives the parser call that
// produced it.

import { lowLevel } from '../../bindings/parser/index.js';
import type { RequestBody } from '../body.js';
import { Request, type ConnectionInfo, type Protocol } from '../context.js';
import type { RequestHeaders } from '../http/headers.js';

type HeadView = InstanceType<typeof lowLevel.HeadView>;

const COOKIE = lowLevel.headerId('cookie');
const HEADER_IDS = lowLevel.HEADER_IDS;

export class ViewHeaders implements RequestHeaders {
  constructor(readonly view: HeadView) {}

  get size(): number {
    return this.view.headerCount;
  }

  get(name: string): string | null {
    const { view } = this;
    const lower = name.toLowerCase();
    const id = HEADER_IDS.get(lower) ?? 0;
    const count = view.headerCount;
    let out: string | null = null;
    for (let i = 0; i < count; i++) {
      const known = view.knownIdAt(i);
      if (id !== 0 ? known !== id : known !== 0 || view.nameAt(i) !== lower) continue;
      const value = view.valueAt(i);
      out = out === null ? value : `${out}${id === COOKIE ? '; ' : ', '}${value}`;
    }
    return out;
  }

  getAll(name: string): string[] {
    const lower = name.toLowerCase();
    const out: string[] = [];
    const count = this.view.headerCount;
    for (let i = 0; i < count; i++) if (this.view.nameAt(i) === lower) out.push(this.view.valueAt(i));
    return out;
  }

  has(name: string): boolean {
    const lower = name.toLowerCase();
    const id = HEADER_IDS.get(lower) ?? 0;
    const count = this.view.headerCount;
    for (let i = 0; i < count; i++) {
      const known = this.view.knownIdAt(i);
      if (id !== 0 ? known === id : known === 0 && this.view.nameAt(i) === lower) return true;
    }
    return false;
  }

  *entries(): IterableIterator<[string, string]> {
    const count = this.view.headerCount;
    for (let i = 0; i < count; i++) yield [this.view.nameAt(i), this.view.valueAt(i)];
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }

  forEach(callback: (value: string, name: string) => void): void {
    const count = this.view.headerCount;
    for (let i = 0; i < count; i++) callback(this.view.valueAt(i), this.view.nameAt(i));
  }

  raw(): [string, string][] {
    const count = this.view.headerCount;
    const out: [string, string][] = new Array(count);
    for (let i = 0; i < count; i++) out[i] = [this.view.rawNameAt(i), this.view.valueAt(i)];
    return out;
  }
}

/** A request whose head is the parser's view: the header view is made on first use. */
export class H1Request extends Request {
  constructor(readonly view: HeadView, protocol: Protocol, body: RequestBody | null, connection: ConnectionInfo) {
    super(view, protocol, null, body, connection);
  }

  protected override makeHeaders(): RequestHeaders {
    return new ViewHeaders(this.view);
  }
}
