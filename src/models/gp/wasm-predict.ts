/**
 * The GP posterior hot path in WebAssembly SIMD: cross kernel (with a vectorised exp) written straight into
 * module memory, then the variance quadratic forms; the mean k*ᵀα is summed here from the same memory.
 * Memory layout (doubles, s = n rounded up to even): M = L⁻¹ (s x s, zero-padded) | Zᵀ of the training inputs
 * scaled by the length scales (d x s) | candidate block Z* (q x d) | K* (q x s) | ‖M k‖² (q), q = block rounded
 * up to 4. Padded columns of K* meet zero rows/columns of M and are skipped in the mean.
 */
import type { Matrix } from '../surrogate.ts';
import { heap, type LinalgExports } from '../numerics/wasm-linalg.ts';
import type { GpPredictor } from './predict.ts';
import { scaleByLengths } from './kernels.ts';

/** Fills mean/variance[start …] for the rows of `block` (unit box); one resident predictor at a time. */
export class WasmGpPredictor {
  private readonly s: number;
  private readonly d: number;

  private constructor(private readonly w: LinalgExports, private readonly p: GpPredictor) {
    this.s = p.X.rows + (p.X.rows & 1);
    this.d = p.X.cols;
  }

  /** Copies L⁻¹ and the scaled training inputs into module memory. */
  static load(w: LinalgExports, p: GpPredictor, blockSize: number): WasmGpPredictor {
    const q = new WasmGpPredictor(w, p);
    const { s, d } = q;
    const n = p.X.rows;
    const qPad = (blockSize + 3) & ~3;
    const h = heap(w, s * s + d * s + qPad * (d + s + 1));
    h.fill(0, 0, s * s + d * s);
    for (let i = 0; i < n; i++) h.set(p.Linv.subarray(i * n, i * n + i + 1), i * s);
    const Z = scaleByLengths(p.X, p.kernel.lengthscales);
    for (let b = 0; b < n; b++) for (let i = 0; i < d; i++) h[s * s + i * s + b] = Z[b * d + i];
    return q;
  }

  run(block: Matrix, mean: Float64Array, variance: Float64Array, start: number): void {
    const { w, p, s, d } = this;
    const n = p.X.rows;
    const m = block.rows;
    const qPad = (m + 3) & ~3;
    const zAt = s * s + d * s;
    const kAt = zAt + qPad * d;
    const outAt = kAt + qPad * s;
    const h = heap(w, outAt + qPad);
    h.set(scaleByLengths(block, p.kernel.lengthscales), zAt);
    h.fill(0, zAt + m * d, zAt + qPad * d);
    const s2 = p.kernel.outputscale;
    w.crossKernel(zAt * 8, s * s * 8, qPad, s, d, p.kernel.kind === 'rbf' ? 0 : 1, s2, kAt * 8);
    w.quadForms(0, kAt * 8, s, qPad, outAt * 8);
    const alpha = p.alpha;
    for (let k = 0; k < m; k++) {
      const rk = kAt + k * s;
      let mu = 0;
      for (let b = 0; b < n; b++) mu += h[rk + b] * alpha[b];
      mean[start + k] = mu;
      // Round-off clamp: the latent variance lies in [0, s²].
      variance[start + k] = Math.min(s2, Math.max(s2 - h[outAt + k], 0));
    }
  }
}
