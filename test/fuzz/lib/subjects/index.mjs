// Picks the parser under test by name: `windhover` (the default: dist/bindings/parser),
// `windhover-debug` (the same on the debug Wasm build, bounds-checked) or `llhttp-wasm`
// (llhttp's Wasm build, used to check the fuzzer itself against the oracle).

export async function loadSubject(name = 'windhover') {
  if (name === 'llhttp-wasm') return (await import('./llhttp-wasm.mjs')).createSubject();
  if (name === 'windhover') return (await import('./windhover.mjs')).createSubject();
  if (name === 'windhover-debug') return (await import('./windhover.mjs')).createSubject({ debug: true });
  throw new Error(`unknown subject ${name} (windhover, windhover-debug, llhttp-wasm)`);
}
