/**
 * The GP negative log marginal likelihood as a tfjs custom op. tfjs has no Cholesky, so the forward pass reads
 * K (n x n, noise included) with dataSync and works in float64: −log p(y | K) = ½ yᵀK⁻¹y + ½ log|K| + (n/2) log 2π.
 * The backward pass returns dL/dK = ½ (K⁻¹ − ααᵀ), α = K⁻¹y, as a float32 tensor, so tfjs back-propagates
 * into whatever built K (kernel hyperparameters, feature-extractor weights).
 */
import * as tf from '@tensorflow/tfjs';
import { cholesky } from '../numerics/cholesky.ts';
import { choleskySolve, inverseFromCholesky, logDetFromCholesky } from '../numerics/triangular.ts';

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

export interface NllWithGradient {
  /** −log p(y | K). */
  readonly value: number;
  /** dValue/dK, row-major n x n (symmetric). */
  readonly gradK: Float64Array;
  /** Diagonal jitter the Cholesky needed (0 normally). */
  readonly jitter: number;
}

/** Float64 value and gradient of the Gaussian negative log marginal likelihood for K (n x n) and y (n). */
export function negLogMarginalLikelihood(K: Float64Array, y: Float64Array): NllWithGradient {
  const n = y.length;
  const { L, jitter } = cholesky(K, n);
  const alpha = choleskySolve(L, n, y, 1);
  let quad = 0;
  for (let i = 0; i < n; i++) quad += y[i] * alpha[i];
  const value = 0.5 * quad + 0.5 * logDetFromCholesky(L, n) + n * HALF_LOG_2PI;
  const gradK = inverseFromCholesky(L, n);
  for (let i = 0; i < n; i++) {
    const ai = alpha[i];
    for (let j = 0; j < n; j++) gradK[i * n + j] = 0.5 * (gradK[i * n + j] - ai * alpha[j]);
  }
  return { value, gradK, jitter };
}

/**
 * tfjs op: scalar −log p(y | K) for the n x n tensor K (float32), differentiable in K through the float64
 * gradient above. `y` (length n) is a constant.
 */
export function gpNegLogMarginalLikelihood(K: tf.Tensor2D, y: Float64Array): tf.Scalar {
  const n = y.length;
  if (K.shape[0] !== n || K.shape[1] !== n) throw new RangeError(`gpNegLogMarginalLikelihood: K is ${K.shape}, y has ${n}`);
  const op = tf.customGrad(((k: tf.Tensor) => {
    const { value, gradK } = negLogMarginalLikelihood(Float64Array.from(k.dataSync()), y);
    return {
      value: tf.scalar(value),
      gradFunc: (dy: tf.Tensor) => tf.mul(dy, tf.tensor2d(Float32Array.from(gradK), [n, n])),
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(K) as tf.Scalar;
}
