// The list of parser drivers the benchmark compares, in table order. Each entry names the
// driver, says whether it is the anchor the ratios are taken against, and whether it is a
// "lazy" figure (method and target only), which is reported separately. Windhover's drivers
// load from dist/ and are skipped with a note when the build is missing.
import * as llhttpNative from './llhttp-native.mjs';
import * as llhttpWasm from './llhttp-wasm.mjs';
import * as httpParserJs from './http-parser-js.mjs';

export const ANCHOR_ID = 'llhttp-native';

/** Resolves to { drivers, notes }. */
export async function loadDrivers() {
  const notes = [];
  const drivers = [
    { id: 'llhttp-native', name: 'llhttp native', create: (sink) => llhttpNative.createDriver(sink) },
    { id: 'llhttp-wasm-simd', name: 'llhttp wasm (simd)', create: (sink) => llhttpWasm.createDriver(sink, 'simd') },
    { id: 'llhttp-wasm', name: 'llhttp wasm', create: (sink) => llhttpWasm.createDriver(sink, 'plain') },
    { id: 'http-parser-js', name: 'http-parser-js', create: (sink) => httpParserJs.createDriver(sink) },
  ];
  try {
    const windhover = await import('./windhover.mjs');
    drivers.push(...(await windhover.windhoverDrivers()));
  } catch (error) {
    notes.push(`Windhover parser not measured: ${error.message.split('\n')[0]}`);
  }
  return { drivers, notes };
}
