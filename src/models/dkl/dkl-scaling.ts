/** Input and output standardisation of DKL: per-column z-scores for vectors, one global z-score for patches. */
import type { Matrix } from '../surrogate.ts';

export interface Standardiser {
  /** Per-column (length d) or global (length 1) means and standard deviations. */
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

/** Fits a standardiser on X (n x d); `global` uses one mean/std for all columns. Zero spreads become 1. */
export function fitStandardiser(X: Matrix, global: boolean): Standardiser {
  const groups = global ? 1 : X.cols;
  const sum = new Float64Array(groups);
  const sq = new Float64Array(groups);
  const count = global ? X.rows * X.cols : X.rows;
  for (let i = 0; i < X.data.length; i++) sum[global ? 0 : i % X.cols] += X.data[i];
  const mean = Array.from(sum, (s) => s / count);
  for (let i = 0; i < X.data.length; i++) {
    const g = global ? 0 : i % X.cols;
    sq[g] += (X.data[i] - mean[g]) ** 2;
  }
  const std = Array.from(sq, (s) => (s > 0 ? Math.sqrt(s / count) : 1));
  return { mean, std };
}

/** (X − mean) / std as a Float32Array (n x d) for tfjs. */
export function applyStandardiser(s: Standardiser, X: Matrix): Float32Array {
  const out = new Float32Array(X.data.length);
  const global = s.mean.length === 1;
  for (let i = 0; i < X.data.length; i++) {
    const g = global ? 0 : i % X.cols;
    out[i] = (X.data[i] - s.mean[g]) / s.std[g];
  }
  return out;
}

/** Mean and standard deviation of y (std 1 when y is constant). */
export function fitTargetScaling(y: Float64Array): { mean: number; std: number } {
  let mean = 0;
  for (const v of y) mean += v / y.length;
  let ss = 0;
  for (const v of y) ss += (v - mean) ** 2;
  const std = Math.sqrt(ss / y.length);
  return { mean, std: std > 0 ? std : 1 };
}
