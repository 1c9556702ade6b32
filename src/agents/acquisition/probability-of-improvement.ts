/** Probability of improvement Φ((μ − f* − ξ)/σ) (sign-flipped when minimising). */
import type { Dataset, Posterior } from '../../models/surrogate.ts';
import { normCdf } from '../../models/numerics/normal.ts';
import { bestObserved, orientedMean, stddev, type Acquisition, type Direction } from './acquisition.ts';

export interface PiOptions {
  readonly direction?: Direction;
  /** Incumbent f*; default the best observed y. */
  readonly bestF?: number;
  /** Margin ξ ≥ 0 (default 0; gpax uses 0.01). */
  readonly xi?: number;
}

/** PI per candidate in [0, 1]; a zero-variance candidate scores 1 if it improves by more than ξ, else 0. */
export function piScores(p: Posterior, data: Dataset, opts: PiOptions = {}): Float64Array {
  const direction = opts.direction ?? 'maximize';
  const best = opts.bestF ?? bestObserved(data, direction);
  const bestOriented = direction === 'maximize' ? best : -best;
  const m = orientedMean(p, direction);
  const s = stddev(p);
  return m.map((v, i) => {
    const d = v - bestOriented - (opts.xi ?? 0);
    return s[i] > 0 ? normCdf(d / s[i]) : d > 0 ? 1 : 0;
  });
}

export function probabilityOfImprovement(opts: PiOptions = {}): Acquisition {
  return { name: 'pi', score: (p, data) => piScores(p, data, opts) };
}
