// Lookups in the static table (RFC 7541 §2.3.1, Appendix A; data in static-table.ts):
// entry fields by index, the static name id of a name given as bytes (so that the bindings
// can hand out interned name strings), and the full-entry match the encoder uses.
// Owns no memory.
import {
  STATIC_DATA, STATIC_ENTRIES, STATIC_NAME_BUCKETS, STATIC_NAME_RUN, staticNameBucket,
} from './static-table';
import { bytesEqual } from './bytes';

// @ts-ignore: decorator
@inline export function staticNamePtr(index: u32): usize {
  return STATIC_DATA + <usize>load<u16>(STATIC_ENTRIES + (<usize>index << 3));
}
// @ts-ignore: decorator
@inline export function staticNameLen(index: u32): u32 {
  return load<u16>(STATIC_ENTRIES + (<usize>index << 3), 2);
}
// @ts-ignore: decorator
@inline export function staticValuePtr(index: u32): usize {
  return STATIC_DATA + <usize>load<u16>(STATIC_ENTRIES + (<usize>index << 3), 4);
}
// @ts-ignore: decorator
@inline export function staticValueLen(index: u32): u32 {
  return load<u16>(STATIC_ENTRIES + (<usize>index << 3), 6);
}

/** The static name id (lowest index with that name) of the name at ptr, or 0. */
export function staticNameId(ptr: usize, len: u32): u32 {
  if (len < 3 || len > 27) return 0; // static names are 3 to 27 octets long
  const id = <u32>load<u8>(STATIC_NAME_BUCKETS + staticNameBucket(ptr, len));
  if (id == 0 || staticNameLen(id) != len) return 0;
  return bytesEqual(staticNamePtr(id), ptr, len) ? id : 0;
}

/** The static index whose name has id `nameId` and whose value is the given octets, or 0. */
export function staticFullMatch(nameId: u32, value: usize, len: u32): u32 {
  const run = <u32>load<u8>(STATIC_NAME_RUN + nameId);
  for (let i = nameId; i < nameId + run; i++) {
    if (staticValueLen(i) == len && bytesEqual(staticValuePtr(i), value, len)) return i;
  }
  return 0;
}
