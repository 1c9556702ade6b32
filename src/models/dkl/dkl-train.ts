/**
 * Joint training of the DKL feature extractor and kernel hyperparameters: full-batch Adam on
 * (−log p(y | K(g_W(X))) − log prior(θ)) / n, with the marginal likelihood as the float64 custom op.
 */
import * as tf from '@tensorflow/tfjs';
import { FerroloopError } from '../../errors.ts';
import { gpNegLogMarginalLikelihood } from './dkl-marginal-likelihood.ts';
import { hyperPriorPenalty, trainKernelMatrix, type KernelVariables } from './dkl-kernel.ts';
import type { FeatureExtractor } from './dkl-extractor.ts';
import { weightPriorPenalty } from './dkl-weight-prior.ts';
import { FusedAdam } from '../tf/fused-adam.ts';

export interface DklTrainSettings {
  readonly epochs: number;
  /** Weight of the network-weight prior (0 = none). */
  readonly weightPrior?: number;
  readonly learningRate: number;
  readonly signal?: AbortSignal;
  /** Called after each step with the epoch (1-based) and the loss per point. */
  readonly onEpoch?: (epoch: number, loss: number) => void;
}

/** The loss per training point for the current weights: (NLL + hyper-prior penalty) / n, a scalar tensor. */
export function dklLoss(extractor: FeatureExtractor, kernel: KernelVariables, X: tf.Tensor2D, y: Float64Array, weightPrior = 0): tf.Scalar {
  return tf.tidy(() => {
    const K = trainKernelMatrix(extractor.apply(X), kernel);
    const nll = gpNegLogMarginalLikelihood(K, y);
    let total = tf.add(nll, hyperPriorPenalty(kernel));
    if (weightPrior > 0) total = tf.add(total, tf.mul(weightPriorPenalty(extractor.variables), weightPrior));
    return tf.div(total, y.length) as tf.Scalar;
  });
}

/** Trains in place; returns the loss per point of every epoch. Throws MODEL_FIT_FAILED on abort or a NaN loss. */
export async function trainDkl(
  extractor: FeatureExtractor,
  kernel: KernelVariables,
  X: tf.Tensor2D,
  y: Float64Array,
  settings: DklTrainSettings,
): Promise<number[]> {
  const optimizer = new FusedAdam(settings.learningRate);
  const varList = [...extractor.variables.map((v) => v.variable), kernel.logLengthScale, kernel.logOutputScale, kernel.logNoise];
  const losses: number[] = [];
  try {
    for (let epoch = 1; epoch <= settings.epochs; epoch++) {
      if (settings.signal?.aborted) throw new FerroloopError('MODEL_FIT_FAILED', 'dkl: fit aborted', { cause: settings.signal.reason });
      const cost = optimizer.minimize(() => dklLoss(extractor, kernel, X, y, settings.weightPrior ?? 0), true, varList)!;
      const loss = cost.dataSync()[0];
      cost.dispose();
      if (!Number.isFinite(loss)) throw new FerroloopError('MODEL_FIT_FAILED', `dkl: loss became ${loss} at epoch ${epoch}`);
      losses.push(loss);
      settings.onEpoch?.(epoch, loss);
      if (epoch % 25 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } finally {
    optimizer.dispose();
  }
  return losses;
}
