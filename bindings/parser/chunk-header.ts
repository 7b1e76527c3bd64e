// Chunk-size line encoding (RFC 9112 §7.1: chunk-size in hex, then CRLF), in Wasm and in
// plain TypeScript, so the response writer and the benchmark can compare both.
import { getRuntime } from './runtime.js';

/** `len` as "<hex>\r\n" bytes, computed by the Wasm module (a fresh copy). */
export function encodeChunkHeader(len: number): Uint8Array {
  const rt = getRuntime();
  const size = rt.exports.h1EncodeChunkHeader(len >>> 0, rt.scratch);
  return rt.u8.slice(rt.scratch, rt.scratch + size);
}

/** The same in TypeScript, writing into `out` at `at`; returns the bytes written. */
export function writeChunkHeader(len: number, out: Uint8Array, at = 0): number {
  const hex = (len >>> 0).toString(16);
  for (let i = 0; i < hex.length; i++) out[at + i] = hex.charCodeAt(i);
  out[at + hex.length] = 13;
  out[at + hex.length + 1] = 10;
  return hex.length + 2;
}
