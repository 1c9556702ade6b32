import type { Direction } from './acquisition/acquisition.ts';
import { Rng } from '../sim/rng.ts';

/** Best-so-far after each measurement (length n). */
export function bestSoFar(y: ArrayLike<number>, direction: Direction): Float64Array {
  const out = new Float64Array(y.length);
  let best = direction === 'maximize' ? -Infinity : Infinity;
  for (let i = 0; i < y.length; i++) {
    best = direction === 'maximize' ? Math.max(best, y[i]) : Math.min(best, y[i]);
    out[i] = best;
  }
  return out;
}

/** 1-based number of evaluations after which best-so-far first reaches `fraction` of `target` (maximising), or null. */
export function evaluationsToReach(best: ArrayLike<number>, target: number, fraction = 0.99): number | null {
  for (let i = 0; i < best.length; i++) if (best[i] >= fraction * target) return i + 1;
  return null;
}

/** Coefficient of determination of `predicted` against `truth`: 1 − SS_res / SS_tot. */
export function rSquared(truth: ArrayLike<number>, predicted: ArrayLike<number>): number {
  let mean = 0;
  for (let i = 0; i < truth.length; i++) mean += truth[i] / truth.length;
  let res = 0;
  let tot = 0;
  for (let i = 0; i < truth.length; i++) {
    res += (truth[i] - predicted[i]) ** 2;
    tot += (truth[i] - mean) ** 2;
  }
  return 1 - res / tot;
}

/** Largest (or smallest) value and its index. */
export function extremum(values: ArrayLike<number>, direction: Direction): { value: number; index: number } {
  let index = 0;
  for (let i = 1; i < values.length; i++) {
    if (direction === 'maximize' ? values[i] > values[index] : values[i] < values[index]) index = i;
  }
  return { value: values[index], index };
}

/** Random search on the same candidates: `budget` distinct seeded draws scored by the ground truth. */
export function randomSearch(truth: ArrayLike<number>, budget: number, seed: number, direction: Direction): { best: number; evaluationsTo99: number | null; curve: Float64Array } {
  const picks = new Rng(seed).sampleWithoutReplacement(truth.length, Math.min(budget, truth.length));
  const curve = bestSoFar(Array.from(picks, (i) => truth[i]), direction);
  return { best: curve[curve.length - 1], evaluationsTo99: evaluationsToReach(curve, extremum(truth, direction).value), curve };
}

/**
 * Evaluations after the first `skip` (the random phase) until best-so-far first reaches `fraction` of `target`,
 * counted from 1 = the first evaluation after it; null when it is never reached, and null too when the first `skip`
 * evaluations had already reached it (then the count says nothing about the acquisition).
 */
export function evaluationsToReachAfter(best: ArrayLike<number>, target: number, skip: number, fraction = 0.99): number | null {
  const at = evaluationsToReach(best, target, fraction);
  return at === null || at <= skip ? null : at - skip;
}
