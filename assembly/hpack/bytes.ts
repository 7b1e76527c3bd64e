// Octet-range helpers. Copies: V8 compiles memory.copy to a call out of the Wasm code,
// which costs more than the copy itself for the few dozen octets of a typical name or
// value, so short copies go through 8-octet loads and stores; long ones use memory.copy.
// Owns no memory.

// @ts-ignore: decorator
@inline const SHORT_COPY: u32 = 64;

/** Copies n octets from src to dst; the ranges must not overlap. */
// @ts-ignore: decorator
@inline export function copyBytes(dst: usize, src: usize, n: u32): void {
  if (n > SHORT_COPY) {
    memory.copy(dst, src, n);
    return;
  }
  copyShort(dst, src, n);
}

function copyShort(dst: usize, src: usize, n: u32): void {
  let i: u32 = 0;
  for (; i + 8 <= n; i += 8) store<u64>(dst + i, load<u64>(src + i));
  if (i + 4 <= n) { store<u32>(dst + i, load<u32>(src + i)); i += 4; }
  for (; i < n; i++) store<u8>(dst + i, load<u8>(src + i));
}

/** Whether `len` octets at a and b are equal. */
export function bytesEqual(a: usize, b: usize, len: u32): bool {
  let i: u32 = 0;
  for (; i + 8 <= len; i += 8) {
    if (load<u64>(a + i) != load<u64>(b + i)) return false;
  }
  for (; i < len; i++) {
    if (load<u8>(a + i) != load<u8>(b + i)) return false;
  }
  return true;
}
