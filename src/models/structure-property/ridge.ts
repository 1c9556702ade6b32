/**
 * Multi-output ridge regression, the linear baseline of im2spec: Y ≈ (X − x̄) W + ȳ with W = (XcᵀXc + λI)⁻¹ XcᵀYc,
 * solved by Cholesky in float64; λ is chosen by k-fold cross-validation on the training rows only.
 */
import { cholesky } from '../numerics/cholesky.ts';
import { choleskySolve } from '../numerics/triangular.ts';
import { Rng } from '../../sim/rng.ts';

/** A fitted ridge model: x̄ (D), ȳ (K), W (D × K row-major), λ. */
export interface RidgeModel {
  readonly inputs: number;
  readonly outputs: number;
  readonly xMean: Float64Array;
  readonly yMean: Float64Array;
  readonly weights: Float64Array;
  readonly lambda: number;
}

/** Fits X (N × D) → Y (N × K) with penalty λ. */
export function fitRidge(x: ArrayLike<number>, y: ArrayLike<number>, count: number, lambda: number): RidgeModel {
  const d = x.length / count;
  const k = y.length / count;
  const xMean = new Float64Array(d);
  const yMean = new Float64Array(k);
  for (let i = 0; i < count; i++) {
    for (let a = 0; a < d; a++) xMean[a] += x[i * d + a] / count;
    for (let b = 0; b < k; b++) yMean[b] += y[i * k + b] / count;
  }
  const gram = new Float64Array(d * d);
  const cross = new Float64Array(d * k);
  const xc = new Float64Array(d);
  for (let i = 0; i < count; i++) {
    for (let a = 0; a < d; a++) xc[a] = x[i * d + a] - xMean[a];
    for (let a = 0; a < d; a++) {
      for (let c = 0; c < d; c++) gram[a * d + c] += xc[a] * xc[c];
      for (let b = 0; b < k; b++) cross[a * k + b] += xc[a] * (y[i * k + b] - yMean[b]);
    }
  }
  for (let a = 0; a < d; a++) gram[a * d + a] += lambda;
  const weights = choleskySolve(cholesky(gram, d).L, d, cross, k);
  return { inputs: d, outputs: k, xMean, yMean, weights, lambda };
}

/** Predictions (N × K) for X (N × D). */
export function predictRidge(m: RidgeModel, x: ArrayLike<number>, count: number): Float64Array {
  const { inputs: d, outputs: k } = m;
  const out = new Float64Array(count * k);
  for (let i = 0; i < count; i++) {
    for (let b = 0; b < k; b++) {
      let s = m.yMean[b];
      for (let a = 0; a < d; a++) s += (x[i * d + a] - m.xMean[a]) * m.weights[a * k + b];
      out[i * k + b] = s;
    }
  }
  return out;
}

/** λ from `lambdas` with the lowest k-fold (seeded folds) mean squared error, then the fit on every row with it. */
export function fitRidgeCv(x: ArrayLike<number>, y: ArrayLike<number>, count: number, lambdas: readonly number[] = [0.1, 1, 10, 100, 1000, 10000], folds = 5, seed = 0): RidgeModel {
  const d = x.length / count;
  const k = y.length / count;
  const rng = new Rng(seed);
  const fold = Int32Array.from({ length: count }, (_, i) => i % folds);
  for (let i = count - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [fold[i], fold[j]] = [fold[j], fold[i]];
  }
  let best = { lambda: lambdas[0], error: Infinity };
  for (const lambda of lambdas) {
    let error = 0;
    for (let f = 0; f < folds; f++) {
      const train = [...fold.keys()].filter((i) => fold[i] !== f);
      const test = [...fold.keys()].filter((i) => fold[i] === f);
      const m = fitRidge(pick(x, d, train), pick(y, k, train), train.length, lambda);
      const p = predictRidge(m, pick(x, d, test), test.length);
      const yt = pick(y, k, test);
      for (let i = 0; i < p.length; i++) error += (p[i] - yt[i]) ** 2;
    }
    if (error < best.error) best = { lambda, error };
  }
  return fitRidge(x, y, count, best.lambda);
}

function pick(a: ArrayLike<number>, dim: number, rows: readonly number[]): Float64Array {
  const out = new Float64Array(rows.length * dim);
  rows.forEach((r, i) => {
    for (let c = 0; c < dim; c++) out[i * dim + c] = a[r * dim + c];
  });
  return out;
}
