// windhover/hpack: HPACK (RFC 7541) encoding and decoding in Wasm.
export { loadComponent } from '../wasm/load.js';
