/**
 * Trains the trajectory VAE: standardise (one global mean/std), seeded train/validation split, Adam on minibatches
 * of the negative ELBO, early stopping on the monitored reconstruction MSE with the best weights restored.
 */
import * as tf from '@tensorflow/tfjs';
import { gatherRows, shuffledRows } from '../tf/minibatch.ts';
import { Rng } from '../../sim/rng.ts';
import { FerroloopError } from '../../errors.ts';
import { throwIfAborted } from '../../util/abort.ts';
import { createVaeNetwork, decodeTensor, disposeVaeNetwork, encodeTensors, vaeLoss, vaeVariables, type VaeNetwork } from './vae-network.ts';
import { parseVaeOptions, type ResolvedVaeOptions, type VaeEpochReport, type VaeOptions, type VaeTrainHooks } from './vae-options.ts';
import { restore, snapshot } from '../tf/named-weights.ts';
import { tfSeed } from '../tf/dense.ts';
import { FusedAdam } from '../tf/fused-adam.ts';
import { FusedVaeStep } from './vae-fused-step.ts';

/** Curves to train on: row-major rows x cols (cols = samples per curve). */
export interface CurveMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float32Array | Float64Array;
}

export interface VaeScaling {
  readonly mean: number;
  readonly std: number;
}

export interface TrainedVae {
  readonly network: VaeNetwork;
  readonly scaling: VaeScaling;
  readonly options: ResolvedVaeOptions;
  readonly history: readonly VaeEpochReport[];
  /** Epoch (1-based) whose weights were kept. */
  readonly bestEpoch: number;
}

/** Trains a VAE on `curves`; the returned network's variables belong to the caller (dispose them). Rejects with AbortError between minibatches once hooks.signal fires. */
export async function trainVae(curves: CurveMatrix, options: VaeOptions = {}, hooks: VaeTrainHooks = {}): Promise<TrainedVae> {
  const opts = parseVaeOptions(options);
  if (curves.rows < 2 || curves.data.length !== curves.rows * curves.cols) {
    throw new FerroloopError('MODEL_FIT_FAILED', `vae: need at least 2 curves of ${curves.cols} samples, got ${curves.rows}`);
  }
  const scaling = globalScaling(curves.data);
  const rng = new Rng(opts.seed);
  const { train, monitor } = split(curves.rows, opts.validationFraction, rng);
  const standardised = standardise(curves.data, scaling);
  // Rows stay on the JS side; tensors are made per minibatch / chunk (tfjs-wasm's slice copies its whole input).
  const trainRows = gatherRows(standardised, curves.cols, train);
  const monitorRows = monitor.length > 0 ? gatherRows(standardised, curves.cols, monitor) : trainRows;
  const network = createVaeNetwork(
    { inputDim: curves.cols, hidden: opts.hidden, latentDim: opts.latentDim, activation: opts.activation },
    opts.seed,
  );
  const optimizer = new FusedAdam(opts.learningRate);
  // The whole step in wasm where the fused kernels run (weights synced to the variables after each epoch).
  const fused = process.env.FERROLOOP_FUSED_VAE_STEP === '0' ? null : FusedVaeStep.create(network, opts.batchSize, { learningRate: opts.learningRate });
  const vars = vaeVariables(network);
  const history: VaeEpochReport[] = [];
  let best = { mse: Infinity, epoch: 0, weights: snapshot(vars) };
  let lastReduction = 0;
  try {
    for (let epoch = 1; epoch <= opts.epochs; epoch++) {
      throwIfAborted(hooks.signal, 'VAE training');
      const t0 = performance.now();
      const sums = await runEpoch(network, fused ?? optimizer, trainRows, curves.cols, train.length, opts, rng, epoch, hooks);
      fused?.syncToVariables();
      const monitoredMse = reconstructionMse(network, monitorRows, curves.cols, opts.batchSize * 4);
      const improved = monitoredMse < best.mse - opts.minDelta;
      if (improved) best = { mse: monitoredMse, epoch, weights: snapshot(vars) };
      const report: VaeEpochReport = { epoch, epochs: opts.epochs, ...sums, monitoredMse, improved, seconds: (performance.now() - t0) / 1000 };
      history.push(report);
      hooks.onEpoch?.(report);
      if (epoch - best.epoch >= opts.patience) break;
      if (opts.reduceLrPatience > 0 && epoch - Math.max(best.epoch, lastReduction) >= opts.reduceLrPatience) {
        reduceLearningRate(fused ?? optimizer, opts.reduceLrFactor, opts.learningRate / 64);
        lastReduction = epoch;
      }
    }
    restore(vars, best.weights);
  } catch (err) {
    disposeVaeNetwork(network);
    throw err;
  } finally {
    fused?.dispose();
    optimizer.dispose();
  }
  return { network, scaling, options: opts, history, bestEpoch: best.epoch };
}

async function runEpoch(
  net: VaeNetwork,
  optimizer: tf.Optimizer | FusedVaeStep,
  trainRows: Float32Array,
  cols: number,
  n: number,
  opts: ResolvedVaeOptions,
  rng: Rng,
  epoch: number,
  hooks: VaeTrainHooks,
): Promise<{ loss: number; trainMse: number; kl: number }> {
  const order = shuffledRows(Int32Array.from({ length: n }, (_, i) => i), rng);
  const batches = Math.ceil(n / opts.batchSize);
  const varList = vaeVariables(net).map((v) => v.variable);
  let loss = 0;
  let mse = 0;
  let kl = 0;
  for (let b = 0; b < batches; b++) {
    const idx = order.subarray(b * opts.batchSize, Math.min(n, (b + 1) * opts.batchSize));
    const noiseSeed = tfSeed(opts.seed * 1_000_003 + epoch * 10_007 + b);
    const rows = gatherRows(trainRows, cols, idx);
    const [l, m, k] = optimizer instanceof FusedVaeStep
      ? optimizer.step(rows, noise(idx.length, opts.latentDim, noiseSeed), opts.beta, opts.decoderSigma)
      : trainStep(net, optimizer, varList, rows, cols, noiseSeed, opts);
    loss += l * idx.length;
    mse += m * idx.length;
    kl += k * idx.length;
    hooks.onBatch?.(b + 1, batches, epoch);
    // A macrotask turn per minibatch lets signal handlers (Ctrl-C) run; the abort is then seen at once.
    await new Promise<void>((resolve) => setImmediate(resolve));
    throwIfAborted(hooks.signal, 'VAE training');
  }
  return { loss: loss / n, trainMse: mse / n, kl: kl / n };
}

/** The minibatch's reparameterisation noise (B × latent standard normals from tfjs's seeded generator, as the tfjs path draws it). */
function noise(rows: number, latent: number, seed: number): Float32Array {
  const t = tf.randomNormal([rows, latent], 0, 1, 'float32', seed);
  const values = t.dataSync() as Float32Array;
  t.dispose();
  return values;
}

/** Multiplies Adam's learning rate by `factor` (not below `floor`); tfjs reads it on every step. */
function reduceLearningRate(optimizer: tf.Optimizer | FusedVaeStep, factor: number, floor: number): void {
  const adam = optimizer as unknown as { learningRate: number };
  adam.learningRate = Math.max(floor, adam.learningRate * factor);
}

/** One Adam step on the minibatch `rows` (batch x cols, gathered on the JS side: tfjs-wasm's gather was a fifth of a step); returns [negative ELBO, MSE, KL] of the batch. */
function trainStep(
  net: VaeNetwork,
  optimizer: tf.Optimizer,
  varList: tf.Variable[],
  rows: Float32Array,
  cols: number,
  noiseSeed: number,
  opts: ResolvedVaeOptions,
): [number, number, number] {
  const batch = rows.length / cols;
  const x = tf.tensor2d(rows, [batch, cols]);
  const eps = tf.randomNormal([batch, opts.latentDim], 0, 1, 'float32', noiseSeed) as tf.Tensor2D;
  const kept: tf.Scalar[] = [];
  const cost = optimizer.minimize(() => {
    const t = vaeLoss(net, x, eps, opts.beta, opts.decoderSigma);
    kept.push(tf.keep(t.mse), tf.keep(t.kl));
    return t.loss;
  }, true, varList);
  const out: [number, number, number] = [cost!.dataSync()[0], kept[0].dataSync()[0], kept[1].dataSync()[0]];
  tf.dispose([x, eps, cost!, ...kept]);
  return out;
}

/** Mean squared error of decode(encode-mean(x)) over all elements of `rows` (· x cols, standardised units), in chunks of `chunk` rows. */
export function reconstructionMse(net: VaeNetwork, rows: Float32Array, cols: number, chunk: number): number {
  const count = rows.length / cols;
  let total = 0;
  for (let s = 0; s < count; s += chunk) {
    const size = Math.min(chunk, count - s);
    const sse = tf.tidy(() => {
      const xs = tf.tensor2d(rows.subarray(s * cols, (s + size) * cols), [size, cols]);
      const { mu } = encodeTensors(net, xs);
      return tf.sum(tf.squaredDifference(decodeTensor(net, mu), xs));
    });
    total += sse.dataSync()[0];
    sse.dispose();
  }
  return total / rows.length;
}

function globalScaling(data: ArrayLike<number>): VaeScaling {
  let sum = 0;
  for (let i = 0; i < data.length; i++) sum += data[i];
  const mean = sum / data.length;
  let ss = 0;
  for (let i = 0; i < data.length; i++) ss += (data[i] - mean) ** 2;
  const std = Math.sqrt(ss / data.length);
  return { mean, std: std > 0 ? std : 1 };
}

function standardise(data: ArrayLike<number>, s: VaeScaling): Float32Array {
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = (data[i] - s.mean) / s.std;
  return out;
}



function split(n: number, fraction: number, rng: Rng): { train: Int32Array; monitor: Int32Array } {
  const order = shuffledRows(Int32Array.from({ length: n }, (_, i) => i), rng);
  const held = Math.min(n - 1, Math.floor(n * fraction));
  return { monitor: order.slice(0, held).sort(), train: order.slice(held).sort() };
}
