// Loads a Wasm component synchronously from its embedded bytes, choosing the SIMD build when
// the runtime validates it and the plain build otherwise (or when WINDHOVER_WASM_SIMD=0).
// No runtime-specific imports: this works in Node, Deno, Bun and browsers.

/** The raw exports of one component instance: flat i32 functions plus the memory. */
export type RawExports = WebAssembly.Exports & { memory: WebAssembly.Memory };

/** Which build an instance came from. */
export type WasmFlavor = 'simd' | 'plain' | 'custom';

export interface LoadedComponent {
  exports: RawExports;
  flavor: WasmFlavor;
}

const moduleCache = new Map<string, WebAssembly.Module>();

export function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function simdAllowed(): boolean {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const flag = env?.WINDHOVER_WASM_SIMD;
  return flag !== '0' && flag !== 'false';
}

/**
 * Compiles (once per process and flavor) and instantiates a component. `bytes`, when given,
 * overrides the embedded builds: tests use it to run the same suites on the debug build.
 */
export function loadComponent(name: string, simdBase64: string, plainBase64: string,
  bytes?: BufferSource): LoadedComponent {
  if (bytes) {
    const module = new WebAssembly.Module(bytes);
    return { exports: new WebAssembly.Instance(module, {}).exports as RawExports, flavor: 'custom' };
  }
  let flavor: WasmFlavor = 'plain';
  let module: WebAssembly.Module | undefined;
  if (simdAllowed()) {
    module = moduleCache.get(`${name}:simd`);
    if (!module) {
      const simd = decodeBase64(simdBase64);
      if (WebAssembly.validate(simd)) {
        module = new WebAssembly.Module(simd);
        moduleCache.set(`${name}:simd`, module);
      }
    }
    if (module) flavor = 'simd';
  }
  if (!module) {
    module = moduleCache.get(`${name}:plain`);
    if (!module) {
      module = new WebAssembly.Module(decodeBase64(plainBase64));
      moduleCache.set(`${name}:plain`, module);
    }
  }
  return { exports: new WebAssembly.Instance(module, {}).exports as RawExports, flavor };
}
