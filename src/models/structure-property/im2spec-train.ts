/**
 * Trains an im2spec / spec2im network: seeded validation split and batch order, Adam on minibatches of the
 * standardised MSE (+ β·KL/outputs, variational) + weight decay; the epoch with the lowest validation loss
 * (training loss without a validation share) is the checkpoint kept, also when the signal aborts training.
 */
import * as tf from '@tensorflow/tfjs';
import { gatherRows, shuffledRows } from '../tf/minibatch.ts';
import { FerroloopError, InputError } from '../../errors.ts';
import { Rng } from '../../sim/rng.ts';
import { tfSeed } from '../tf/dense.ts';
import { initTfBackend } from '../tf/tf-backend.ts';
import { restore, snapshot } from '../tf/named-weights.ts';
import { parseIm2SpecOptions, type Im2SpecOptions, type ResolvedIm2SpecOptions } from './im2spec-options.ts';
import { createIm2SpecNetwork, decodeIm2Spec, disposeIm2SpecNetwork, encodeIm2Spec, im2specVariables, type Im2SpecNetwork } from './im2spec-network.ts';
import { fitScaling, scaleInputs, scaleOutputs, type Im2SpecScaling } from './im2spec-scaling.ts';
import { FusedAdam } from '../tf/fused-adam.ts';

/** Pairs to learn from: N inputs (C × H × W each, row-major; spectra as 1 × M) and N outputs of `outputs` values. */
export interface Im2SpecData {
  readonly count: number;
  readonly inHeight: number;
  readonly inWidth: number;
  /** Input channels C (absent: 1). */
  readonly inChannels?: number;
  /** N × C·H·W. */
  readonly inputs: ArrayLike<number>;
  readonly outputs: number;
  /** N × outputs. */
  readonly targets: ArrayLike<number>;
}

/** One epoch's mean losses (standardised units per output value) and wall time (s). */
export interface Im2SpecEpochReport {
  readonly epoch: number;
  readonly epochs: number;
  /** Training loss: MSE + β·KL/outputs (no weight decay). */
  readonly loss: number;
  readonly mse: number;
  readonly kl: number;
  /** Validation MSE (NaN without a validation share). */
  readonly validation: number;
  readonly seconds: number;
  readonly improved: boolean;
}

export interface Im2SpecTrainHooks {
  readonly onEpoch?: (report: Im2SpecEpochReport) => void;
  /** Aborting stops after the current minibatch and keeps the best epoch so far. */
  readonly signal?: AbortSignal;
}

export interface TrainedIm2Spec {
  readonly network: Im2SpecNetwork;
  readonly scaling: Im2SpecScaling;
  readonly history: readonly Im2SpecEpochReport[];
  /** Epoch (1-based) whose weights were kept; 0 when stopped before one finished. */
  readonly bestEpoch: number;
  readonly aborted: boolean;
}

/** Trains one model; the caller owns the returned network's variables. */
export async function trainIm2Spec(data: Im2SpecData, options: Im2SpecOptions, hooks: Im2SpecTrainHooks = {}): Promise<TrainedIm2Spec> {
  const opts = parseIm2SpecOptions(options);
  const inChannels = data.inChannels ?? 1;
  const inDim = inChannels * data.inHeight * data.inWidth;
  if (data.count < 2 || data.inputs.length !== data.count * inDim || data.targets.length !== data.count * data.outputs) {
    throw new InputError('data', `need at least 2 pairs of ${inChannels > 1 ? `${inChannels}×` : ''}${data.inHeight}×${data.inWidth} inputs and ${data.outputs} outputs, got ${data.count} (${data.inputs.length} and ${data.targets.length} values)`);
  }
  await initTfBackend();
  const rng = new Rng(opts.seed);
  const order = shuffledRows(Int32Array.from({ length: data.count }, (_, i) => i), rng);
  const held = Math.min(data.count - 1, Math.round(opts.validation * data.count));
  const validationRows = order.slice(0, held);
  const trainRows = order.slice(held);
  const scaling = fitScaling(data.inputs, data.targets, data.count, trainRows);
  const x = scaleInputs(scaling, data.inputs);
  const y = scaleOutputs(scaling, data.targets);
  const network = createIm2SpecNetwork(opts, data.inHeight, data.inWidth, data.outputs, inChannels);
  const vars = im2specVariables(network);
  const varList = vars.map((v) => v.variable);
  const kernels = varList.filter((_, i) => vars[i].name.endsWith('/kernel'));
  const optimizer = new FusedAdam(opts.learningRate);
  const history: Im2SpecEpochReport[] = [];
  let best = { loss: Infinity, epoch: 0, weights: snapshot(vars) };
  let aborted = false;
  try {
    for (let epoch = 1; epoch <= opts.epochs && !aborted; epoch++) {
      const t0 = performance.now();
      const batchOrder = shuffledRows(trainRows, rng);
      const batches = Math.ceil(batchOrder.length / opts.batchSize);
      let sums = [0, 0, 0];
      let rows = 0;
      for (let b = 0; b < batches; b++) {
        if (hooks.signal?.aborted) {
          aborted = true;
          break;
        }
        const idx = batchOrder.subarray(b * opts.batchSize, Math.min(batchOrder.length, (b + 1) * opts.batchSize));
        const values = step(network, optimizer, varList, kernels, x, y, inDim, data.outputs, idx, opts, tfSeed(opts.seed * 1_000_003 + epoch * 10_007 + b));
        sums = sums.map((s, k) => s + values[k] * idx.length);
        rows += idx.length;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      if (rows === 0 || aborted) break;
      const [loss, mse, kl] = sums.map((s) => s / rows);
      if (!Number.isFinite(loss)) throw new FerroloopError('MODEL_FIT_FAILED', `im2spec: the loss became ${loss} at epoch ${epoch} (lower the learning rate?)`);
      const validation = held > 0 ? meanSquaredError(network, x, y, inDim, data.outputs, validationRows) : NaN;
      const score = held > 0 ? validation : loss;
      const improved = score < best.loss;
      if (improved) best = { loss: score, epoch, weights: snapshot(vars) };
      const report: Im2SpecEpochReport = { epoch, epochs: opts.epochs, loss, mse, kl, validation, seconds: (performance.now() - t0) / 1000, improved };
      history.push(report);
      hooks.onEpoch?.(report);
    }
    restore(vars, best.weights);
  } catch (err) {
    disposeIm2SpecNetwork(network);
    throw err;
  } finally {
    optimizer.dispose();
  }
  return { network, scaling, history, bestEpoch: best.epoch, aborted };
}

/** One Adam step on rows idx; returns [loss, mse, kl] (batch means, standardised units). */
function step(
  net: Im2SpecNetwork, optimizer: tf.Optimizer, varList: tf.Variable[], kernels: tf.Variable[], x: Float32Array, y: Float32Array,
  inDim: number, outDim: number, idx: Int32Array, opts: ResolvedIm2SpecOptions, noiseSeed: number,
): [number, number, number] {
  const xb = gatherRows(x, inDim, idx);
  const yb = gatherRows(y, outDim, idx);
  const parts = tf.tidy(() => {
    const xt = tf.tensor2d(xb, [idx.length, inDim]);
    const yt = tf.tensor2d(yb, [idx.length, outDim]);
    let terms: [tf.Scalar, tf.Scalar] | undefined;
    optimizer.minimize(() => {
      const { mu, logVar } = encodeIm2Spec(net, xt);
      const z = logVar ? tf.add(mu, tf.mul(tf.exp(tf.mul(0.5, logVar)), tf.randomNormal(mu.shape, 0, 1, 'float32', noiseSeed))) as tf.Tensor2D : mu;
      const mse = tf.mean(tf.square(tf.sub(decodeIm2Spec(net, z), yt))) as tf.Scalar;
      const kl = logVar
        ? tf.div(tf.mean(tf.sum(tf.mul(-0.5, tf.sub(tf.add(1, logVar), tf.add(tf.square(mu), tf.exp(logVar)))), 1)), outDim) as tf.Scalar
        : tf.scalar(0);
      terms = [tf.keep(mse), tf.keep(kl)];
      const penalty = opts.weightDecay > 0 ? tf.mul(opts.weightDecay, tf.addN(kernels.map((k) => tf.sum(tf.square(k))))) : tf.scalar(0);
      return tf.add(tf.add(mse, tf.mul(opts.beta, kl)), penalty) as tf.Scalar;
    }, false, varList);
    return terms!;
  });
  const [mse, kl] = parts.map((t) => t.dataSync()[0]);
  tf.dispose(parts);
  return [mse + opts.beta * kl, mse, kl];
}

/** MSE (standardised units) of the mean prediction on rows idx. */
function meanSquaredError(net: Im2SpecNetwork, x: Float32Array, y: Float32Array, inDim: number, outDim: number, idx: Int32Array): number {
  const v = tf.tidy(() => {
    const { mu } = encodeIm2Spec(net, tf.tensor2d(gatherRows(x, inDim, idx), [idx.length, inDim]));
    return tf.mean(tf.square(tf.sub(decodeIm2Spec(net, mu), tf.tensor2d(gatherRows(y, outDim, idx), [idx.length, outDim]))));
  });
  const out = v.dataSync()[0];
  v.dispose();
  return out;
}


