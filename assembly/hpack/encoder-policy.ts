// Which representation the encoder gives a field (RFC 7541 §6.2, §7.1). The rule:
// - Never indexed (§6.2.3, §7.1.3): fields the caller marks sensitive, `authorization`,
//   `proxy-authorization`, and `cookie` values under 20 octets (short, guessable secrets).
// - Without indexing (§6.2.2): fields whose values rarely repeat and would only churn the
//   table: `:path` with a query string or longer than 16 octets, `content-length`, `etag`,
//   `age`, `set-cookie`, `if-modified-since`, `if-none-match`, `if-unmodified-since`,
//   `content-range`, `location`; and any field whose entry would take more than 3/4 of the
//   table (it would evict nearly everything).
// - Otherwise incremental indexing (§6.2.1). `date`, `expires` and `last-modified` are
//   indexed: a connection sends many responses within the same second or for the same
//   resources. Measured on the hpack-test-case raw-data stories (test/hpack/encoder.test.mjs
//   prints it): indexing every field, or also skipping those three, both encode larger than
//   this rule, which ends slightly below nghttp2's output for the same lists.
// Owns no memory.
import { FIELD_F_SENSITIVE } from './layout';
import {
  STATIC_ID_AUTHORIZATION, STATIC_ID_PROXY_AUTHORIZATION, STATIC_ID_COOKIE, STATIC_ID_PATH_PSEUDO,
  STATIC_ID_CONTENT_LENGTH, STATIC_ID_ETAG, STATIC_ID_AGE, STATIC_ID_SET_COOKIE, STATIC_ID_IF_MODIFIED_SINCE,
  STATIC_ID_IF_NONE_MATCH, STATIC_ID_IF_UNMODIFIED_SINCE, STATIC_ID_CONTENT_RANGE,
  STATIC_ID_LOCATION,
} from './static-table';

export const enum Indexing { INCREMENTAL = 0, WITHOUT = 1, NEVER = 2 }

/** Cookie values shorter than this are never indexed (brute-forcing them is cheap). */
// @ts-ignore: decorator
@inline export const SHORT_COOKIE: u32 = 20;

/** :path values longer than this are not indexed. */
// @ts-ignore: decorator
@inline export const LONG_PATH: u32 = 16;

/** Whether the octets at ptr contain '?'. */
function hasQuery(ptr: usize, len: u32): bool {
  for (let i: u32 = 0; i < len; i++) if (load<u8>(ptr + i) == 0x3f) return true;
  return false;
}

export function indexingFor(info: u32, nameId: u32, value: usize, valueLen: u32,
  entrySize: u32, maxSize: u32): Indexing {
  if (info & FIELD_F_SENSITIVE) return Indexing.NEVER;
  switch (nameId) {
    case STATIC_ID_AUTHORIZATION:
    case STATIC_ID_PROXY_AUTHORIZATION: return Indexing.NEVER;
    case STATIC_ID_COOKIE: if (valueLen < SHORT_COOKIE) return Indexing.NEVER; break;
    case STATIC_ID_PATH_PSEUDO:
      if (valueLen > LONG_PATH || hasQuery(value, valueLen)) return Indexing.WITHOUT;
      break;
    case STATIC_ID_CONTENT_LENGTH:
    case STATIC_ID_ETAG:
    case STATIC_ID_AGE:
    case STATIC_ID_SET_COOKIE:
    case STATIC_ID_IF_MODIFIED_SINCE:
    case STATIC_ID_IF_NONE_MATCH:
    case STATIC_ID_IF_UNMODIFIED_SINCE:
    case STATIC_ID_CONTENT_RANGE:
    case STATIC_ID_LOCATION: return Indexing.WITHOUT;
    default: break;
  }
  if (<u64>entrySize * 4 > <u64>maxSize * 3) return Indexing.WITHOUT;
  return Indexing.INCREMENTAL;
}
