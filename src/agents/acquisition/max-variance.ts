/** Pure exploration: the posterior variance itself (gpax "UE" ranks by σ, which orders candidates identically). */
import type { Dataset, Posterior } from '../../models/surrogate.ts';
import type { Acquisition } from './acquisition.ts';

/** Posterior variance per candidate (negative round-off clamped to 0). */
export function maxVarianceScores(p: Posterior): Float64Array {
  return p.variance.map((v) => Math.max(v, 0));
}

export function maxVariance(): Acquisition {
  return { name: 'max-variance', score: (p: Posterior, _data: Dataset) => maxVarianceScores(p) };
}
