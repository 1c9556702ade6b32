/**
 * Deep kernel learning surrogate: a tfjs feature extractor (MLP or CNN) feeding an ARD-RBF GP, trained jointly
 * on the negative log marginal likelihood (float64 custom op, dkl-marginal-likelihood.ts). Hyper-priors (as
 * gpax viDKL, spec/models.md §4.2): N(0, 1) on log ℓ and log s², which keeps the embedding's length scales
 * O(1) on standardised targets; N(μ, τ²) on log σ² with [μ, τ] = `noisePrior`, by default [−4, 2] (BoTorch's noise
 * prior centre, wider), which favours explaining y by the features rather than by noise without forbidding noisy data.
 * Prediction is the exact float64 GP posterior on the learned features (latent f, no noise), in y's units; a new
 * observation's predictive variance adds `observationNoise()`.
 */
import * as tf from '@tensorflow/tfjs';
import { FerroloopError } from '../../errors.ts';
import type { Dataset, FittedSurrogate, Matrix, Posterior, Surrogate } from '../surrogate.ts';
import type { Rng } from '../../sim/rng.ts';
import { parseDklOptions, type DklOptions, type ResolvedDklOptions } from './dkl-options.ts';
import { applyStandardiser, fitStandardiser, fitTargetScaling, type Standardiser } from './dkl-scaling.ts';
import { createExtractor, disposeExtractor, featuresOf, featuresOfRaw, type ExtractorConfig, type FeatureExtractor } from './dkl-extractor.ts';
import { createKernelVariables, disposeKernelVariables, readHyper } from './dkl-kernel.ts';
import { trainDkl } from './dkl-train.ts';
import { conditionFeatureGp, featureJointSamples, featurePosterior, type FeatureGp } from './dkl-posterior.ts';
import { initTfBackend } from '../tf/tf-backend.ts';
import { restore, snapshot, toJsonWeights } from '../tf/named-weights.ts';
import { FittedDklEnsemble } from './dkl-ensemble.ts';

/** Everything a fitted DKL consists of (also what toJSON/fromJSON round-trip). */
export interface DklParts {
  readonly options: ResolvedDklOptions;
  readonly extractor: FeatureExtractor;
  readonly inputScaling: Standardiser;
  readonly yScaling: { mean: number; std: number };
  readonly gp: FeatureGp;
  /** Standardised training targets. */
  readonly yStd: Float64Array;
  readonly losses: readonly number[];
}

export class DklSurrogate implements Surrogate {
  readonly name = 'dkl';
  readonly options: ResolvedDklOptions;

  constructor(options: DklOptions = {}) {
    this.options = parseDklOptions(options);
  }

  /**
   * Trains `restarts` models (seeds seed, seed + 1, …) and keeps the one with the lowest final loss (highest
   * marginal likelihood + log prior): small-n DKL can land in poor optima from some initialisations.
   */
  async fit(data: Dataset, signal?: AbortSignal): Promise<FittedDkl | FittedDklEnsemble> {
    const { ensemble, restarts, seed } = this.options;
    if (ensemble === 1) return this.fitModel(data, signal);
    const members: FittedDkl[] = [];
    try {
      // Member k trains from seeds seed + k·restarts … seed + (k + 1)·restarts − 1: no two members share one.
      for (let k = 0; k < ensemble; k++) members.push(await this.fitBest(data, seed + k * restarts, signal));
    } catch (err) {
      for (const m of members) m.dispose();
      throw err;
    }
    return new FittedDklEnsemble(members);
  }

  /** One model (the best of `restarts`), whatever `ensemble` says. */
  async fitModel(data: Dataset, signal?: AbortSignal): Promise<FittedDkl> {
    return this.fitBest(data, this.options.seed, signal);
  }

  /** The lowest-loss model of `restarts` fits from seeds first, first + 1, …. */
  private async fitBest(data: Dataset, first: number, signal?: AbortSignal): Promise<FittedDkl> {
    await initTfBackend();
    const { X, y } = data;
    if (X.rows < 2 || y.length !== X.rows) throw new FerroloopError('MODEL_FIT_FAILED', `dkl: need ≥ 2 rows with one y each, got ${X.rows} rows and ${y.length} targets`);
    let best: FittedDkl | undefined;
    try {
      for (let r = 0; r < this.options.restarts; r++) {
        const fitted = await this.fitOnce(data, first + r, signal);
        if (best === undefined || fitted.losses.at(-1)! < best.losses.at(-1)!) {
          best?.dispose();
          best = fitted;
        } else {
          fitted.dispose();
        }
      }
    } catch (err) {
      best?.dispose();
      throw err;
    }
    return best!;
  }

  private async fitOnce({ X, y }: Dataset, seed: number, signal?: AbortSignal): Promise<FittedDkl> {
    const opts = { ...this.options, seed };
    const inputScaling = fitStandardiser(X, opts.extractor === 'cnn');
    const yScaling = fitTargetScaling(y);
    const yStd = Float64Array.from(y, (v) => (v - yScaling.mean) / yScaling.std);
    const extractor = createExtractor(extractorConfig(opts, X.cols), seed);
    const kernel = createKernelVariables(opts.featureDim, { lengthScale: 1, outputScale: 1, noise: 0.05 }, opts.minNoise, opts.noisePrior);
    const Xt = tf.tensor2d(applyStandardiser(inputScaling, X), [X.rows, X.cols]);
    try {
      const losses = await trainDkl(extractor, kernel, Xt, yStd, { epochs: opts.epochs, learningRate: opts.learningRate, weightPrior: opts.weightPrior, signal });
      const gp = conditionFeatureGp(featuresOf(extractor, Xt), opts.featureDim, yStd, readHyper(kernel));
      return new FittedDkl({ options: opts, extractor, inputScaling, yScaling, gp, yStd, losses });
    } catch (err) {
      disposeExtractor(extractor);
      throw err;
    } finally {
      Xt.dispose();
      disposeKernelVariables(kernel);
    }
  }
}

export class FittedDkl implements FittedSurrogate {
  private disposed = false;

  constructor(readonly parts: DklParts) {}

  /** Loss per point of each training epoch. */
  get losses(): readonly number[] {
    return this.parts.losses;
  }

  /** Learned features (m x featureDim, row-major) of the rows of X. */
  features(X: Matrix): Float64Array {
    this.check();
    return featuresOfRaw(this.parts.extractor, this.parts.inputScaling, X);
  }

  posterior(X: Matrix): Posterior {
    this.checkCols(X);
    const post = featurePosterior(this.parts.gp, this.features(X), X.rows);
    const { mean: m, std: s } = this.parts.yScaling;
    return { mean: post.mean.map((v) => v * s + m), variance: post.variance.map((v) => v * s * s) };
  }

  /** The fitted observation-noise variance σ² (floor included) in y's units²: predictive var(y*) = var(f*) + σ². */
  observationNoise(): number {
    return this.parts.gp.hyper.noise * this.parts.yScaling.std ** 2;
  }

  /** `count` joint posterior draws of the latent function at the rows of X: row-major count x m, in y's units. */
  sample(X: Matrix, count: number, rng: Rng): Float64Array {
    this.checkCols(X);
    const draws = featureJointSamples(this.parts.gp, this.features(X), X.rows, count, () => rng.normal());
    const { mean: m, std: s } = this.parts.yScaling;
    return draws.map((v) => v * s + m);
  }

  /**
   * The same network, hyperparameters and scalings conditioned on another dataset (original units), e.g. with
   * Kriging-believer pseudo-observations appended: one factorisation, no training. Dispose it separately.
   */
  condition(data: Dataset): FittedDkl {
    this.checkCols(data.X);
    const p = this.parts;
    const extractor = createExtractor(p.extractor.config, p.options.seed);
    restore(extractor.variables, snapshot(p.extractor.variables));
    try {
      const yStd = Float64Array.from(data.y, (v) => (v - p.yScaling.mean) / p.yScaling.std);
      const gp = conditionFeatureGp(featuresOfRaw(extractor, p.inputScaling, data.X), p.options.featureDim, yStd, p.gp.hyper);
      return new FittedDkl({ ...p, extractor, yStd, gp });
    } catch (err) {
      disposeExtractor(extractor);
      throw err;
    }
  }

  toJSON(): unknown {
    this.check();
    const p = this.parts;
    return {
      format: 'ferroloop-dkl',
      version: 1,
      options: p.options,
      inputDim: p.extractor.config.inputDim,
      inputScaling: p.inputScaling,
      yScaling: p.yScaling,
      hyper: { lengthScale: Array.from(p.gp.hyper.lengthScale), outputScale: p.gp.hyper.outputScale, noise: p.gp.hyper.noise },
      trainFeatures: Array.from(p.gp.features),
      trainY: Array.from(p.yStd),
      losses: [...p.losses],
      weights: toJsonWeights(snapshot(p.extractor.variables)),
    };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    disposeExtractor(this.parts.extractor);
  }

  private checkCols(X: Matrix): void {
    if (X.cols !== this.parts.extractor.config.inputDim) {
      throw new RangeError(`dkl: X has ${X.cols} columns, the model was fitted on ${this.parts.extractor.config.inputDim}`);
    }
  }

  private check(): void {
    if (this.disposed) throw new FerroloopError('MODEL_INVALID', 'FittedDkl used after dispose()');
  }
}

/** The extractor configuration implied by the options and the input dimension. */
export function extractorConfig(opts: ResolvedDklOptions, inputDim: number): ExtractorConfig {
  return { kind: opts.extractor, inputDim, hidden: opts.hidden, featureDim: opts.featureDim, patchShape: opts.patchShape, channels: opts.channels };
}
