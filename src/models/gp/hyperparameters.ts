/**
 * GP hyperparameters, their priors and the unconstrained vector the optimiser sees.
 *
 * Layout of the log-vector z (length d + 2): z_i = log ℓ_i (i < d), z_d = log s², z_{d+1} = log σ², all in
 * the scaled problem (inputs in the unit box, targets standardised).
 *
 * Priors 'none' (the default): maximum likelihood, like scikit-learn's GaussianProcessRegressor; the box bounds
 * alone keep the optimum finite. On trend-dominated data (Branin) the likelihood wants s² ≫ 1 with long length
 * scales; the LogNormal(0, 1) output-scale prior below held s² near 1, which forced short length scales and
 * cost 1.2–1.4× in held-out RMSE (issue 12). Priors 'botorch' (log-normal on each value, as GPyTorch adds them):
 * - ℓ_i ~ LogNormal(√2 + ½ ln d, √3): BoTorch's dimension-scaled default since 0.12 (Hvarfner et al. 2024),
 *   wide (σ = √3) so data dominate, and its median grows with d so high-dimensional inputs are not overfit.
 * - s² ~ LogNormal(0, 1): gpax's default; median 1 is the variance of standardised targets.
 * - σ² ~ LogNormal(−4, 1): BoTorch's noise prior; median 0.018 of the target variance, i.e. "mostly signal"
 *   for instrument scalars while still allowing noisy data.
 * Box bounds on z (log space) are enforced by the bounded L-BFGS. The length-scale floor 0.025 is BoTorch's;
 * the noise floor (default 1e-6) keeps K + σ²I well conditioned for noise-free data.
 */
import type { Rng } from '../../sim/rng.ts';

export interface LogNormalPrior {
  readonly mu: number;
  readonly sigma: number;
}

export interface HyperSpec {
  readonly d: number;
  /** Per entry of z: prior on exp(z), or null for none (a flat density in z, i.e. maximum likelihood). */
  readonly priors: readonly (LogNormalPrior | null)[];
  readonly lower: Float64Array;
  readonly upper: Float64Array;
}

/** 'none' = maximum likelihood; 'botorch' = the log-normal priors listed above (MAP). */
export type PriorChoice = 'none' | 'botorch';

export interface HyperBounds {
  readonly lengthscale?: readonly [number, number];
  readonly outputscale?: readonly [number, number];
  readonly noise?: readonly [number, number];
}

/**
 * Priors and bounds for d input dimensions. The output-scale ceiling 1e5 (standardised units, scikit-learn's
 * ConstantKernel bound) lets a zero-mean GP model a strong trend: Branin's MLE runs to it at n ≥ 1000 with length
 * scales ≈ 4 and 20 (a near-polynomial fit); the old MAP fit with s² ≤ 1e2 was 1.4× worse there, 1e4 about 5 %. The price is
 * cancellation in s² − ‖L⁻¹k‖² on noise-free data (relative variance error ~n·ε·s²/v, 1e-5 at worst in tests).
 */
export function hyperSpec(d: number, bounds: HyperBounds = {}, priors: PriorChoice = 'none'): HyperSpec {
  const ls = bounds.lengthscale ?? [0.025, 1e3];
  const os = bounds.outputscale ?? [1e-3, 1e5];
  const ns = bounds.noise ?? [1e-6, 10];
  for (const [name, [lo, hi]] of [['lengthscale', ls], ['outputscale', os], ['noise', ns]] as const) {
    if (!(lo > 0 && hi > lo && Number.isFinite(hi))) throw new RangeError(`${name} bounds must satisfy 0 < lo < hi, got [${lo}, ${hi}]`);
  }
  const list: (LogNormalPrior | null)[] = [];
  const lower = new Float64Array(d + 2);
  const upper = new Float64Array(d + 2);
  for (let i = 0; i < d; i++) {
    list.push(priors === 'botorch' ? { mu: Math.SQRT2 + 0.5 * Math.log(d), sigma: Math.sqrt(3) } : null);
    lower[i] = Math.log(ls[0]);
    upper[i] = Math.log(ls[1]);
  }
  if (priors === 'botorch') list.push({ mu: 0, sigma: 1 }, { mu: -4, sigma: 1 });
  else list.push(null, null);
  lower[d] = Math.log(os[0]);
  upper[d] = Math.log(os[1]);
  lower[d + 1] = Math.log(ns[0]);
  upper[d + 1] = Math.log(ns[1]);
  return { d, priors: list, lower, upper };
}

/** Σ log p(exp z_j) and its gradient w.r.t. z (densities of the values, as GPyTorch adds them). */
export function logPrior(spec: HyperSpec, z: Float64Array): { value: number; gradient: Float64Array } {
  let value = 0;
  const gradient = new Float64Array(z.length);
  for (let j = 0; j < z.length; j++) {
    const prior = spec.priors[j];
    if (prior === null) continue;
    const { mu, sigma } = prior;
    const t = (z[j] - mu) / sigma;
    value += -z[j] - Math.log(sigma) - 0.5 * Math.log(2 * Math.PI) - 0.5 * t * t;
    gradient[j] = -1 - t / sigma;
  }
  return { value, gradient };
}

/** Fallback starting values (value scale) for entries without a prior: ℓ = 0.3, s² = 1, σ² = 0.01. */
const FLAT_START = { lengthscale: 0.3, outputscale: 1, noise: 0.01 };

/** Starting point: each value at its prior mode (ℓ, σ²) or s² = 1; FLAT_START without a prior; clipped into bounds. */
export function defaultStart(spec: HyperSpec): Float64Array {
  const z = new Float64Array(spec.d + 2);
  const mode = (j: number, fallback: number): number => {
    const p = spec.priors[j];
    return p === null ? Math.log(fallback) : p.mu - p.sigma ** 2;
  };
  for (let i = 0; i < spec.d; i++) z[i] = mode(i, FLAT_START.lengthscale);
  z[spec.d] = 0;
  z[spec.d + 1] = mode(spec.d + 1, FLAT_START.noise);
  return clipInside(spec, z);
}

/** A random start: a draw from the prior (in log space), or log-uniform within the bounds without one. */
export function randomStart(spec: HyperSpec, rng: Rng): Float64Array {
  const z = new Float64Array(spec.d + 2);
  for (let j = 0; j < z.length; j++) {
    const p = spec.priors[j];
    z[j] = p === null ? spec.lower[j] + (spec.upper[j] - spec.lower[j]) * rng.uniform() : p.mu + p.sigma * rng.normal();
  }
  return clipInside(spec, z);
}

function clipInside(spec: HyperSpec, z: Float64Array): Float64Array {
  for (let j = 0; j < z.length; j++) {
    const margin = 1e-3 * (spec.upper[j] - spec.lower[j]);
    z[j] = Math.min(spec.upper[j] - margin, Math.max(spec.lower[j] + margin, z[j]));
  }
  return z;
}
