/**
 * Triangular solves and Cholesky-derived quantities. L is row-major n x n lower triangular; right-hand
 * sides B are row-major n x nrhs. Every function returns a new array and leaves its inputs untouched.
 */

/** Solves L X = B (forward substitution); returns X, n x nrhs. */
export function solveLower(L: Float64Array, n: number, B: Float64Array, nrhs: number): Float64Array {
  checkShapes(L, n, B, nrhs);
  const X = Float64Array.from(B.subarray(0, n * nrhs));
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    const xi = i * nrhs;
    for (let k = 0; k < i; k++) {
      const l = L[ri + k];
      if (l === 0) continue;
      const xk = k * nrhs;
      for (let c = 0; c < nrhs; c++) X[xi + c] -= l * X[xk + c];
    }
    const inv = 1 / L[ri + i];
    for (let c = 0; c < nrhs; c++) X[xi + c] *= inv;
  }
  return X;
}

/** Solves Lᵀ X = B (back substitution, column sweep so that L is read by rows); returns X, n x nrhs. */
export function solveLowerTransposed(L: Float64Array, n: number, B: Float64Array, nrhs: number): Float64Array {
  checkShapes(L, n, B, nrhs);
  const X = Float64Array.from(B.subarray(0, n * nrhs));
  for (let i = n - 1; i >= 0; i--) {
    const ri = i * n;
    const xi = i * nrhs;
    const inv = 1 / L[ri + i];
    for (let c = 0; c < nrhs; c++) X[xi + c] *= inv;
    for (let k = 0; k < i; k++) {
      const l = L[ri + k];
      if (l === 0) continue;
      const xk = k * nrhs;
      for (let c = 0; c < nrhs; c++) X[xk + c] -= l * X[xi + c];
    }
  }
  return X;
}

/** Solves (L Lᵀ) X = B; returns X, n x nrhs. */
export function choleskySolve(L: Float64Array, n: number, B: Float64Array, nrhs: number): Float64Array {
  return solveLowerTransposed(L, n, solveLower(L, n, B, nrhs), nrhs);
}

/** log det(L Lᵀ) = 2 Σ log L[i][i]. */
export function logDetFromCholesky(L: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.log(L[i * n + i]);
  return 2 * s;
}

/** L⁻¹ (row-major n x n, lower triangular), by forward substitution restricted to the lower triangle. */
export function inverseLower(L: Float64Array, n: number): Float64Array {
  const M = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    // Row i of L⁻¹: (e_i − Σ_{k<i} L[i][k] · row k of L⁻¹) / L[i][i]; row k is zero beyond column k.
    for (let k = 0; k < i; k++) {
      const l = L[ri + k];
      if (l === 0) continue;
      const rk = k * n;
      for (let c = 0; c <= k; c++) M[ri + c] -= l * M[rk + c];
    }
    const inv = 1 / L[ri + i];
    for (let c = 0; c < i; c++) M[ri + c] *= inv;
    M[ri + i] = inv;
  }
  return M;
}

/** (L Lᵀ)⁻¹ = L⁻ᵀ L⁻¹ as a full symmetric row-major n x n matrix (≈ n³/3 multiply-adds). */
export function inverseFromCholesky(L: Float64Array, n: number): Float64Array {
  const M = inverseLower(L, n);
  const A = new Float64Array(n * n);
  // A[i][j] = Σ_{k ≥ max(i,j)} M[k][i] M[k][j]: accumulate rank-one updates row k of M into A's lower triangle.
  for (let k = 0; k < n; k++) {
    const rk = k * n;
    for (let i = 0; i <= k; i++) {
      const m = M[rk + i];
      if (m === 0) continue;
      const ri = i * n;
      for (let j = 0; j <= i; j++) A[ri + j] += m * M[rk + j];
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) A[j * n + i] = A[i * n + j];
  return A;
}

function checkShapes(L: Float64Array, n: number, B: Float64Array, nrhs: number): void {
  if (L.length < n * n) throw new RangeError(`triangular: L needs ${n * n} entries, got ${L.length}`);
  if (B.length < n * nrhs) throw new RangeError(`triangular: B needs ${n * nrhs} entries, got ${B.length}`);
}
