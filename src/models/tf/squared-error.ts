/**
 * Σ(prediction − target)² as one op with its own gradient 2·(prediction − target)·dy: tfjs's autodiff of
 * sum(squaredDifference) builds a ones tensor the size of the batch in JS and runs four elementwise kernels.
 * The target is data (no gradient flows to it).
 */
import * as tf from '@tensorflow/tfjs';

/** Scalar sum of squared differences of two same-shape tensors; differentiable in `prediction` only. */
export function sumSquaredError(prediction: tf.Tensor, target: tf.Tensor): tf.Scalar {
  const forward = (p: tf.Tensor, save: tf.GradSaveFunc) => {
    const diff = tf.sub(p, target);
    save([diff]);
    return {
      value: tf.sum(tf.square(diff)) as tf.Scalar,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.mul(saved[0], tf.mul(dy, 2)),
    };
  };
  return tf.customGrad(forward as unknown as Parameters<typeof tf.customGrad>[0])(prediction) as tf.Scalar;
}
