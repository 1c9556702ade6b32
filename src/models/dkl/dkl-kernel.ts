/**
 * The GP kernel of DKL on learned features, as tfjs ops (training) and in float64 (prediction):
 * k(f, f') = s² exp(−½ Σ_k (f_k − f'_k)² / ℓ_k²), plus noise variance σ² + 1e-6 on the diagonal of K_train.
 */
import * as tf from '@tensorflow/tfjs';

/** Floor added to the noise variance (standardised y units) so K stays positive definite. */
export const MIN_NOISE = 1e-6;

/** Default Gaussian prior [mean, std] on log σ² (see dkl-options.ts `noisePrior`). */
export const DEFAULT_NOISE_PRIOR: readonly [number, number] = [-4, 2];

/** Kernel hyperparameters as trainable tfjs variables (log scale). */
export interface KernelVariables {
  /** log ℓ_k, length featureDim. */
  readonly logLengthScale: tf.Variable;
  /** log s² (output variance). */
  readonly logOutputScale: tf.Variable;
  /** log σ² (noise variance before the floor). */
  readonly logNoise: tf.Variable;
  /** The floor added to σ² (standardised y units). */
  readonly minNoise: number;
  /** Gaussian prior [mean, std] on log σ² (the variable, before the floor). */
  readonly noisePrior: readonly [number, number];
}

/** Plain-number hyperparameters (what prediction and save/load use). */
export interface KernelHyper {
  readonly lengthScale: Float64Array;
  readonly outputScale: number;
  readonly noise: number;
}

export function createKernelVariables(
  featureDim: number,
  init: { lengthScale: number; outputScale: number; noise: number },
  minNoise = MIN_NOISE,
  noisePrior: readonly [number, number] = DEFAULT_NOISE_PRIOR,
): KernelVariables {
  const variables = tf.tidy(() => ({
    logLengthScale: tf.variable(tf.fill([featureDim], Math.log(init.lengthScale)), true),
    logOutputScale: tf.variable(tf.scalar(Math.log(init.outputScale)), true),
    logNoise: tf.variable(tf.scalar(Math.log(init.noise)), true),
  }));
  return { ...variables, minNoise, noisePrior };
}

/** K = s² exp(−½ d²) + (σ² + floor) I for features F (n x p); returns n x n. */
export function trainKernelMatrix(F: tf.Tensor2D, v: KernelVariables): tf.Tensor2D {
  return tf.tidy(() => {
    const Z = tf.div(F, tf.exp(v.logLengthScale)) as tf.Tensor2D;
    const sq = tf.sum(tf.square(Z), 1);
    const cross = tf.matMul(Z, Z, false, true);
    const d2 = tf.relu(tf.sub(tf.add(tf.expandDims(sq, 1), tf.expandDims(sq, 0)), tf.mul(cross, 2)));
    const k = tf.mul(tf.exp(v.logOutputScale), tf.exp(tf.mul(d2, -0.5)));
    const noise = tf.add(tf.exp(v.logNoise), v.minNoise);
    return tf.add(k, tf.mul(tf.eye(F.shape[0]), noise)) as tf.Tensor2D;
  });
}

/**
 * −log prior of the hyperparameters (constants dropped): N(0, 1) on log ℓ_k and log s², N(μ, τ²) on log σ² with
 * [μ, τ] = `noisePrior` (default [−4, 2]; see dkl-surrogate.ts): (log σ² − μ)² / (2τ²).
 */
export function hyperPriorPenalty(v: KernelVariables): tf.Scalar {
  return tf.tidy(() => {
    const ls = tf.mul(tf.sum(tf.square(v.logLengthScale)), 0.5);
    const os = tf.mul(tf.square(v.logOutputScale), 0.5);
    const [mu, tau] = v.noisePrior;
    // For [−4, 2] this is (log σ² + 4)² / 8 bit for bit, the form before noisePrior existed: x − (−4) = x + 4 exactly.
    const noise = tf.div(tf.square(tf.sub(v.logNoise, mu)), 2 * tau * tau);
    return tf.add(tf.add(ls, os), noise) as tf.Scalar;
  });
}

/** Reads the variables as numbers. */
export function readHyper(v: KernelVariables): KernelHyper {
  return {
    lengthScale: Float64Array.from(v.logLengthScale.dataSync(), Math.exp),
    outputScale: Math.exp(v.logOutputScale.dataSync()[0]),
    noise: Math.exp(v.logNoise.dataSync()[0]) + v.minNoise,
  };
}

/** Float64 cross-kernel between feature rows A (m x p) and B (n x p): m x n, no noise. */
export function crossKernel(A: Float64Array, m: number, B: Float64Array, n: number, h: KernelHyper): Float64Array {
  const p = h.lengthScale.length;
  const inv = h.lengthScale.map((l) => 1 / l);
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let d2 = 0;
      for (let k = 0; k < p; k++) {
        const d = (A[i * p + k] - B[j * p + k]) * inv[k];
        d2 += d * d;
      }
      out[i * n + j] = h.outputScale * Math.exp(-0.5 * d2);
    }
  }
  return out;
}

export function disposeKernelVariables(v: KernelVariables): void {
  v.logLengthScale.dispose();
  v.logOutputScale.dispose();
  v.logNoise.dispose();
}
