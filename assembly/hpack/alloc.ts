// Heap for per-connection contexts and the I/O windows: size-class free lists over a bump
// region that starts after all static data (__heap_base). Allocation happens only when a
// decoder or encoder is created, resized or freed, or a window is enlarged, never while a
// block is coded. Growing memory detaches the bindings' views, so every export that can
// allocate is a "safe point" after which the bindings refresh them. Blocks are reused by size
// class (four classes per power of two, at most 25% slack), so memory stays bounded by the
// peak of live contexts. Owns: the bump pointer and the free-list heads.

// @ts-ignore: decorator
@inline const BLOCK_HEADER: usize = 16;
// @ts-ignore: decorator
@inline const CLASS_COUNT: u32 = 112;
/** Highest address the heap may reach: keeps every offset a positive i32 for the bindings. */
// @ts-ignore: decorator
@inline const HEAP_LIMIT: usize = 0x7fff0000;

const FREE_HEADS = memory.data(CLASS_COUNT * 4, 16);
let heapTop: usize = 0;

/** Size of class c: (4 + c % 4) << (c / 4 + 4), i.e. 64, 80, 96, 112, 128, 160, ... */
// @ts-ignore: decorator
@inline function classSize(c: u32): usize {
  return <usize>(4 + (c & 3)) << ((c >> 2) + 4);
}

/** Allocates `size` bytes, 16-aligned and zeroed; returns 0 when memory cannot grow. */
export function heapAlloc(size: usize): usize {
  if (size > (1 << 30)) return 0; // keeps classSize() within 32 bits
  let c: u32 = 0;
  while (classSize(c) < size + BLOCK_HEADER) c++;
  const bytes = classSize(c);
  let block = load<usize>(FREE_HEADS + (c << 2));
  if (block != 0) {
    store<usize>(FREE_HEADS + (c << 2), load<usize>(block));
  } else {
    if (heapTop == 0) heapTop = (__heap_base + 15) & ~15;
    if (heapTop + bytes > HEAP_LIMIT) return 0;
    const needed = heapTop + bytes;
    const have = <usize>memory.size() << 16;
    if (needed > have) {
      const pages = <i32>((needed - have + 0xffff) >> 16);
      if (memory.grow(pages) < 0) return 0;
    }
    block = heapTop;
    heapTop = needed;
  }
  store<u32>(block, c);
  memory.fill(block + BLOCK_HEADER, 0, bytes - BLOCK_HEADER);
  return block + BLOCK_HEADER;
}

/** Returns a block from heapAlloc to its class's free list. */
export function heapFree(ptr: usize): void {
  if (ptr == 0) return;
  const block = ptr - BLOCK_HEADER;
  const c = load<u32>(block);
  store<usize>(block, load<usize>(FREE_HEADS + (c << 2)));
  store<usize>(FREE_HEADS + (c << 2), block);
}

/** Bytes the heap has taken from memory so far (live and free blocks). */
export function heapUsed(): usize {
  return heapTop == 0 ? 0 : heapTop - ((__heap_base + 15) & ~15);
}
