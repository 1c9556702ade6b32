/**
 * Posterior of an exact GP in the scaled problem (unit-box inputs, standardised targets):
 * mean = k*ᵀα, variance = s² − ‖L⁻¹k*‖², evaluated in blocks of candidates so memory stays O(block · n).
 */
import type { Matrix } from '../surrogate.ts';
import { rowSlice } from '../surrogate.ts';
import { cholesky } from '../numerics/cholesky.ts';
import { lowerProjectRows, lowerQuadForms } from '../numerics/quad-forms.ts';
import { wasmLinalg } from '../numerics/wasm-linalg.ts';
import { WasmGpPredictor } from './wasm-predict.ts';
import { crossKernel, kernelMatrix, scaleByLengths, type KernelParams } from './kernels.ts';
import type { Rng } from '../../sim/rng.ts';
import { FerroloopError } from '../../errors.ts';
import { dotRange } from '../numerics/triangular.ts';

/** Largest candidate set for joint posterior draws (a 4000 x 4000 covariance is 128 MB). */
export const MAX_JOINT_POINTS = 4000;

/** Everything needed to predict: training inputs (n x d, unit box), α = A⁻¹y, and M = L⁻¹ (n x n lower). */
export interface GpPredictor {
  readonly kernel: KernelParams;
  readonly X: Matrix;
  readonly alpha: Float64Array;
  readonly Linv: Float64Array;
}

/** Posterior mean and latent variance (standardised units) at the rows of Xs (m x d, unit box). */
export function predictScaled(p: GpPredictor, Xs: Matrix, blockSize = 1000): { mean: Float64Array; variance: Float64Array } {
  const w = wasmLinalg();
  if (!w) return predictScaledJs(p, Xs, blockSize);
  const m = Xs.rows;
  const mean = new Float64Array(m);
  const variance = new Float64Array(m);
  const simd = WasmGpPredictor.load(w, p, Math.min(blockSize, Math.max(m, 1)));
  for (let start = 0; start < m; start += blockSize) simd.run(rowSlice(Xs, start, start + blockSize), mean, variance, start);
  return { mean, variance };
}

/** TypeScript version of predictScaled (reference and fallback). */
export function predictScaledJs(p: GpPredictor, Xs: Matrix, blockSize = 1000): { mean: Float64Array; variance: Float64Array } {
  const m = Xs.rows;
  const n = p.X.rows;
  const mean = new Float64Array(m);
  const variance = new Float64Array(m);
  const Zt = scaleByLengths(p.X, p.kernel.lengthscales);
  const quad = new Float64Array(blockSize);
  for (let start = 0; start < m; start += blockSize) {
    const block = rowSlice(Xs, start, start + blockSize);
    const Ks = crossKernel(p.kernel, block, p.X, Zt);
    lowerQuadForms(p.Linv, n, Ks, block.rows, quad);
    for (let k = 0; k < block.rows; k++) {
      let mu = 0;
      const rk = k * n;
      for (let i = 0; i < n; i++) mu += Ks[rk + i] * p.alpha[i];
      mean[start + k] = mu;
      // Clamp round-off: the latent variance is never below 0 (nor above the prior variance s²).
      variance[start + k] = Math.min(p.kernel.outputscale, Math.max(p.kernel.outputscale - quad[k], 0));
    }
  }
  return { mean, variance };
}

/**
 * Joint posterior draws at the m rows of Xs (standardised units), row-major count x m:
 * f = μ + C z with C the Cholesky factor of K** − V Vᵀ, V = K* L⁻ᵀ. O(m²n + m³/6) time and O(m²) memory, so
 * m is capped at MAX_JOINT_POINTS (subsample larger candidate sets, e.g. around the acquisition's top scores).
 */
export function sampleScaled(p: GpPredictor, Xs: Matrix, count: number, rng: Rng): Float64Array {
  const m = Xs.rows;
  if (m > MAX_JOINT_POINTS) {
    throw new FerroloopError('MODEL_INVALID', `joint GP samples on ${m} points exceed the limit of ${MAX_JOINT_POINTS} (O(m²) memory); subsample the candidates`);
  }
  const n = p.X.rows;
  const Ks = crossKernel(p.kernel, Xs, p.X);
  const V = lowerProjectRows(p.Linv, n, Ks, m);
  const C = kernelMatrix(p.kernel, Xs);
  const mean = new Float64Array(m);
  for (let a = 0; a < m; a++) {
    for (let i = 0; i < n; i++) mean[a] += Ks[a * n + i] * p.alpha[i];
    for (let b = 0; b <= a; b++) C[a * m + b] -= dotRange(V, a * n, V, b * n, n);
  }
  const { L } = cholesky(C, m, { maxTries: 10 });
  const out = new Float64Array(count * m);
  const z = new Float64Array(m);
  for (let c = 0; c < count; c++) {
    for (let a = 0; a < m; a++) z[a] = rng.normal();
    for (let a = 0; a < m; a++) {
      let s = mean[a];
      for (let b = 0; b <= a; b++) s += L[a * m + b] * z[b];
      out[c * m + a] = s;
    }
  }
  return out;
}
