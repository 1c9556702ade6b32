#!/usr/bin/env node
// Runs every test/**/*.test.ts with node's test runner through tsx and prints "N passed, N failed".
// Usage: npm test [-- path-filter ...]  (a filter keeps files whose path contains it)
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const filters = process.argv.slice(2);

/** Lists test files below dir, sorted for a stable order. */
function findTests(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...findTests(path));
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const files = findTests(join(root, 'test'))
  .map((f) => relative(root, f))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)));
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
const args = [
  '--import', 'tsx',
  '--test',
  '--test-reporter=spec', '--test-reporter-destination=stdout',
  '--test-reporter=./scripts/summary-reporter.mjs', '--test-reporter-destination=stdout',
  ...files,
];
// Child processes (CLI tests spawn bin/ferroloop.mjs) run the sources under test, never a stale dist/.
const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', env: { ...process.env, FERROLOOP_SOURCE: '1' } });
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
