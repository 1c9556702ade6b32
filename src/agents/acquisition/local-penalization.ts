/**
 * q-batch by local penalisation (González et al., AISTATS 2016): after choosing x_j, multiply the (positive)
 * acquisition by φ_j(x) = Φ((L‖x − x_j‖ − M + μ_j)/σ_j), the probability that x lies outside the ball around
 * x_j that cannot contain the optimum; L is a Lipschitz constant of the mean, M the best mean. Works in log
 * space: log softplus(score) + Σ_j log φ_j(x). One posterior, no refits.
 */
import type { Matrix, Posterior } from '../../models/surrogate.ts';
import { logNormCdf } from '../../models/numerics/normal.ts';
import { orientedMean, stddev, type Direction } from './acquisition.ts';
import { argmax } from './argmax.ts';

export interface LocalPenalizationOptions {
  readonly q: number;
  readonly candidates: Matrix;
  readonly posterior: Posterior;
  /** Acquisition scores at the candidates (any sign; mapped through softplus, which keeps order). */
  readonly scores: Float64Array;
  readonly direction?: Direction;
  /** Lipschitz constant of the mean in candidate units; default estimated by `estimateLipschitz`. */
  readonly lipschitz?: number;
  readonly exclude?: Uint8Array;
}

/** Indices of the q chosen candidates, in selection order (−1 when candidates run out). */
export function localPenalization(o: LocalPenalizationOptions): Int32Array {
  const m = o.candidates.rows;
  const d = o.candidates.cols;
  const mu = orientedMean(o.posterior, o.direction ?? 'maximize');
  const sd = stddev(o.posterior);
  const L = o.lipschitz ?? estimateLipschitz(o.candidates, mu);
  let M = -Infinity;
  for (const v of mu) M = Math.max(M, v);
  const logScore = o.scores.map((s) => (s > 30 ? Math.log(s) : Math.log(Math.log1p(Math.exp(s)))));
  const taken = o.exclude ? Uint8Array.from(o.exclude) : new Uint8Array(m);
  const out = new Int32Array(o.q).fill(-1);
  for (let j = 0; j < o.q; j++) {
    const best = argmax(logScore, taken);
    if (best < 0) break;
    out[j] = best;
    taken[best] = 1;
    const xj = o.candidates.data.subarray(best * d, (best + 1) * d);
    for (let c = 0; c < m; c++) {
      if (taken[c]) continue;
      let r2 = 0;
      for (let i = 0; i < d; i++) r2 += (o.candidates.data[c * d + i] - xj[i]) ** 2;
      const gap = L * Math.sqrt(r2) - M + mu[best];
      logScore[c] += sd[best] > 0 ? logNormCdf(gap / sd[best]) : gap >= 0 ? 0 : -Infinity;
    }
  }
  return out;
}

/**
 * Largest slope |μ_a − μ_b|/‖x_a − x_b‖ between up to 256 evenly spaced candidates and their nearest neighbour
 * in the whole set (a finite-difference estimate of max ‖∇μ‖); 1e-7 when the mean is flat.
 */
export function estimateLipschitz(candidates: Matrix, mu: Float64Array): number {
  const m = candidates.rows;
  const d = candidates.cols;
  const stride = Math.max(1, Math.floor(m / 256));
  let L = 0;
  for (let a = 0; a < m; a += stride) {
    let nearest = -1;
    let nearest2 = Infinity;
    for (let b = 0; b < m; b++) {
      if (b === a) continue;
      let r2 = 0;
      for (let i = 0; i < d; i++) r2 += (candidates.data[a * d + i] - candidates.data[b * d + i]) ** 2;
      if (r2 > 0 && r2 < nearest2) {
        nearest2 = r2;
        nearest = b;
      }
    }
    if (nearest >= 0) L = Math.max(L, Math.abs(mu[a] - mu[nearest]) / Math.sqrt(nearest2));
  }
  return L > 0 ? L : 1e-7;
}
