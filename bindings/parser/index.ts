// windhover/parser: HTTP/1.x request and response parsing in Wasm.
export { loadComponent } from '../wasm/load.js';
