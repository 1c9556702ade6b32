/**
 * Inference with a trained VAE-family model: latent means (angle in radians, shifts in grid units, content z),
 * class probabilities (jvae/jrvae: q(α|x); ssvae: the classifier), reconstructions, and decoded traversal grids.
 */
import * as tf from '@tensorflow/tfjs';
import { classify, decode, encode, type FamilyNetwork } from './family-network.ts';
import type { DataScaling } from './family-train.ts';
import { conditionTensor } from './family-train.ts';

/** Encodings of N images. */
export interface FamilyEncoding {
  readonly count: number;
  /** N × gaussian latent means in the network's layout [angle, shift x, shift y, (scale), z…]. */
  readonly mu: Float32Array;
  /** N × K class probabilities (discrete and semi-supervised models), else undefined. */
  readonly probabilities?: Float32Array;
}

const CHUNK = 256;

/** Encodes `count` images (count × P raw values); cvae needs `labels` (and `factors`) for its condition. */
export function encodeImages(
  net: FamilyNetwork,
  scaling: DataScaling,
  images: ArrayLike<number>,
  count: number,
  condition?: { labels: Int32Array; factors?: Float32Array },
): FamilyEncoding {
  const pixels = net.height * net.width;
  const g = net.layout.gaussian;
  const k = net.options.classes;
  const discrete = net.layout.discrete > 0 || net.options.kind === 'ssvae';
  const mu = new Float32Array(count * g);
  const probabilities = discrete ? new Float32Array(count * k) : undefined;
  for (let s = 0; s < count; s += CHUNK) {
    const n = Math.min(CHUNK, count - s);
    const idx = Int32Array.from({ length: n }, (_, i) => s + i);
    const [m, p] = tf.tidy(() => {
      const raw = new Float32Array(n * pixels);
      for (let i = 0; i < n * pixels; i++) raw[i] = (images[s * pixels + i] - scaling.offset) * scaling.gain;
      const x = tf.tensor2d(raw, [n, pixels]);
      if (net.options.kind === 'ssvae') {
        const q = tf.softmax(classify(net, x));
        const y = tf.oneHot(tf.argMax(q, 1), k).toFloat() as tf.Tensor2D;
        return [encode(net, x, y).mu, q];
      }
      const cond = net.options.kind === 'cvae' ? conditionTensor(condition!, idx, net.options) : undefined;
      const out = encode(net, x, cond);
      return [out.mu, out.logits ? tf.softmax(out.logits) : undefined];
    }) as [tf.Tensor2D, tf.Tensor2D | undefined];
    mu.set(m.dataSync() as Float32Array, s * g);
    if (p && probabilities) probabilities.set(p.dataSync() as Float32Array, s * k);
    tf.dispose([m, p].filter((t): t is tf.Tensor2D => t !== undefined));
  }
  return { count, mu, probabilities };
}

/** Decoded means in [0, 1] (count × P) for latent rows (count × gaussian) and a class (discrete/conditional models). */
export function decodeLatents(net: FamilyNetwork, latents: Float32Array, count: number, classIndex = 0, factors?: readonly number[]): Float32Array {
  const pixels = net.height * net.width;
  const out = new Float32Array(count * pixels);
  const extrasWidth = net.layout.discrete + net.layout.condition;
  for (let s = 0; s < count; s += CHUNK) {
    const n = Math.min(CHUNK, count - s);
    const t = tf.tidy(() => {
      const z = tf.tensor2d(latents.subarray(s * net.layout.gaussian, (s + n) * net.layout.gaussian), [n, net.layout.gaussian]);
      let extras: tf.Tensor2D | undefined;
      if (extrasWidth > 0) {
        const e = new Float32Array(n * extrasWidth);
        for (let i = 0; i < n; i++) {
          e[i * extrasWidth + classIndex] = 1;
          (factors ?? []).forEach((f, j) => (e[i * extrasWidth + net.options.classes + j] = f));
        }
        extras = tf.tensor2d(e, [n, extrasWidth]);
      }
      const y = decode(net, z, extras);
      return net.options.likelihood === 'bernoulli' ? tf.sigmoid(y) : y;
    });
    out.set(t.dataSync() as Float32Array, s * pixels);
    t.dispose();
  }
  return out;
}

/**
 * A rows × cols traversal of the first two content latents at normal quantiles of linspace(0.05, 0.95) (±1.645),
 * other latents 0 (upright, unshifted); returns the latent rows (rows·cols × gaussian), row-major, z₂ down.
 */
export function traversalLatents(net: FamilyNetwork, rows: number, cols: number): Float32Array {
  const g = net.layout.gaussian;
  const out = new Float32Array(rows * cols * g);
  const q = (i: number, n: number) => (n === 1 ? 0 : normalQuantile(0.05 + (0.9 * i) / (n - 1)));
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const base = (r * cols + c) * g + net.layout.contentStart;
      out[base] = q(c, cols);
      if (net.options.latentDim > 1) out[base + 1] = q(rows - 1 - r, rows);
    }
  }
  return out;
}

/** Φ⁻¹(p) by Acklam's rational approximation (relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}
