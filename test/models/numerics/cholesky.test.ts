import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cholesky } from '../../../src/models/numerics/cholesky.ts';
import { FerroloopError } from '../../../src/errors.ts';
import { matmul, maxAbs, maxAbsDiff, randomSpd, transpose } from './helpers.ts';

describe('cholesky', () => {
  for (const n of [1, 2, 7, 64, 129]) {
    it(`reconstructs A = L Lᵀ for a random SPD matrix, n = ${n}`, () => {
      const A = randomSpd(n, n);
      const { L, jitter } = cholesky(A, n);
      assert.equal(jitter, 0);
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) assert.equal(L[i * n + j], 0);
      // Backward-stable factorisation: ‖LLᵀ − A‖ ≲ n·ε·‖A‖; 1e-12 relative leaves ample margin at n ≤ 129.
      const err = maxAbsDiff(matmul(L, transpose(L, n, n), n, n, n), A);
      assert.ok(err <= 1e-12 * maxAbs(A), `error ${err}`);
    });
  }

  it('matches the hand-computed factor of a 3 x 3 matrix', () => {
    const A = Float64Array.from([4, 12, -16, 12, 37, -43, -16, -43, 98]);
    const { L } = cholesky(A, 3);
    assert.deepEqual(Array.from(L), [2, 0, 0, 6, 1, 0, -8, 5, 3]);
  });

  it('escalates jitter on a singular PSD matrix and reports it', () => {
    // Rank-1 matrix v vᵀ: needs jitter; the first tries (1e-10·mean diag, ×10) succeed quickly.
    const n = 4;
    const v = [1, 2, 3, 4];
    const A = Float64Array.from({ length: n * n }, (_, k) => v[Math.floor(k / n)] * v[k % n]);
    const { L, jitter } = cholesky(A, n);
    assert.ok(jitter > 0 && jitter <= 1e-4 * 7.5, `jitter ${jitter}`);
    const err = maxAbsDiff(matmul(L, transpose(L, n, n), n, n, n), A);
    assert.ok(err <= 10 * jitter, `error ${err}`);
  });

  it('throws NUMERICS_NOT_PD on an indefinite matrix', () => {
    const A = Float64Array.from([1, 2, 2, 1]);
    assert.throws(() => cholesky(A, 2), (e: unknown) => e instanceof FerroloopError && e.code === 'NUMERICS_NOT_PD');
    assert.throws(() => cholesky(Float64Array.from([-1]), 1), (e: unknown) => e instanceof FerroloopError && e.code === 'NUMERICS_NOT_PD');
  });

  it('throws NUMERICS_NOT_PD on NaN input', () => {
    assert.throws(() => cholesky(Float64Array.from([NaN]), 1), (e: unknown) => e instanceof FerroloopError && e.code === 'NUMERICS_NOT_PD');
  });
});
