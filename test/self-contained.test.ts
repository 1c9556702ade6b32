import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { it } from 'node:test';
import { repoRoot } from './helpers/repo-paths.ts';

// A user's clone has only the repository: nothing may reach the developers' folder beside it.
const FOLDERS = ['src', 'test', 'bench', 'configs', 'docs', 'scripts', 'web', 'examples', 'bin', '.ci'];
const SIBLING = `${'.'.repeat(2)}/${'sha'}red`;
const PATTERN = new RegExp(`${SIBLING.replace(/\./g, '\\.')}|['"]\\.\\.['"], *['"]shared['"]|\\bshared/(ref|spec|seed)\\b`);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? (name === 'node_modules' ? [] : files(path)) : [path];
  });
}

it('no source, test, benchmark, config, doc or script refers to the developers\' shared folder', () => {
  const offenders = FOLDERS.flatMap((f) => { try { return files(join(repoRoot, f)); } catch { return []; } })
    .concat([join(repoRoot, 'README.md')])
    .filter((path) => !/\.(png|wasm|tgz)$/.test(path) && PATTERN.test(readFileSync(path, 'utf8')))
    .map((path) => relative(repoRoot, path));
  assert.deepEqual(offenders, []);
});
