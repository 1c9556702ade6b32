/**
 * Surrogate-model contracts (BoTorch-style split): a `Surrogate` is a recipe that `fit`s a dataset and
 * returns an immutable `FittedSurrogate`; everything crossing these seams is a plain Float64Array.
 */
import type { Rng } from '../sim/rng.ts';

/** Dense row-major matrix: element (i, j) is `data[i * cols + j]`; `data.length === rows * cols`. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/** Training data: inputs `X` (n x d), targets `y` (length n), optional column names of X. */
export interface Dataset {
  readonly X: Matrix;
  readonly y: Float64Array;
  readonly featureNames?: readonly string[];
}

/** Marginal posterior at m points: predictive mean and variance (length m, in the units of y). */
export interface Posterior {
  readonly mean: Float64Array;
  readonly variance: Float64Array;
}

/** A model family with its options (GP, DKL, GP on VAE latents …). */
export interface Surrogate {
  readonly name: string;
  /** Returns a new fitted model and never mutates an earlier one. */
  fit(data: Dataset, signal?: AbortSignal): Promise<FittedSurrogate>;
}

/** A model conditioned on one dataset. */
export interface FittedSurrogate {
  /** Marginal posterior of the latent function at the m rows of X (m x d). */
  posterior(X: Matrix): Posterior;
  /** Joint posterior draws of the latent function at the m rows of X: row-major `count x m`. */
  sample?(X: Matrix, count: number, rng: Rng): Float64Array;
  /** The same model (hyperparameters kept) conditioned on another dataset, e.g. for a Kriging believer's batch. */
  condition?(data: Dataset): FittedSurrogate | Promise<FittedSurrogate>;
  /** JSON-serialisable state (for save/load). */
  toJSON?(): unknown;
  /** Releases resources (tensors, workers); the model must not be used afterwards. */
  dispose(): void;
}

/** Builds a `rows x cols` Matrix, zero-filled or wrapping `data` (which must have rows*cols entries). */
export function matrix(rows: number, cols: number, data?: Float64Array | ArrayLike<number>): Matrix {
  if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols < 0) {
    throw new RangeError(`matrix: bad shape ${rows} x ${cols}`);
  }
  let values: Float64Array;
  if (data === undefined) values = new Float64Array(rows * cols);
  else values = data instanceof Float64Array ? data : Float64Array.from(data);
  if (values.length !== rows * cols) {
    throw new RangeError(`matrix: ${rows} x ${cols} needs ${rows * cols} values, got ${values.length}`);
  }
  return { rows, cols, data: values };
}

/** Rows [start, end) of M as a Matrix sharing M's buffer (no copy). */
export function rowSlice(M: Matrix, start: number, end: number): Matrix {
  const s = Math.max(0, Math.min(start, M.rows));
  const e = Math.max(s, Math.min(end, M.rows));
  return { rows: e - s, cols: M.cols, data: M.data.subarray(s * M.cols, e * M.cols) };
}
