/**
 * Expected improvement over the incumbent f*: EI = σ h(u), u = (μ − f* − ξ)/σ (sign-flipped when minimising),
 * h(u) = φ(u) + uΦ(u); and log EI = log σ + log h(u) computed stably far into the tail (BoTorch's
 * LogExpectedImprovement), which keeps candidates rankable where EI underflows to 0.
 */
import type { Dataset, Posterior } from '../../models/surrogate.ts';
import { eiHelper, logEiHelper } from '../../models/numerics/normal.ts';
import { bestObserved, orientedMean, stddev, type Acquisition, type Direction } from './acquisition.ts';

export interface EiOptions {
  readonly direction?: Direction;
  /** Incumbent f*; default the best observed y of the dataset. */
  readonly bestF?: number;
  /** Improvement margin ξ ≥ 0 (default 0, as BoTorch). */
  readonly xi?: number;
}

function standardisedImprovement(p: Posterior, data: Dataset, opts: EiOptions) {
  const direction = opts.direction ?? 'maximize';
  const best = opts.bestF ?? bestObserved(data, direction);
  const bestOriented = direction === 'maximize' ? best : -best;
  const m = orientedMean(p, direction);
  const s = stddev(p);
  const improvement = m.map((v) => v - bestOriented - (opts.xi ?? 0));
  return { improvement, s };
}

/** EI per candidate (≥ 0); a zero-variance candidate scores its plain improvement max(μ − f*, 0). */
export function eiScores(p: Posterior, data: Dataset, opts: EiOptions = {}): Float64Array {
  const { improvement, s } = standardisedImprovement(p, data, opts);
  return improvement.map((d, i) => (s[i] > 0 ? s[i] * eiHelper(d / s[i]) : Math.max(d, 0)));
}

/** log EI per candidate; −∞ only for zero-variance candidates without improvement. */
export function logEiScores(p: Posterior, data: Dataset, opts: EiOptions = {}): Float64Array {
  const { improvement, s } = standardisedImprovement(p, data, opts);
  return improvement.map((d, i) => (s[i] > 0 ? Math.log(s[i]) + logEiHelper(d / s[i]) : d > 0 ? Math.log(d) : -Infinity));
}

export function expectedImprovement(opts: EiOptions = {}): Acquisition {
  return { name: 'ei', score: (p, data) => eiScores(p, data, opts) };
}

export function logExpectedImprovement(opts: EiOptions = {}): Acquisition {
  return { name: 'log-ei', score: (p, data) => logEiScores(p, data, opts) };
}
