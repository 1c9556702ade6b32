/**
 * MAP hyperparameters: maximise log p(y | θ) + log p(θ) over the log-vector z (see hyperparameters.ts) with
 * box-bounded L-BFGS. Starting points follow BoTorch's raw_samples → num_restarts heuristic: the prior mode
 * and `rawStarts` seeded prior draws are scored by their log posterior (one Cholesky each), L-BFGS runs from
 * the best `restarts` of them, and the best optimum wins.
 */
import { Rng } from '../../sim/rng.ts';
import { FerroloopError } from '../../errors.ts';
import { lbfgs } from '../numerics/lbfgs.ts';
import type { Matrix } from '../surrogate.ts';
import type { KernelKind } from './kernels.ts';
import { factorise, hyperFromLog, logMarginalWithGradient } from './marginal-likelihood.ts';
import { defaultStart, logPrior, randomStart, type HyperSpec } from './hyperparameters.ts';

export interface FitHyperOptions {
  readonly kind: KernelKind;
  readonly spec: HyperSpec;
  /** L-BFGS runs (from the best-scored starting points), ≥ 1. */
  readonly restarts: number;
  /** Seeded prior draws scored besides the prior mode. */
  readonly rawStarts: number;
  readonly seed: number;
  readonly maxIterations?: number;
  readonly signal?: AbortSignal;
}

export interface FitHyperResult {
  /** Best log-vector z = [log ℓ_1..d, log s², log σ²]. */
  readonly z: Float64Array;
  /** log p(y|θ) + log p(θ) at z. */
  readonly logPosterior: number;
  readonly evaluations: number;
}

/** Negative log posterior and its gradient w.r.t. z; non-PD matrices give +∞ (the line search backs off). */
export function negativeLogPosterior(kind: KernelKind, spec: HyperSpec, X: Matrix, y: Float64Array) {
  return (z: Float64Array): { value: number; gradient: Float64Array } => {
    try {
      const ml = logMarginalWithGradient(kind, z, X, y);
      const lp = logPrior(spec, z);
      const gradient = new Float64Array(z.length);
      for (let j = 0; j < z.length; j++) gradient[j] = -(ml.gradient[j] + lp.gradient[j]);
      return { value: -(ml.value + lp.value), gradient };
    } catch (err) {
      if (err instanceof FerroloopError && err.code === 'NUMERICS_NOT_PD') {
        return { value: Infinity, gradient: new Float64Array(z.length) };
      }
      throw err;
    }
  };
}

/** Scores the starting points, runs the restarts and returns the best MAP estimate. */
export function fitHyperparameters(X: Matrix, y: Float64Array, opts: FitHyperOptions): FitHyperResult {
  const f = negativeLogPosterior(opts.kind, opts.spec, X, y);
  const rng = new Rng(opts.seed);
  const scored = [defaultStart(opts.spec)];
  for (let r = 0; r < opts.rawStarts; r++) scored.push(randomStart(opts.spec, rng));
  const ranked = scored
    .map((z, order) => ({ z, order, value: valueOnly(opts, X, y, z) }))
    .sort((a, b) => a.value - b.value || a.order - b.order);
  let best: { z: Float64Array; value: number } | undefined;
  let evaluations = scored.length;
  for (const start of ranked.slice(0, Math.max(1, opts.restarts))) {
    if (!Number.isFinite(start.value)) continue;
    const res = lbfgs(f, start.z, {
      maxIterations: opts.maxIterations ?? 100,
      signal: opts.signal,
      lower: opts.spec.lower,
      upper: opts.spec.upper,
    });
    evaluations += res.evaluations;
    if (Number.isFinite(res.value) && (best === undefined || res.value < best.value)) best = { z: res.x, value: res.value };
  }
  if (best === undefined) {
    throw new FerroloopError('MODEL_FIT_FAILED', 'GP hyperparameter fit failed from every start (kernel matrix never positive definite)');
  }
  return { z: best.z, logPosterior: -best.value, evaluations };
}

/** Negative log posterior without gradient (one kernel matrix and Cholesky); +∞ when not positive definite. */
function valueOnly(opts: FitHyperOptions, X: Matrix, y: Float64Array, z: Float64Array): number {
  try {
    return -(factorise(hyperFromLog(opts.kind, z), X, y).logMarginal + logPrior(opts.spec, z).value);
  } catch (err) {
    if (err instanceof FerroloopError && err.code === 'NUMERICS_NOT_PD') return Infinity;
    throw err;
  }
}
