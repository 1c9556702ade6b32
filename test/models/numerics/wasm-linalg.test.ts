import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { wasmCholeskyInto, wasmInverseFromCholesky, wasmLinalg, WasmQuadForms } from '../../../src/models/numerics/wasm-linalg.ts';
import { factorInto } from '../../../src/models/numerics/cholesky.ts';
import { inverseFromCholeskyJs, inverseLower } from '../../../src/models/numerics/triangular.ts';
import { lowerQuadForms } from '../../../src/models/numerics/quad-forms.ts';
import { WASM_BASE64 } from '../../../src/models/numerics/wasm/linalg-simd.wasm.ts';
import { Rng } from '../../../src/sim/rng.ts';
import { repoRoot } from '../../helpers/repo-paths.ts';
import { maxAbs, maxAbsDiff, randomSpd } from './helpers.ts';

const w = wasmLinalg();

describe('WebAssembly SIMD linear algebra', { skip: w === null ? 'WebAssembly SIMD unavailable or FERROLOOP_LINALG=js' : false }, () => {
  // Odd and even sizes exercise the scalar tails of the SIMD dot product and the padding of quadForms.
  for (const n of [1, 2, 5, 38, 101]) {
    it(`agrees with the TypeScript kernels to rounding, n = ${n}`, () => {
      const A = randomSpd(n, 100 + n);
      const Ljs = new Float64Array(n * n);
      assert.ok(factorInto(A, n, 0, Ljs));
      const L = wasmCholeskyInto(w!, A, n, 0);
      assert.ok(L);
      // Same operations in a different summation order: differences of a few ulps of the entries (cond(A) < 1e4).
      assert.ok(maxAbsDiff(L, Ljs) <= 1e-12 * maxAbs(Ljs));
      const inv = wasmInverseFromCholesky(w!, L, n);
      const invJs = inverseFromCholeskyJs(Ljs, n);
      assert.ok(maxAbsDiff(inv, invJs) <= 1e-10 * maxAbs(invJs));
      const M = inverseLower(L, n);
      const rng = new Rng(n);
      const m = 9;
      const K = Float64Array.from({ length: m * n }, () => rng.normal());
      const a = new Float64Array(m);
      const b = new Float64Array(m);
      lowerQuadForms(M, n, K, m, a);
      WasmQuadForms.load(w!, M, n).run(K, m, b);
      assert.ok(maxAbsDiff(a, b) <= 1e-12 * maxAbs(a));
    });
  }

  it('reports a non-positive pivot', () => {
    assert.equal(wasmCholeskyInto(w!, Float64Array.from([1, 2, 2, 1]), 2, 0), null);
    assert.equal(wasmCholeskyInto(w!, Float64Array.from([NaN]), 1, 0), null);
    assert.equal(wasmCholeskyInto(w!, Float64Array.from([Infinity]), 1, 0), null);
  });

  it('the embedded module is the assembled linalg-simd.wat', async () => {
    const { assemble } = (await import(join(repoRoot, 'scripts', 'build-wasm.mjs'))) as { assemble(text: string, name: string): Promise<Buffer> };
    const wat = readFileSync(join(repoRoot, 'src/models/numerics/wasm/linalg-simd.wat'), 'utf8');
    assert.equal((await assemble(wat, 'linalg-simd.wat')).toString('base64'), WASM_BASE64);
  });
});
