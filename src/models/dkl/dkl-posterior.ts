/**
 * Exact float64 GP posterior on DKL features: with K = k(F, F) + σ²I = L Lᵀ and α = K⁻¹y,
 * mean(f*) = k*ᵀα and var(f*) = s² − ‖L⁻¹k*‖² (latent function, no noise), in standardised y units.
 */
import { cholesky } from '../numerics/cholesky.ts';
import { choleskySolve, solveLower } from '../numerics/triangular.ts';
import { crossKernel, type KernelHyper } from './dkl-kernel.ts';

export interface FeatureGp {
  readonly features: Float64Array;
  readonly n: number;
  readonly featureDim: number;
  readonly hyper: KernelHyper;
  readonly L: Float64Array;
  readonly alpha: Float64Array;
}

/** Conditions the GP on training features (n x p) and standardised targets y (n). */
export function conditionFeatureGp(features: Float64Array, featureDim: number, y: Float64Array, hyper: KernelHyper): FeatureGp {
  const n = y.length;
  const K = crossKernel(features, n, features, n, hyper);
  for (let i = 0; i < n; i++) K[i * n + i] += hyper.noise;
  const { L } = cholesky(K, n);
  return { features, n, featureDim, hyper, L, alpha: choleskySolve(L, n, y, 1) };
}

/** Posterior mean and latent variance at test features (m x p), standardised units; processed in blocks. */
export function featurePosterior(gp: FeatureGp, test: Float64Array, m: number, block = 512): { mean: Float64Array; variance: Float64Array } {
  const mean = new Float64Array(m);
  const variance = new Float64Array(m);
  const p = gp.featureDim;
  for (let s = 0; s < m; s += block) {
    const b = Math.min(block, m - s);
    const Ks = crossKernel(test.subarray(s * p, (s + b) * p), b, gp.features, gp.n, gp.hyper); // b x n
    const KsT = new Float64Array(gp.n * b);
    for (let i = 0; i < b; i++) {
      let mu = 0;
      for (let j = 0; j < gp.n; j++) {
        mu += Ks[i * gp.n + j] * gp.alpha[j];
        KsT[j * b + i] = Ks[i * gp.n + j];
      }
      mean[s + i] = mu;
    }
    const V = solveLower(gp.L, gp.n, KsT, b); // n x b
    for (let i = 0; i < b; i++) {
      let q = 0;
      for (let j = 0; j < gp.n; j++) q += V[j * b + i] * V[j * b + i];
      variance[s + i] = Math.max(gp.hyper.outputScale - q, 1e-12 * gp.hyper.outputScale);
    }
  }
  return { mean, variance };
}

/**
 * `count` joint posterior draws of the latent function at test features (m x p): row-major count x m, standardised
 * units. Uses the m x m posterior covariance (O(m³)); meant for candidate sets up to a few thousand points.
 */
export function featureJointSamples(gp: FeatureGp, test: Float64Array, m: number, count: number, normal: () => number): Float64Array {
  const Ks = crossKernel(test, m, gp.features, gp.n, gp.hyper); // m x n
  const KsT = new Float64Array(gp.n * m);
  const mean = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < gp.n; j++) {
      KsT[j * m + i] = Ks[i * gp.n + j];
      mean[i] += Ks[i * gp.n + j] * gp.alpha[j];
    }
  }
  const V = solveLower(gp.L, gp.n, KsT, m); // n x m
  const cov = crossKernel(test, m, test, m, gp.hyper);
  for (let j = 0; j < gp.n; j++) {
    const row = j * m;
    for (let a = 0; a < m; a++) {
      const va = V[row + a];
      if (va === 0) continue;
      for (let b = 0; b <= a; b++) cov[a * m + b] -= va * V[row + b];
    }
  }
  const { L } = cholesky(cov, m, { maxTries: 10 });
  const out = new Float64Array(count * m);
  const z = new Float64Array(m);
  for (let s = 0; s < count; s++) {
    for (let i = 0; i < m; i++) z[i] = normal();
    for (let i = 0; i < m; i++) {
      let v = mean[i];
      for (let k = 0; k <= i; k++) v += L[i * m + k] * z[k];
      out[s * m + i] = v;
    }
  }
  return out;
}
