/**
 * Stationary ARD kernels k(x, x') = s² · g(r), r² = Σ_i ((x_i − x'_i)/ℓ_i)², on inputs already scaled to
 * the unit box. RBF: g = exp(−r²/2). Matérn-5/2: g = (1 + √5 r + 5r²/3) exp(−√5 r).
 */
import type { Matrix } from '../surrogate.ts';

export type KernelKind = 'rbf' | 'matern52';

export interface KernelParams {
  readonly kind: KernelKind;
  /** ARD length scales ℓ_i (unit-box units), length d. */
  readonly lengthscales: Float64Array;
  /** Output scale s² (variance units of the standardised targets). */
  readonly outputscale: number;
}

const SQRT5 = Math.sqrt(5);

/** g(r) from r². */
export function shape(kind: KernelKind, r2: number): number {
  if (kind === 'rbf') return Math.exp(-0.5 * r2);
  const r = Math.sqrt(r2);
  return (1 + SQRT5 * r + (5 / 3) * r2) * Math.exp(-SQRT5 * r);
}

/** h(r) with ∂g/∂log ℓ_i = h(r) · Δ_i²/ℓ_i² (finite at r = 0 for both kernels). */
export function gradientShape(kind: KernelKind, r2: number): number {
  if (kind === 'rbf') return Math.exp(-0.5 * r2);
  const r = Math.sqrt(r2);
  return (5 / 3) * (1 + SQRT5 * r) * Math.exp(-SQRT5 * r);
}

/** Rows of X divided by the length scales (n x d), so that r² is a plain squared distance. */
export function scaleByLengths(X: Matrix, lengthscales: Float64Array): Float64Array {
  const d = X.cols;
  const Z = new Float64Array(X.rows * d);
  for (let a = 0; a < X.rows; a++) for (let i = 0; i < d; i++) Z[a * d + i] = X.data[a * d + i] / lengthscales[i];
  return Z;
}

/** Symmetric kernel matrix K(X, X), row-major n x n (no noise term). */
export function kernelMatrix(p: KernelParams, X: Matrix): Float64Array {
  const n = X.rows;
  const d = X.cols;
  const Z = scaleByLengths(X, p.lengthscales);
  const K = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    K[a * n + a] = p.outputscale;
    for (let b = 0; b < a; b++) {
      let r2 = 0;
      for (let i = 0; i < d; i++) {
        const t = Z[a * d + i] - Z[b * d + i];
        r2 += t * t;
      }
      const v = p.outputscale * shape(p.kind, r2);
      K[a * n + b] = v;
      K[b * n + a] = v;
    }
  }
  return K;
}

/** Cross kernel K(A, B), row-major A.rows x B.rows; `Zb` may pass B pre-scaled by the length scales. */
export function crossKernel(p: KernelParams, A: Matrix, B: Matrix, Zb?: Float64Array): Float64Array {
  const m = A.rows;
  const n = B.rows;
  const Za = scaleByLengths(A, p.lengthscales);
  const Zbb = Zb ?? scaleByLengths(B, p.lengthscales);
  const K = new Float64Array(m * n);
  squaredDistances(Za, Zbb, m, n, A.cols, K);
  const s2 = p.outputscale;
  if (p.kind === 'rbf') {
    for (let k = 0; k < K.length; k++) K[k] = s2 * Math.exp(-0.5 * K[k]);
  } else {
    for (let k = 0; k < K.length; k++) {
      const r = Math.sqrt(K[k]);
      K[k] = s2 * (1 + SQRT5 * r + (5 / 3) * K[k]) * Math.exp(-SQRT5 * r);
    }
  }
  return K;
}

/** out[a·n + b] = ‖Za[a] − Zb[b]‖² for Za (m x d), Zb (n x d); d = 1, 2 unrolled. */
function squaredDistances(Za: Float64Array, Zb: Float64Array, m: number, n: number, d: number, out: Float64Array): void {
  for (let a = 0; a < m; a++) {
    const ra = a * n;
    if (d === 2) {
      const x0 = Za[2 * a];
      const x1 = Za[2 * a + 1];
      for (let b = 0; b < n; b++) {
        const t0 = x0 - Zb[2 * b];
        const t1 = x1 - Zb[2 * b + 1];
        out[ra + b] = t0 * t0 + t1 * t1;
      }
    } else {
      for (let b = 0; b < n; b++) {
        let r2 = 0;
        for (let i = 0; i < d; i++) {
          const t = Za[a * d + i] - Zb[b * d + i];
          r2 += t * t;
        }
        out[ra + b] = r2;
      }
    }
  }
}

/**
 * Contractions of a symmetric n x n weight matrix W with the kernel derivatives:
 * out[i] = Σ_ab W_ab ∂K_ab/∂log ℓ_i (i < d), out[d] = Σ_ab W_ab ∂K_ab/∂log s² = Σ_ab W_ab K_ab.
 */
export function kernelGradientContractions(p: KernelParams, X: Matrix, W: Float64Array): Float64Array {
  const n = X.rows;
  const d = X.cols;
  const Z = scaleByLengths(X, p.lengthscales);
  const out = new Float64Array(d + 1);
  const diff = new Float64Array(d);
  let sK = 0;
  for (let a = 0; a < n; a++) {
    sK += W[a * n + a] * p.outputscale;
    for (let b = 0; b < a; b++) {
      let r2 = 0;
      for (let i = 0; i < d; i++) {
        const t = Z[a * d + i] - Z[b * d + i];
        diff[i] = t * t;
        r2 += diff[i];
      }
      const w2 = 2 * W[a * n + b] * p.outputscale; // both triangles
      const g = shape(p.kind, r2);
      sK += w2 * g;
      const wh = w2 * (p.kind === 'rbf' ? g : gradientShape(p.kind, r2));
      for (let i = 0; i < d; i++) out[i] += wh * diff[i];
    }
  }
  out[d] = sK;
  return out;
}
