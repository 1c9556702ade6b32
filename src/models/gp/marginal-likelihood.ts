/**
 * Log marginal likelihood of a zero-mean GP with kernel s²·g and Gaussian noise σ², and its gradient:
 * log p(y) = −½ yᵀα − ½ log|A| − (n/2) log 2π, A = K + σ²I, α = A⁻¹y,
 * ∂ log p/∂θ = ½ tr((ααᵀ − A⁻¹) ∂A/∂θ) (Rasmussen & Williams eq. 5.9).
 */
import type { Matrix } from '../surrogate.ts';
import { cholesky } from '../numerics/cholesky.ts';
import { choleskySolve, inverseFromCholesky, logDetFromCholesky } from '../numerics/triangular.ts';
import { kernelGradientContractions, kernelMatrix, type KernelKind, type KernelParams } from './kernels.ts';

export interface GpHyper {
  readonly kernel: KernelParams;
  /** Observation-noise variance σ² (standardised units). */
  readonly noise: number;
}

/** Builds hyperparameters from the log-vector z = [log ℓ_1..d, log s², log σ²]. */
export function hyperFromLog(kind: KernelKind, z: Float64Array): GpHyper {
  const d = z.length - 2;
  const lengthscales = new Float64Array(d);
  for (let i = 0; i < d; i++) lengthscales[i] = Math.exp(z[i]);
  return { kernel: { kind, lengthscales, outputscale: Math.exp(z[d]) }, noise: Math.exp(z[d + 1]) };
}

export interface Factorised {
  /** Cholesky factor of K + (σ² + jitter) I, row-major n x n. */
  readonly L: Float64Array;
  readonly alpha: Float64Array;
  readonly jitter: number;
  readonly logMarginal: number;
}

/** Factorises K + σ²I on X (n x d, unit box) and evaluates the log marginal likelihood of y. */
export function factorise(h: GpHyper, X: Matrix, y: Float64Array): Factorised {
  const n = X.rows;
  const A = kernelMatrix(h.kernel, X);
  for (let i = 0; i < n; i++) A[i * n + i] += h.noise;
  const { L, jitter } = cholesky(A, n);
  const alpha = choleskySolve(L, n, y, 1);
  let quad = 0;
  for (let i = 0; i < n; i++) quad += y[i] * alpha[i];
  const logMarginal = -0.5 * quad - 0.5 * logDetFromCholesky(L, n) - 0.5 * n * Math.log(2 * Math.PI);
  return { L, alpha, jitter, logMarginal };
}

/** Log marginal likelihood and its gradient w.r.t. z = [log ℓ_1..d, log s², log σ²]. */
export function logMarginalWithGradient(
  kind: KernelKind,
  z: Float64Array,
  X: Matrix,
  y: Float64Array,
): { value: number; gradient: Float64Array; factor: Factorised } {
  const h = hyperFromLog(kind, z);
  const f = factorise(h, X, y);
  const n = X.rows;
  const d = X.cols;
  const W = inverseFromCholesky(f.L, n); // becomes ααᵀ − A⁻¹ in place
  let trace = 0;
  for (let a = 0; a < n; a++) {
    const ra = a * n;
    const aa = f.alpha[a];
    for (let b = 0; b < n; b++) W[ra + b] = aa * f.alpha[b] - W[ra + b];
    trace += W[ra + a];
  }
  const c = kernelGradientContractions(h.kernel, X, W);
  const gradient = new Float64Array(d + 2);
  for (let j = 0; j <= d; j++) gradient[j] = 0.5 * c[j];
  gradient[d + 1] = 0.5 * h.noise * trace;
  return { value: f.logMarginal, gradient, factor: f };
}
