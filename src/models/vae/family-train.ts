/**
 * Trains a VAE-family model: data rescaled globally to [0, 1], seeded batch order and noise, Adam on minibatches
 * of the family's negative ELBO; the epoch with the lowest mean training loss is the checkpoint kept (also when
 * the signal aborts training between minibatches). ssvae batches carry labelled rows drawn with replacement.
 */
import * as tf from '@tensorflow/tfjs';
import { shuffledRows } from '../tf/minibatch.ts';
import { Rng } from '../../sim/rng.ts';
import { FerroloopError, InputError } from '../../errors.ts';
import { tfSeed } from '../tf/dense.ts';
import { restore, snapshot } from '../tf/named-weights.ts';
import { parseFamilyOptions, type FamilyOptions, type ResolvedFamilyOptions } from './family-options.ts';
import { createFamilyNetwork, disposeFamilyNetwork, familyVariables, type FamilyNetwork } from './family-network.ts';
import { familyLoss, LOSS_TERM_NAMES, type FamilyBatch } from './family-loss.ts';
import { consistencyAngles, rotateImages } from './family-rotate.ts';
import { FusedAdam } from '../tf/fused-adam.ts';

/** Images (or spectra as height 1) to learn from: count × height × width, row-major. */
export interface FamilyData {
  readonly count: number;
  readonly height: number;
  readonly width: number;
  readonly images: Float32Array | Float64Array | Uint8Array;
  /** Class per image (cvae: all known; ssvae: −1 where unknown). */
  readonly labels?: Int32Array;
  /** Continuous conditioning factors, count × factors (cvae). */
  readonly factors?: Float32Array;
}

/** Affine map of raw values to model units: (v − offset) · gain. */
export interface DataScaling {
  readonly offset: number;
  readonly gain: number;
}

/** One epoch's means (nats per sample) and wall time. */
export interface FamilyEpochReport {
  readonly epoch: number;
  readonly epochs: number;
  readonly loss: number;
  readonly reconstruction: number;
  readonly klContent: number;
  readonly klAngle: number;
  readonly klShift: number;
  readonly klDiscrete: number;
  readonly seconds: number;
  readonly improved: boolean;
}

export interface FamilyTrainHooks {
  readonly onEpoch?: (report: FamilyEpochReport) => void;
  readonly onBatch?: (done: number, total: number, epoch: number) => void;
  /** Aborting stops after the current minibatch and keeps the best epoch so far. */
  readonly signal?: AbortSignal;
}

export interface TrainedFamily {
  readonly network: FamilyNetwork;
  readonly scaling: DataScaling;
  readonly history: readonly FamilyEpochReport[];
  /** Epoch (1-based) whose weights were kept; 0 when stopped before one finished. */
  readonly bestEpoch: number;
  readonly aborted: boolean;
}

/** Trains a model; the caller owns the returned network's variables. */
export async function trainFamily(data: FamilyData, options: FamilyOptions, hooks: FamilyTrainHooks = {}): Promise<TrainedFamily> {
  const opts = parseFamilyOptions(options);
  checkData(data, opts);
  const scaling = dataScaling(data.images);
  const pixels = data.height * data.width;
  const scaled = new Float32Array(data.images.length);
  for (let i = 0; i < scaled.length; i++) scaled[i] = (data.images[i] - scaling.offset) * scaling.gain;
  const network = createFamilyNetwork(opts, data.height, data.width);
  const vars = familyVariables(network);
  const varList = vars.map((v) => v.variable);
  const optimizer = new FusedAdam(opts.learningRate);
  const rng = new Rng(opts.seed);
  const labelled = data.labels && opts.kind === 'ssvae' ? Int32Array.from(data.labels.keys()).filter((i) => data.labels![i] >= 0) : new Int32Array(0);
  const unlabelled = opts.kind === 'ssvae' && data.labels ? Int32Array.from(data.labels.keys()).filter((i) => data.labels![i] < 0) : Int32Array.from({ length: data.count }, (_, i) => i);
  const pool = unlabelled.length > 0 ? unlabelled : labelled;
  const history: FamilyEpochReport[] = [];
  let best = { loss: Infinity, epoch: 0, weights: snapshot(vars) };
  let iteration = 0;
  let aborted = false;
  try {
    for (let epoch = 1; epoch <= opts.epochs && !aborted; epoch++) {
      const t0 = performance.now();
      const order = shuffledRows(pool, rng);
      const batches = Math.ceil(order.length / opts.batchSize);
      const sums = new Float64Array(LOSS_TERM_NAMES.length);
      let rows = 0;
      for (let b = 0; b < batches; b++) {
        if (hooks.signal?.aborted) {
          aborted = true;
          break;
        }
        let idx = order.subarray(b * opts.batchSize, Math.min(order.length, (b + 1) * opts.batchSize));
        if (opts.kind === 'ssvae' && labelled.length > 0 && unlabelled.length > 0) {
          const extra = Math.min(labelled.length, Math.max(1, Math.floor(opts.batchSize / 4)));
          const add = Int32Array.from({ length: extra }, () => labelled[rng.int(labelled.length)]);
          idx = Int32Array.from([...idx, ...add]);
        }
        const values = trainStep(network, optimizer, varList, scaled, pixels, data, idx, opts, iteration, tfSeed(opts.seed * 1_000_003 + epoch * 10_007 + b));
        values.forEach((v, k) => (sums[k] += v * idx.length));
        rows += idx.length;
        iteration++;
        hooks.onBatch?.(b + 1, batches, epoch);
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      if (rows === 0) break;
      const means = Object.fromEntries(LOSS_TERM_NAMES.map((name, k) => [name, sums[k] / rows])) as Record<(typeof LOSS_TERM_NAMES)[number], number>;
      if (!Number.isFinite(means.loss)) throw new FerroloopError('MODEL_FIT_FAILED', `vae: the loss became ${means.loss} at epoch ${epoch} (lower --lr?)`);
      // A partial epoch (aborted) is not compared: its mean covers other rows.
      const improved = !aborted && means.loss < best.loss;
      if (improved) best = { loss: means.loss, epoch, weights: snapshot(vars) };
      const report: FamilyEpochReport = { epoch, epochs: opts.epochs, ...means, seconds: (performance.now() - t0) / 1000, improved };
      if (!aborted) {
        history.push(report);
        hooks.onEpoch?.(report);
      }
    }
    restore(vars, best.weights);
  } catch (err) {
    disposeFamilyNetwork(network);
    throw err;
  } finally {
    optimizer.dispose();
  }
  return { network, scaling, history, bestEpoch: best.epoch, aborted };
}

function trainStep(
  net: FamilyNetwork,
  optimizer: tf.Optimizer,
  varList: tf.Variable[],
  scaled: Float32Array,
  pixels: number,
  data: FamilyData,
  idx: Int32Array,
  opts: ResolvedFamilyOptions,
  iteration: number,
  noiseSeed: number,
): number[] {
  const b = idx.length;
  const rowsOf = (src: ArrayLike<number>, width: number) => {
    const out = new Float32Array(b * width);
    idx.forEach((r, i) => {
      for (let c = 0; c < width; c++) out[i * width + c] = src[r * width + c];
    });
    return out;
  };
  const tensors: tf.Tensor[] = [];
  const keep = <T extends tf.Tensor>(t: T): T => (tensors.push(t), t);
  const x = keep(tf.tensor2d(rowsOf(scaled, pixels), [b, pixels]));
  const enumerated = opts.kind === 'ssvae' ? opts.classes : 1;
  const eps = keep(tf.randomNormal([b * enumerated, net.layout.gaussian], 0, 1, 'float32', noiseSeed)) as tf.Tensor2D;
  const consistent = opts.angleConsistency > 0 && net.layout.angle && opts.kind !== 'ssvae' && net.height > 1 && net.width > 1;
  const deltas = consistent ? consistencyAngles(b, noiseSeed + 2) : undefined;
  const batch: FamilyBatch = {
    x,
    rotated: deltas
      ? { x: keep(tf.tensor2d(rotateImages(rowsOf(scaled, pixels), b, net.height, net.width, deltas), [b, pixels])), delta: keep(tf.tensor1d(deltas)) }
      : undefined,
    eps,
    iteration,
    labels: data.labels ? Int32Array.from(idx, (r) => data.labels![r]) : undefined,
    condition: opts.kind === 'cvae' ? keep(conditionTensor(data, idx, opts)) : undefined,
    uniform: net.layout.discrete > 0 && opts.discrete === 'gumbel' ? (keep(tf.randomUniform([b, net.layout.discrete], 0, 1, 'float32', noiseSeed + 1)) as tf.Tensor2D) : undefined,
  };
  const kept: tf.Scalar[] = [];
  const cost = optimizer.minimize(() => {
    const terms = familyLoss(net, batch);
    for (const name of LOSS_TERM_NAMES.slice(1)) kept.push(tf.keep(terms[name]));
    return terms.loss;
  }, true, varList);
  const values = [cost!.dataSync()[0], ...kept.map((t) => t.dataSync()[0])];
  tf.dispose([cost!, ...kept, ...tensors]);
  return values;
}

/** cvae's condition rows: one-hot class ⊕ continuous factors (B × (K + F)). */
export function conditionTensor(data: Pick<FamilyData, 'labels' | 'factors'>, idx: ArrayLike<number>, opts: Pick<ResolvedFamilyOptions, 'classes' | 'factors'>): tf.Tensor2D {
  const width = opts.classes + opts.factors;
  const out = new Float32Array(idx.length * width);
  for (let i = 0; i < idx.length; i++) {
    const r = idx[i];
    out[i * width + data.labels![r]] = 1;
    for (let f = 0; f < opts.factors; f++) out[i * width + opts.classes + f] = data.factors![r * opts.factors + f];
  }
  return tf.tensor2d(out, [idx.length, width]);
}

function checkData(data: FamilyData, opts: ResolvedFamilyOptions): void {
  if (data.count < 2 || data.images.length !== data.count * data.height * data.width) {
    throw new InputError('data', `need at least 2 images of ${data.height}×${data.width}, got ${data.count} (${data.images.length} values)`);
  }
  const labels = data.labels;
  if (labels && labels.length !== data.count) throw new InputError('labels', `${labels.length} labels for ${data.count} images`);
  if (labels?.some((l) => l >= opts.classes)) throw new InputError('labels', `labels must be below --classes ${opts.classes}`);
  if (opts.kind === 'cvae') {
    if (!labels || labels.some((l) => l < 0)) throw new InputError('labels', 'cvae needs a class label (0…K−1) for every image');
    if (opts.factors > 0 && data.factors?.length !== data.count * opts.factors) throw new InputError('factors', `cvae needs ${opts.factors} factors per image`);
  }
  if (opts.kind === 'ssvae' && (!labels || labels.every((l) => l < 0))) throw new InputError('labels', 'ssvae needs some labelled images (labels −1 mark the unlabelled)');
}

/** Global min/max scaling to [0, 1] (the Bernoulli likelihood needs it; harmless for the Gaussian). */
export function dataScaling(values: ArrayLike<number>): DataScaling {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (values[i] < lo) lo = values[i];
    if (values[i] > hi) hi = values[i];
  }
  return { offset: lo, gain: hi > lo ? 1 / (hi - lo) : 1 };
}

