/** Upper confidence bound μ + κσ (maximise) or its mirror −μ + κσ (minimise, i.e. −LCB). */
import type { Dataset, Posterior } from '../../models/surrogate.ts';
import { orientedMean, stddev, type Acquisition, type Direction } from './acquisition.ts';

export interface UcbOptions {
  /** Exploration weight κ ≥ 0 (κ = √β in BoTorch/gpax); default 0.5 (gpax's β = 0.25). */
  readonly kappa?: number;
  readonly direction?: Direction;
}

/** UCB scores per candidate. */
export function ucbScores(p: Posterior, opts: UcbOptions = {}): Float64Array {
  const kappa = opts.kappa ?? 0.5;
  if (!(kappa >= 0)) throw new RangeError(`UCB kappa must be ≥ 0, got ${kappa}`);
  const m = orientedMean(p, opts.direction ?? 'maximize');
  const s = stddev(p);
  return m.map((v, i) => v + kappa * s[i]);
}

export function upperConfidenceBound(opts: UcbOptions = {}): Acquisition {
  return { name: `ucb(κ=${opts.kappa ?? 0.5})`, score: (p: Posterior, _data: Dataset) => ucbScores(p, opts) };
}
