import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (the folder holding package.json). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** test/fixtures: reference data the tests need, vendored with its provenance (test/fixtures/README.md). */
export const fixturesDir = join(repoRoot, 'test', 'fixtures');

/** Path of a FerroSIM reference case in test/fixtures/ferrosim. */
export function refCasePath(name: string): string {
  return join(fixturesDir, 'ferrosim', name);
}

/** Path inside test/fixtures/event-model (the bluesky event-model v1.24 schemas and an example run). */
export function eventModelFixture(...parts: string[]): string {
  return join(fixturesDir, 'event-model', ...parts);
}
