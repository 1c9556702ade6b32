#!/usr/bin/env node
// Builds the package: tsc compiles src/ into dist/ (ESM + .d.ts), then plain-JS modules of src/ (*.mjs,
// loaded by path at run time, e.g. the worker bootstrap) are copied beside the compiled files.
// Usage: node scripts/build.mjs [--if-stale]   (--if-stale: do nothing when dist/ is newer than every file of src/)
import { cpSync, existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');
const dist = join(root, 'dist');

/** Lists files below dir whose name ends with suffix. */
function find(dir, suffix) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? find(path, suffix) : name.endsWith(suffix) ? [path] : [];
  });
}

const stamp = join(dist, '.build-stamp');
if (process.argv.includes('--if-stale') && existsSync(stamp)) {
  const built = statSync(stamp).mtimeMs;
  const inputs = [...find(src, ''), join(root, 'tsconfig.json'), join(root, 'tsconfig.build.json')];
  if (inputs.every((f) => statSync(f).mtimeMs <= built)) process.exit(0);
}

rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);
for (const file of find(src, '.mjs')) cpSync(file, join(dist, relative(src, file)));
writeFileSync(stamp, `${new Date().toISOString()}\n`);
console.error(`built ${relative(root, dist)}/ from ${relative(root, src)}/`);
