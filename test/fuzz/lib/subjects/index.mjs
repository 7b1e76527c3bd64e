// Picks the parser under test by name: `windhover` (the default: dist/bindings/parser) or
// `llhttp-wasm` (llhttp's Wasm build, used to check the fuzzer itself against the oracle).

export async function loadSubject(name = 'windhover') {
  if (name === 'llhttp-wasm') return (await import('./llhttp-wasm.mjs')).createSubject();
  if (name === 'windhover') return (await import('./windhover.mjs')).createSubject();
  throw new Error(`unknown subject ${name} (windhover, llhttp-wasm)`);
}
