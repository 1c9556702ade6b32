/**
 * How well latents recover known factors: circular correlation of an angle latent with the true angle, softmax
 * (multinomial logistic) regression accuracy of classes from latents on held-out rows, and classification accuracy.
 */
import { Rng } from '../../sim/rng.ts';

/** Jammalamadaka–SenGupta circular correlation of two angle samples (radians), in [−1, 1]. */
export function circularCorrelation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const mean = (v: ArrayLike<number>) => {
    let s = 0;
    let c = 0;
    for (let i = 0; i < v.length; i++) {
      s += Math.sin(v[i]);
      c += Math.cos(v[i]);
    }
    return Math.atan2(s, c);
  };
  const ma = mean(a);
  const mb = mean(b);
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < a.length; i++) {
    const sa = Math.sin(a[i] - ma);
    const sb = Math.sin(b[i] - mb);
    num += sa * sb;
    da += sa * sa;
    db += sb * sb;
  }
  return da > 0 && db > 0 ? num / Math.sqrt(da * db) : 0;
}

/**
 * Held-out accuracy of softmax regression of `labels` (K classes) on `features` (n × d, row-major): a seeded random
 * half of the rows trains, the other half tests; features standardised on the training rows; full-batch gradient descent with a small L2 penalty.
 */
export function logisticRegressionAccuracy(features: ArrayLike<number>, n: number, d: number, labels: Int32Array, k: number, iterations = 800): number {
  const order = Array.from({ length: n }, (_, i) => i);
  const rng = new Rng(n);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const train = order.slice(0, Math.floor(n / 2));
  const test = order.slice(Math.floor(n / 2));
  const mean = new Float64Array(d);
  const std = new Float64Array(d);
  for (const i of train) for (let j = 0; j < d; j++) mean[j] += features[i * d + j] / train.length;
  for (const i of train) for (let j = 0; j < d; j++) std[j] += (features[i * d + j] - mean[j]) ** 2 / train.length;
  for (let j = 0; j < d; j++) std[j] = Math.sqrt(std[j]) || 1;
  const x = (i: number, j: number) => (features[i * d + j] - mean[j]) / std[j];
  // Quadratic features let a linear classifier separate classes lying on rings or in corners of a 2-D latent.
  const width = d + (d * (d + 1)) / 2 + 1;
  const row = (i: number) => {
    const f = new Float64Array(width);
    let p = 0;
    for (let j = 0; j < d; j++) f[p++] = x(i, j);
    for (let j = 0; j < d; j++) for (let l = j; l < d; l++) f[p++] = x(i, j) * x(i, l);
    f[p] = 1;
    return f;
  };
  const trainRows = train.map(row);
  const w = new Float64Array(width * k);
  const rate = 0.5;
  const lambda = 1e-4;
  for (let it = 0; it < iterations; it++) {
    const grad = new Float64Array(width * k);
    trainRows.forEach((f, r) => {
      const p = softmax(f, w, k);
      p[labels[train[r]]] -= 1;
      for (let c = 0; c < k; c++) for (let j = 0; j < width; j++) grad[j * k + c] += (p[c] * f[j]) / trainRows.length;
    });
    for (let q = 0; q < w.length; q++) w[q] -= rate * (grad[q] + lambda * w[q]);
  }
  let correct = 0;
  for (const i of test) {
    const p = softmax(row(i), w, k);
    if (argmax(p) === labels[i]) correct++;
  }
  return correct / test.length;
}

/** Share of rows where the predicted class equals the label. */
export function accuracy(predicted: ArrayLike<number>, labels: ArrayLike<number>): number {
  let ok = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) ok++;
  return ok / labels.length;
}

function softmax(f: Float64Array, w: Float64Array, k: number): Float64Array {
  const z = new Float64Array(k);
  for (let c = 0; c < k; c++) for (let j = 0; j < f.length; j++) z[c] += f[j] * w[j * k + c];
  const m = Math.max(...z);
  let s = 0;
  for (let c = 0; c < k; c++) s += (z[c] = Math.exp(z[c] - m));
  for (let c = 0; c < k; c++) z[c] /= s;
  return z;
}

function argmax(p: ArrayLike<number>): number {
  let b = 0;
  for (let i = 1; i < p.length; i++) if (p[i] > p[b]) b = i;
  return b;
}
