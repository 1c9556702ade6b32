import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (the folder holding package.json). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The shared/ folder beside the checkout (CI clones main with shared/ next to it). */
export const sharedDir = [join(repoRoot, '..', 'shared'), join(repoRoot, 'shared')].find((p) => existsSync(p))
  ?? join(repoRoot, '..', 'shared');

/** Path inside shared/ref/ferrosim. */
export function refCasePath(name: string): string {
  return join(sharedDir, 'ref', 'ferrosim', name);
}
