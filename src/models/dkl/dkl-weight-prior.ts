/**
 * The prior on the DKL network's weights, as gpax viDKL's MAP (spec/models.md §4.2): weights ~ N(0, 1) and
 * biases ~ Cauchy(0, 1), so −log p(W) = ½ Σ w² + Σ log(1 + b²) (+ constants); a weight decay for few data points.
 */
import * as tf from '@tensorflow/tfjs';
import type { NamedVariable } from '../tf/dense.ts';

/** −log prior (scalar tensor, nats, constants dropped) of the extractor's variables (names end in /bias for biases). */
export function weightPriorPenalty(variables: readonly NamedVariable[]): tf.Scalar {
  return tf.tidy(() => {
    let total: tf.Scalar = tf.scalar(0);
    for (const { name, variable } of variables) {
      const term = name.endsWith('/bias')
        ? tf.sum(tf.log1p(tf.square(variable)))
        : tf.mul(tf.sum(tf.square(variable)), 0.5);
      total = tf.add(total, term) as tf.Scalar;
    }
    return total;
  });
}
