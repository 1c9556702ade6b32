import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../helpers/repo-paths.ts';
import { WASM_BASE64 } from '../../src/sim/wasm/euler-simd.wasm.ts';

describe('embedded FerroSIM WebAssembly', () => {
  it('is exactly the assembled euler-simd.wat (rebuild with node scripts/build-wasm.mjs)', async () => {
    const { assemble } = (await import(join(repoRoot, 'scripts', 'build-wasm.mjs'))) as { assemble(text: string, name: string): Promise<Buffer> };
    const wat = readFileSync(join(repoRoot, 'src', 'sim', 'wasm', 'euler-simd.wat'), 'utf8');
    const bytes = await assemble(wat, 'euler-simd.wat');
    assert.equal(bytes.toString('base64'), WASM_BASE64);
  });
});
