/**
 * Triangular solves and Cholesky-derived quantities. L is row-major n x n lower triangular; right-hand
 * sides B are row-major n x nrhs. Every function returns a new array and leaves its inputs untouched.
 * The O(n³) inverses run in WebAssembly SIMD when available (wasm-linalg.ts), else in TypeScript.
 */
import { wasmInverseFromCholesky, wasmInverseLowerTransposed, wasmLinalg } from './wasm-linalg.ts';

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

/**
 * L⁻ᵀ (row-major n x n, upper triangular). Row j of the result is column j of L⁻¹, found by forward
 * substitution with contiguous dot products: U[j][i] = (δ_ij − L[i][j:i]·U[j][j:i]) / L[i][i] for i ≥ j.
 */
export function inverseLowerTransposed(L: Float64Array, n: number): Float64Array {
  const w = wasmLinalg();
  if (w) return wasmInverseLowerTransposed(w, L, n);
  return inverseLowerTransposedJs(L, n);
}

/** TypeScript version of inverseLowerTransposed (reference and fallback). */
export function inverseLowerTransposedJs(L: Float64Array, n: number): Float64Array {
  const U = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    U[rj + j] = 1 / L[rj + j];
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      U[rj + i] = -dotRange(L, ri + j, U, rj + j, i - j) / L[ri + i];
    }
  }
  return U;
}

/** L⁻¹ (row-major n x n, lower triangular). */
export function inverseLower(L: Float64Array, n: number): Float64Array {
  const U = inverseLowerTransposed(L, n);
  const M = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) M[i * n + j] = U[j * n + i];
  return M;
}

/** (L Lᵀ)⁻¹ = L⁻ᵀ L⁻¹ as a full symmetric row-major n x n matrix (≈ n³/3 multiply-adds, all contiguous dots). */
export function inverseFromCholesky(L: Float64Array, n: number): Float64Array {
  const w = wasmLinalg();
  if (w) return wasmInverseFromCholesky(w, L, n);
  return inverseFromCholeskyJs(L, n);
}

/** TypeScript version of inverseFromCholesky (reference and fallback). */
export function inverseFromCholeskyJs(L: Float64Array, n: number): Float64Array {
  const U = inverseLowerTransposedJs(L, n);
  const A = new Float64Array(n * n);
  // A[i][j] = Σ_{k ≥ max(i,j)} U[i][k] U[j][k]: rows of U are contiguous from their diagonal on.
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = i; j < n; j++) {
      const v = dotRange(U, ri + j, U, j * n + j, n - j);
      A[ri + j] = v;
      A[j * n + i] = v;
    }
  }
  return A;
}

/** Σ_{k<len} a[p+k]·b[q+k], four accumulators. */
export function dotRange(a: Float64Array, p: number, b: Float64Array, q: number, len: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 3 < len; k += 4) {
    s0 += a[p + k] * b[q + k];
    s1 += a[p + k + 1] * b[q + k + 1];
    s2 += a[p + k + 2] * b[q + k + 2];
    s3 += a[p + k + 3] * b[q + k + 3];
  }
  for (; k < len; k++) s0 += a[p + k] * b[q + k];
  return s0 + s1 + (s2 + s3);
}

function checkShapes(L: Float64Array, n: number, B: Float64Array, nrhs: number): void {
  if (L.length < n * n) throw new RangeError(`triangular: L needs ${n * n} entries, got ${L.length}`);
  if (B.length < n * nrhs) throw new RangeError(`triangular: B needs ${n * nrhs} entries, got ${B.length}`);
}
