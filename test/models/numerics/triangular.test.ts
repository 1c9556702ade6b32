import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cholesky } from '../../../src/models/numerics/cholesky.ts';
import {
  choleskySolve,
  inverseFromCholesky,
  inverseLower,
  logDetFromCholesky,
  solveLower,
  solveLowerTransposed,
} from '../../../src/models/numerics/triangular.ts';
import { lowerProjectRows, lowerQuadForms } from '../../../src/models/numerics/quad-forms.ts';
import { Rng } from '../../../src/sim/rng.ts';
import { matmul, maxAbsDiff, randomSpd, transpose } from './helpers.ts';

const n = 33;
const A = randomSpd(n, 7);
const { L } = cholesky(A, n);
const rng = new Rng(3);
const nrhs = 5;
const B = Float64Array.from({ length: n * nrhs }, () => rng.normal());
// All tolerances: the SPD test matrices have condition numbers < 1e4, so 1e-9 absolute is ~1e3 ulps of slack.
const TOL = 1e-9;

describe('triangular solves', () => {
  it('solveLower solves L X = B', () => {
    const X = solveLower(L, n, B, nrhs);
    assert.ok(maxAbsDiff(matmul(L, X, n, n, nrhs), B) < TOL);
  });

  it('solveLowerTransposed solves Lᵀ X = B', () => {
    const X = solveLowerTransposed(L, n, B, nrhs);
    assert.ok(maxAbsDiff(matmul(transpose(L, n, n), X, n, n, nrhs), B) < TOL);
  });

  it('choleskySolve solves A X = B and leaves B untouched', () => {
    const copy = Float64Array.from(B);
    const X = choleskySolve(L, n, B, nrhs);
    assert.ok(maxAbsDiff(matmul(A, X, n, n, nrhs), B) < TOL);
    assert.deepEqual(B, copy);
  });

  it('logDetFromCholesky equals the log of the product of pivots of a 2 x 2 matrix', () => {
    const M = Float64Array.from([4, 2, 2, 3]); // det = 8
    assert.ok(Math.abs(logDetFromCholesky(cholesky(M, 2).L, 2) - Math.log(8)) < 1e-15);
  });

  it('inverseFromCholesky is A⁻¹ and inverseLower is L⁻¹', () => {
    const Ai = inverseFromCholesky(L, n);
    const I = Float64Array.from({ length: n * n }, (_, k) => (Math.floor(k / n) === k % n ? 1 : 0));
    assert.ok(maxAbsDiff(matmul(A, Ai, n, n, n), I) < TOL);
    assert.ok(maxAbsDiff(matmul(inverseLower(L, n), L, n, n, n), I) < TOL);
  });

  it('lowerQuadForms and lowerProjectRows agree with explicit products (m not a multiple of 4, odd n)', () => {
    const M = inverseLower(L, n);
    const m = 7;
    const K = Float64Array.from({ length: m * n }, () => rng.normal());
    const V = matmul(K, transpose(M, n, n), m, n, n); // rows: M K[k]ᵀ
    const q = new Float64Array(m);
    lowerQuadForms(M, n, K, m, q);
    for (let k = 0; k < m; k++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += V[k * n + i] ** 2;
      assert.ok(Math.abs(q[k] - s) < 1e-9 * s);
    }
    assert.ok(maxAbsDiff(lowerProjectRows(M, n, K, m), V) < TOL);
  });
});
