// Transpiles bindings/ and src/ to dist/ (one file per source file, ESM) with esbuild, then
// type-checks the whole tree and writes the .d.ts files with tsc.
import { build } from 'esbuild';
import { readdirSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function sources(dir) {
  const out = [];
  let names = [];
  try { names = readdirSync(join(root, dir)); } catch { return out; }
  for (const name of names) {
    const rel = `${dir}/${name}`;
    if (statSync(join(root, rel)).isDirectory()) out.push(...sources(rel));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

const entryPoints = [...sources('bindings'), ...sources('src')];
await build({
  absWorkingDir: root,
  entryPoints,
  outdir: 'dist',
  outbase: '.',
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  sourcemap: false,
  logLevel: 'warning',
});

const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'],
  { cwd: root, stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
