// The first-in, first-out list of what a connection parsed ahead of the running exchange
// (pipelined exchanges and the rejection status owed after them, RFC 9112 §9.3.2). A head
// index replaces Array.prototype.shift, which moves every later element on each call; the
// backing array is emptied whenever the last item is taken, so it stays short. Owns only
// that array.

export class PendingQueue<T> {
  private items: (T | undefined)[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  /** Removes and returns the oldest item, or undefined when empty. */
  shift(): T | undefined {
    const items = this.items;
    const head = this.head;
    if (head >= items.length) return undefined;
    const item = items[head];
    if (head + 1 === items.length) {
      // Emptied: pop() is the cheap path for the common single item; setting length is a
      // runtime call, paid once per batch of pipelined requests.
      if (head === 0) items.pop();
      else items.length = 0;
      this.head = 0;
    } else {
      items[head] = undefined;
      this.head = head + 1;
    }
    return item;
  }

  /** The i-th item from the oldest (0 <= i < length). */
  at(i: number): T {
    return this.items[this.head + i] as T;
  }

  /** The newest item, or undefined when empty. */
  get last(): T | undefined {
    return this.head < this.items.length ? this.items[this.items.length - 1] : undefined;
  }

  /** The items, oldest first, as a new array (for the rare paths that walk all of them). */
  toArray(): T[] {
    return this.items.slice(this.head) as T[];
  }

  clear(): void {
    this.items.length = 0;
    this.head = 0;
  }
}
