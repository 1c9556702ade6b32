/**
 * Dense Cholesky factorisation A = L Lᵀ on row-major Float64Arrays, with diagonal jitter escalation
 * (as GPyTorch's psd_safe_cholesky): first without jitter, then 1e-10·mean(diag A), ×10 per retry.
 */
import { FerroloopError } from '../../errors.ts';
import { wasmCholeskyInto, wasmLinalg } from './wasm-linalg.ts';
import { dotRange } from './triangular.ts';

export interface CholeskyOptions {
  /** Jitter retries after the jitter-free attempt (default 7: up to 1e-4·mean(diag A)). */
  readonly maxTries?: number;
  /** First jitter relative to mean(diag A) (default 1e-10). */
  readonly initialRelativeJitter?: number;
}

export interface CholeskyResult {
  /** Lower factor, row-major n x n, strictly upper part zero. */
  readonly L: Float64Array;
  /** Absolute jitter added to the diagonal of A (0 when none was needed). */
  readonly jitter: number;
}

/** Factors the symmetric positive-definite n x n matrix `a` (only its lower triangle is read). */
export function cholesky(a: Float64Array, n: number, opts: CholeskyOptions = {}): CholeskyResult {
  if (a.length < n * n) throw new RangeError(`cholesky: need ${n * n} entries, got ${a.length}`);
  const first = factor(a, n, 0);
  if (first) return { L: first, jitter: 0 };
  let meanDiag = 0;
  for (let i = 0; i < n; i++) meanDiag += a[i * n + i];
  meanDiag /= Math.max(n, 1);
  if (!(meanDiag > 0) || !Number.isFinite(meanDiag)) {
    throw new FerroloopError('NUMERICS_NOT_PD', `cholesky: matrix is not positive definite (mean diagonal ${meanDiag})`);
  }
  const maxTries = opts.maxTries ?? 7;
  let jitter = (opts.initialRelativeJitter ?? 1e-10) * meanDiag;
  for (let t = 0; t < maxTries; t++, jitter *= 10) {
    const L = factor(a, n, jitter);
    if (L) return { L, jitter };
  }
  throw new FerroloopError(
    'NUMERICS_NOT_PD',
    `cholesky: matrix is not positive definite even with jitter ${(jitter / 10).toExponential(2)} (n = ${n})`,
  );
}

/** One factorisation attempt with the WebAssembly SIMD kernel when available, else in TypeScript. */
function factor(a: Float64Array, n: number, jitter: number): Float64Array | null {
  const w = wasmLinalg();
  if (w) return wasmCholeskyInto(w, a, n, jitter);
  const L = new Float64Array(n * n);
  return factorInto(a, n, jitter, L) ? L : null;
}

/**
 * Cholesky–Banachiewicz, row by row: L[i][j] = (A[i][j] − L[i][:j]·L[j][:j]) / L[j][j]. Both operands of the
 * dot product are contiguous rows, which keeps the O(n³/6) inner loop cache-friendly. Returns false on a
 * non-positive (or NaN) pivot.
 */
export function factorInto(a: Float64Array, n: number, jitter: number, L: Float64Array): boolean {
  const invDiag = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j < i; j++) {
      const rj = j * n;
      L[ri + j] = (a[ri + j] - dotRange(L, ri, L, rj, j)) * invDiag[j];
    }
    const pivot = a[ri + i] + jitter - dotRange(L, ri, L, ri, i);
    if (!(pivot > 0) || !Number.isFinite(pivot)) return false;
    const d = Math.sqrt(pivot);
    L[ri + i] = d;
    invDiag[i] = 1 / d;
  }
  return true;
}
