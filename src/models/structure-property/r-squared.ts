/** Coefficients of determination for multi-output predictions (im2spec loops N × M, spec2im patches N × P²). */

/**
 * Pooled R² of N × K predictions: 1 − Σ(y − ŷ)² / Σ(y − ȳ_k)², ȳ_k the truth's mean of output k, so predicting each
 * output's mean scores 0 (a flattened R² around one global mean would credit the mean loop shape).
 */
export function pooledRSquared(truth: ArrayLike<number>, predicted: ArrayLike<number>, outputs: number): number {
  if (truth.length !== predicted.length || truth.length % outputs !== 0) throw new RangeError(`pooledRSquared: ${truth.length} truths, ${predicted.length} predictions of ${outputs} outputs`);
  const n = truth.length / outputs;
  const mean = new Float64Array(outputs);
  for (let i = 0; i < truth.length; i++) mean[i % outputs] += truth[i] / n;
  let res = 0;
  let tot = 0;
  for (let i = 0; i < truth.length; i++) {
    res += (truth[i] - predicted[i]) ** 2;
    tot += (truth[i] - mean[i % outputs]) ** 2;
  }
  return 1 - res / tot;
}
