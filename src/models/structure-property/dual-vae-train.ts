/**
 * Trains a dual VAE on paired patches and loops: seeded validation split and batch order, Adam on minibatches of
 * the loss of ./dual-vae-options.ts; the epoch with the lowest validation cross-prediction MSE (loop from μ_s plus
 * patch from μ_p; training loss without a validation share) is kept, also when the signal aborts training.
 */
import * as tf from '@tensorflow/tfjs';
import { gatherRows, shuffledRows } from '../tf/minibatch.ts';
import { FerroloopError, InputError } from '../../errors.ts';
import { Rng } from '../../sim/rng.ts';
import { tfSeed } from '../tf/dense.ts';
import { initTfBackend } from '../tf/tf-backend.ts';
import { restore, snapshot } from '../tf/named-weights.ts';
import { decodeIm2Spec, encodeIm2Spec } from './im2spec-network.ts';
import { parseDualVaeOptions, type DualVaeOptions, type ResolvedDualVaeOptions } from './dual-vae-options.ts';
import { createDualVaeNetwork, disposeDualVaeNetwork, dualVaeVariables, type DualVaeNetwork } from './dual-vae-network.ts';
import { fitDualScaling, scaleDual, type DualVaeScaling } from './dual-vae-scaling.ts';
import { FusedAdam } from '../tf/fused-adam.ts';

/** Paired samples: N patches (C × P × P, row-major) and N loops (M points). `PairedData` fits. */
export interface DualVaeData {
  readonly count: number;
  readonly patch: number;
  /** Structure channels C (absent: 1). */
  readonly channels?: number;
  readonly points: number;
  /** N × C·P². */
  readonly structure: ArrayLike<number>;
  /** N × M. */
  readonly spectra: ArrayLike<number>;
}

/** One epoch's mean loss terms (standardised units per value; tie in latent units²) and wall time (s). */
export interface DualVaeEpochReport {
  readonly epoch: number;
  readonly epochs: number;
  readonly loss: number;
  /** Self-reconstruction MSEs of patches and loops. */
  readonly reconStructure: number;
  readonly reconSpectrum: number;
  /** Cross MSEs: patch from z_p, loop from z_s. */
  readonly crossStructure: number;
  readonly crossSpectrum: number;
  /** KL_s / P² + KL_p / M. */
  readonly kl: number;
  /** Mean ‖μ_s − μ_p‖². */
  readonly tie: number;
  /** Validation cross MSE (loop from μ_s + patch from μ_p; NaN without a validation share). */
  readonly validation: number;
  readonly seconds: number;
  readonly improved: boolean;
}

export interface DualVaeTrainHooks {
  readonly onEpoch?: (report: DualVaeEpochReport) => void;
  /** Aborting stops after the current minibatch and keeps the best epoch so far. */
  readonly signal?: AbortSignal;
}

export interface TrainedDualVae {
  readonly network: DualVaeNetwork;
  readonly scaling: DualVaeScaling;
  readonly history: readonly DualVaeEpochReport[];
  /** Epoch (1-based) whose weights were kept; 0 when stopped before one finished. */
  readonly bestEpoch: number;
  readonly aborted: boolean;
}

interface Scaled { readonly xs: Float32Array; readonly ys: Float32Array; readonly xp: Float32Array; readonly yp: Float32Array; readonly s: number; readonly m: number }

/** Trains one dual VAE; the caller owns the returned network's variables. */
export async function trainDualVae(data: DualVaeData, options: DualVaeOptions, hooks: DualVaeTrainHooks = {}): Promise<TrainedDualVae> {
  const opts = parseDualVaeOptions(options);
  const channels = data.channels ?? 1;
  const s = channels * data.patch * data.patch;
  const m = data.points;
  if (data.count < 2 || data.patch < 1 || m < 1 || data.structure.length !== data.count * s || data.spectra.length !== data.count * m) {
    throw new InputError('data', `need at least 2 pairs of ${channels > 1 ? `${channels}×` : ''}${data.patch}×${data.patch} patches and ${m}-point loops, got ${data.count} (${data.structure.length} and ${data.spectra.length} values)`);
  }
  await initTfBackend();
  const rng = new Rng(opts.seed);
  const order = shuffledRows(Int32Array.from({ length: data.count }, (_, i) => i), rng);
  const held = Math.min(data.count - 1, Math.round(opts.validation * data.count));
  const validationRows = order.slice(0, held);
  const trainRows = order.slice(held);
  const scaling = fitDualScaling(data.structure, data.spectra, data.count, trainRows);
  const d: Scaled = { ...scaleDual(scaling, data.structure, data.spectra), s, m };
  const network = createDualVaeNetwork(opts, data.patch, m, channels);
  const vars = dualVaeVariables(network);
  const varList = vars.map((v) => v.variable);
  const kernels = varList.filter((_, i) => vars[i].name.endsWith('/kernel'));
  const optimizer = new FusedAdam(opts.learningRate);
  const history: DualVaeEpochReport[] = [];
  let best = { loss: Infinity, epoch: 0, weights: snapshot(vars) };
  let aborted = false;
  try {
    for (let epoch = 1; epoch <= opts.epochs && !aborted; epoch++) {
      const t0 = performance.now();
      const batchOrder = shuffledRows(trainRows, rng);
      const batches = Math.ceil(batchOrder.length / opts.batchSize);
      let sums = new Array<number>(7).fill(0);
      let rows = 0;
      for (let b = 0; b < batches; b++) {
        if (hooks.signal?.aborted) {
          aborted = true;
          break;
        }
        const idx = batchOrder.subarray(b * opts.batchSize, Math.min(batchOrder.length, (b + 1) * opts.batchSize));
        const values = step(network, optimizer, varList, kernels, d, idx, opts, tfSeed(opts.seed * 1_000_003 + epoch * 10_007 + b));
        sums = sums.map((v, k) => v + values[k] * idx.length);
        rows += idx.length;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      if (rows === 0 || aborted) break;
      const [loss, reconStructure, reconSpectrum, crossStructure, crossSpectrum, kl, tie] = sums.map((v) => v / rows);
      if (!Number.isFinite(loss)) throw new FerroloopError('MODEL_FIT_FAILED', `dual VAE: the loss became ${loss} at epoch ${epoch} (lower the learning rate?)`);
      const validation = held > 0 ? crossError(network, d, validationRows) : NaN;
      const score = held > 0 ? validation : loss;
      const improved = score < best.loss;
      if (improved) best = { loss: score, epoch, weights: snapshot(vars) };
      const report: DualVaeEpochReport = {
        epoch, epochs: opts.epochs, loss, reconStructure, reconSpectrum, crossStructure, crossSpectrum, kl, tie, validation, seconds: (performance.now() - t0) / 1000, improved,
      };
      history.push(report);
      hooks.onEpoch?.(report);
    }
    restore(vars, best.weights);
  } catch (err) {
    disposeDualVaeNetwork(network);
    throw err;
  } finally {
    optimizer.dispose();
  }
  return { network, scaling, history, bestEpoch: best.epoch, aborted };
}

/** z = μ + σ ε with ε ~ N(0, I) from `seed`. */
function sample(mu: tf.Tensor2D, logVar: tf.Tensor2D, seed: number): tf.Tensor2D {
  return tf.add(mu, tf.mul(tf.exp(tf.mul(0.5, logVar)), tf.randomNormal(mu.shape, 0, 1, 'float32', seed))) as tf.Tensor2D;
}

/** Batch mean of KL(N(μ, σ²) ‖ N(0, I)) (nats). */
function klOf(mu: tf.Tensor2D, logVar: tf.Tensor2D): tf.Scalar {
  return tf.mean(tf.sum(tf.mul(-0.5, tf.sub(tf.add(1, logVar), tf.add(tf.square(mu), tf.exp(logVar)))), 1)) as tf.Scalar;
}

const mse = (a: tf.Tensor, b: tf.Tensor): tf.Scalar => tf.mean(tf.square(tf.sub(a, b))) as tf.Scalar;

/** One Adam step on rows idx; returns [loss, recon_s, recon_p, cross_s, cross_p, kl, tie] (batch means). */
function step(net: DualVaeNetwork, optimizer: tf.Optimizer, varList: tf.Variable[], kernels: tf.Variable[], d: Scaled, idx: Int32Array, opts: ResolvedDualVaeOptions, seed: number): number[] {
  const parts = tf.tidy(() => {
    const n = idx.length;
    const xs = tf.tensor2d(gatherRows(d.xs, d.s, idx), [n, d.s]);
    const ys = tf.tensor2d(gatherRows(d.ys, d.s, idx), [n, d.s]);
    const xp = tf.tensor2d(gatherRows(d.xp, d.m, idx), [n, d.m]);
    const yp = tf.tensor2d(gatherRows(d.yp, d.m, idx), [n, d.m]);
    let terms: tf.Scalar[] = [];
    optimizer.minimize(() => {
      const es = encodeIm2Spec(net.structure, xs);
      const ep = encodeIm2Spec(net.spectrum, xp);
      const zs = sample(es.mu, es.logVar!, seed);
      const zp = sample(ep.mu, ep.logVar!, tfSeed(seed + 7));
      const reconS = mse(decodeIm2Spec(net.structure, zs), ys);
      const reconP = mse(decodeIm2Spec(net.spectrum, zp), yp);
      const crossS = mse(decodeIm2Spec(net.structure, zp), ys);
      const crossP = mse(decodeIm2Spec(net.spectrum, zs), yp);
      const kl = tf.add(tf.div(klOf(es.mu, es.logVar!), d.s), tf.div(klOf(ep.mu, ep.logVar!), d.m)) as tf.Scalar;
      const tie = tf.mean(tf.sum(tf.square(tf.sub(es.mu, ep.mu)), 1)) as tf.Scalar;
      const loss = tf.addN([reconS, reconP, tf.mul(opts.cross, tf.add(crossS, crossP)), tf.mul(opts.beta, kl), tf.mul(opts.tie, tie)]) as tf.Scalar;
      terms = [loss, reconS, reconP, crossS, crossP, kl, tie].map((t) => tf.keep(t));
      const penalty = opts.weightDecay > 0 ? tf.mul(opts.weightDecay, tf.addN(kernels.map((k) => tf.sum(tf.square(k))))) : tf.scalar(0);
      return tf.add(loss, penalty) as tf.Scalar;
    }, false, varList);
    return terms;
  });
  const values = parts.map((t) => t.dataSync()[0]);
  tf.dispose(parts);
  return values;
}

/** Cross-prediction MSE on rows idx: loop from μ_s plus patch from μ_p (standardised units). */
function crossError(net: DualVaeNetwork, d: Scaled, idx: Int32Array): number {
  const v = tf.tidy(() => {
    const n = idx.length;
    const ms = encodeIm2Spec(net.structure, tf.tensor2d(gatherRows(d.xs, d.s, idx), [n, d.s])).mu;
    const mp = encodeIm2Spec(net.spectrum, tf.tensor2d(gatherRows(d.xp, d.m, idx), [n, d.m])).mu;
    return tf.add(mse(decodeIm2Spec(net.spectrum, ms), tf.tensor2d(gatherRows(d.yp, d.m, idx), [n, d.m])), mse(decodeIm2Spec(net.structure, mp), tf.tensor2d(gatherRows(d.ys, d.s, idx), [n, d.s])));
  });
  const out = v.dataSync()[0];
  v.dispose();
  return out;
}


