/**
 * Acquisition contract: a pure score of a posterior (and the data it came from), higher is better, one
 * value per candidate. Objectives are maximised or minimised through `direction`.
 */
import type { Dataset, Posterior } from '../../models/surrogate.ts';

export type Direction = 'maximize' | 'minimize';

export interface Acquisition {
  readonly name: string;
  /** Scores for the candidates behind `p` (length = p.mean.length); higher is better. */
  score(p: Posterior, data: Dataset): Float64Array;
}

/** Best observed target: max(y) when maximising, min(y) when minimising. */
export function bestObserved(data: Dataset, direction: Direction): number {
  if (data.y.length === 0) throw new RangeError('bestObserved: empty dataset');
  let best = data.y[0];
  for (const v of data.y) best = direction === 'maximize' ? Math.max(best, v) : Math.min(best, v);
  return best;
}

/** Posterior standard deviations, negative round-off clamped to 0. */
export function stddev(p: Posterior): Float64Array {
  return p.variance.map((v) => Math.sqrt(Math.max(v, 0)));
}

/** Mean oriented so that larger is better: μ when maximising, −μ when minimising. */
export function orientedMean(p: Posterior, direction: Direction): Float64Array {
  return direction === 'maximize' ? Float64Array.from(p.mean) : p.mean.map((m) => -m);
}
