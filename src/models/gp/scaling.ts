/** Input scaling to the unit box and output standardisation (BoTorch's Normalize + Standardize). */
import { matrix, type Matrix } from '../surrogate.ts';

/** Per-column affine map x → (x − lower)/(upper − lower). */
export interface InputScaling {
  readonly lower: Float64Array;
  readonly upper: Float64Array;
}

/** y → (y − mean)/std. */
export interface OutputScaling {
  readonly mean: number;
  readonly std: number;
}

/** Column ranges of X (n x d); a constant column gets the range [v − ½, v + ½]. */
export function inputScalingFrom(X: Matrix): InputScaling {
  const d = X.cols;
  const lower = new Float64Array(d).fill(Infinity);
  const upper = new Float64Array(d).fill(-Infinity);
  for (let a = 0; a < X.rows; a++) {
    for (let i = 0; i < d; i++) {
      const v = X.data[a * d + i];
      if (v < lower[i]) lower[i] = v;
      if (v > upper[i]) upper[i] = v;
    }
  }
  for (let i = 0; i < d; i++) {
    if (!(upper[i] > lower[i])) {
      lower[i] -= 0.5;
      upper[i] += 0.5;
    }
  }
  return { lower, upper };
}

/** X mapped into the unit box of `s` (new Matrix). */
export function toUnitBox(s: InputScaling, X: Matrix): Matrix {
  const d = X.cols;
  const out = new Float64Array(X.rows * d);
  for (let a = 0; a < X.rows; a++) {
    for (let i = 0; i < d; i++) out[a * d + i] = (X.data[a * d + i] - s.lower[i]) / (s.upper[i] - s.lower[i]);
  }
  return matrix(X.rows, d, out);
}

/** Mean and (population) standard deviation of y; std 1 when y is constant. */
export function outputScalingFrom(y: Float64Array): OutputScaling {
  let mean = 0;
  for (const v of y) mean += v;
  mean /= y.length;
  let ss = 0;
  for (const v of y) ss += (v - mean) ** 2;
  const std = Math.sqrt(ss / y.length);
  return { mean, std: std > 0 ? std : 1 };
}

/** (y − mean)/std. */
export function standardise(s: OutputScaling, y: Float64Array): Float64Array {
  return y.map((v) => (v - s.mean) / s.std);
}
