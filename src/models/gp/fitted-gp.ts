/** A GP conditioned on one dataset: posterior, joint samples, save/load. Immutable once built. */
import type { Rng } from '../../sim/rng.ts';
import { matrix, type Dataset, type FittedSurrogate, type Matrix, type Posterior } from '../surrogate.ts';
import { inverseLower } from '../numerics/triangular.ts';
import type { KernelKind, KernelParams } from './kernels.ts';
import { factorise } from './marginal-likelihood.ts';
import { predictScaled, sampleScaled, type GpPredictor } from './predict.ts';
import { standardise, toUnitBox, type InputScaling, type OutputScaling } from './scaling.ts';
import { parseGpState, type GpState } from './gp-state.ts';

export interface FittedGpParts {
  readonly kernel: KernelParams;
  readonly noise: number;
  readonly inputs: InputScaling;
  readonly outputs: OutputScaling;
  /** Training inputs in the unit box (n x d) and standardised targets (length n). */
  readonly X: Matrix;
  readonly y: Float64Array;
}

export class FittedGp implements FittedSurrogate {
  readonly parts: FittedGpParts;
  /** Log marginal likelihood of the standardised targets at the fitted hyperparameters. */
  readonly logMarginal: number;
  /** Jitter the Cholesky factorisation needed on top of σ² (standardised units). */
  readonly jitter: number;
  private readonly predictor: GpPredictor;

  constructor(parts: FittedGpParts) {
    this.parts = parts;
    const f = factorise({ kernel: parts.kernel, noise: parts.noise }, parts.X, parts.y);
    this.logMarginal = f.logMarginal;
    this.jitter = f.jitter;
    this.predictor = { kernel: parts.kernel, X: parts.X, alpha: f.alpha, Linv: inverseLower(f.L, parts.X.rows) };
  }

  /** Latent posterior at X (m x d, original units): mean and variance in the units of y (noise excluded). */
  posterior(X: Matrix): Posterior {
    this.checkCols(X);
    const { mean, variance } = predictScaled(this.predictor, toUnitBox(this.parts.inputs, X));
    const { mean: my, std } = this.parts.outputs;
    for (let k = 0; k < mean.length; k++) {
      mean[k] = my + std * mean[k];
      variance[k] *= std * std;
    }
    return { mean, variance };
  }

  /** Predictive variance of a new observation = latent variance + σ² (units of y², per row). */
  observationNoise(): number {
    return this.parts.noise * this.parts.outputs.std ** 2;
  }

  /** Joint latent draws at X (m x d): row-major count x m, units of y. */
  sample(X: Matrix, count: number, rng: Rng): Float64Array {
    this.checkCols(X);
    const s = sampleScaled(this.predictor, toUnitBox(this.parts.inputs, X), count, rng);
    const { mean: my, std } = this.parts.outputs;
    for (let k = 0; k < s.length; k++) s[k] = my + std * s[k];
    return s;
  }

  /**
   * The same model (hyperparameters and scalings kept) conditioned on another dataset in original units, e.g.
   * with Kriging-believer pseudo-observations appended. One factorisation, no hyperparameter fit.
   */
  condition(data: Dataset): FittedGp {
    this.checkCols(data.X);
    return new FittedGp({ ...this.parts, X: toUnitBox(this.parts.inputs, data.X), y: standardise(this.parts.outputs, data.y) });
  }

  toJSON(): GpState {
    const { kernel, noise, inputs, outputs, X, y } = this.parts;
    const rows: number[][] = [];
    for (let a = 0; a < X.rows; a++) rows.push(Array.from(X.data.subarray(a * X.cols, (a + 1) * X.cols)));
    return {
      format: 'ferroloop.gp',
      version: 1,
      kernel: kernel.kind,
      lengthscales: Array.from(kernel.lengthscales),
      outputscale: kernel.outputscale,
      noise,
      xLower: Array.from(inputs.lower),
      xUpper: Array.from(inputs.upper),
      yMean: outputs.mean,
      yStd: outputs.std,
      X: rows,
      y: Array.from(y),
    };
  }

  /** Rebuilds a fitted GP from `toJSON()` output (zod-validated; refactorises, no refit). */
  static fromJSON(json: unknown): FittedGp {
    const s = parseGpState(json);
    const d = s.lengthscales.length;
    return new FittedGp({
      kernel: { kind: s.kernel as KernelKind, lengthscales: Float64Array.from(s.lengthscales), outputscale: s.outputscale },
      noise: s.noise,
      inputs: { lower: Float64Array.from(s.xLower), upper: Float64Array.from(s.xUpper) },
      outputs: { mean: s.yMean, std: s.yStd },
      X: matrix(s.X.length, d, Float64Array.from(s.X.flat())),
      y: Float64Array.from(s.y),
    });
  }

  dispose(): void {
    // Plain typed arrays only: nothing to release.
  }

  private checkCols(X: Matrix): void {
    const d = this.parts.X.cols;
    if (X.cols !== d) throw new RangeError(`GP was fitted on ${d} input columns, got ${X.cols}`);
  }
}
