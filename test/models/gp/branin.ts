/** Branin–Hoo on the unit box (x = 15u − 5, y = 15v) and seeded designs for the GP tests. */
import { Rng } from '../../../src/sim/rng.ts';
import { matrix, type Dataset, type Matrix } from '../../../src/models/surrogate.ts';

export function branin(u: number, v: number): number {
  const x = 15 * u - 5;
  const y = 15 * v;
  const b = 5.1 / (4 * Math.PI ** 2);
  const c = 5 / Math.PI;
  const t = 1 / (8 * Math.PI);
  return (y - b * x * x + c * x - 6) ** 2 + 10 * (1 - t) * Math.cos(x) + 10;
}

/** n uniform points in the unit square with Branin values plus N(0, noiseSd²) noise. */
export function braninData(n: number, rng: Rng, noiseSd = 0): Dataset & { truth: Float64Array } {
  const X = Float64Array.from({ length: 2 * n }, () => rng.uniform());
  const truth = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    truth[i] = branin(X[2 * i], X[2 * i + 1]);
    y[i] = truth[i] + noiseSd * rng.normal();
  }
  return { X: matrix(n, 2, X), y, truth };
}

/** Fraction of truths within ±2σ of the posterior mean. */
export function coverage(mean: Float64Array, variance: Float64Array, truth: Float64Array): number {
  let inside = 0;
  for (let i = 0; i < truth.length; i++) if (Math.abs(truth[i] - mean[i]) <= 2 * Math.sqrt(variance[i])) inside++;
  return inside / truth.length;
}

/** Root mean square of the z-scores (truth − mean)/σ; 1 for a calibrated Gaussian posterior. */
export function rmsZ(mean: Float64Array, variance: Float64Array, truth: Float64Array): number {
  let s = 0;
  for (let i = 0; i < truth.length; i++) s += (truth[i] - mean[i]) ** 2 / variance[i];
  return Math.sqrt(s / truth.length);
}

export function rmse(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s / a.length);
}

export type { Matrix };
