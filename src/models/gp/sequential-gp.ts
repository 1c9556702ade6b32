import { type FittedGp } from './fitted-gp.ts';
import type { GpSurrogate } from './gp-surrogate.ts';
import { crossKernel } from './kernels.ts';
import { factorise } from './marginal-likelihood.ts';
import { standardise, toUnitBox } from './scaling.ts';
import { predictScaled } from './predict.ts';
import { choleskySolve, inverseFromCholesky, inverseLower } from '../numerics/triangular.ts';
import { cholesky } from '../numerics/cholesky.ts';
import { type Dataset, type FittedSurrogate, type Matrix, type Posterior, type Surrogate, matrix } from '../surrogate.ts';

/** When to refit hyperparameters: after the data grew by `growth` (fraction) or `every` new points. */
export interface RefitPolicy {
  readonly growth: number;
  readonly every: number;
}

/**
 * The posterior over a fixed candidate set, kept up to date point by point with frozen hyperparameters
 * and scalings (scaled problem: unit-box inputs, standardised targets). It keeps A⁻¹ (A = K + σ²I) and the
 * cross-kernel K(C, X); adding a point x updates mean and variance of every candidate by the Schur
 * complement s = k(x,x) + σ² − kᵀA⁻¹k: Δμ_c = g_c·r/s, Δσ²_c = −g_c²/s with g_c = k(c,x) − K(c,X)A⁻¹k and
 * r = y − kᵀα. O(n·m + n²) per point instead of the O(n²·m) of a fresh posterior.
 */
class CandidateCache {
  n: number;
  private readonly cap: number;
  private readonly Ainv: Float64Array; // cap x cap, symmetric
  private readonly alpha: Float64Array; // cap
  private readonly Ks: Float64Array; // m x cap, K(C, X)
  private readonly meanS: Float64Array; // m, standardised latent mean
  private readonly varS: Float64Array; // m, standardised latent variance
  private readonly Xu: Matrix; // cap x d, training inputs in the unit box (first n rows used)
  private readonly jitter: number;

  constructor(readonly fitted: FittedGp, private readonly Cu: Matrix, capacity: number) {
    const { X, kernel, noise, y } = fitted.parts;
    const n = X.rows;
    const m = Cu.rows;
    const cap = Math.max(capacity, n + 1);
    this.n = n;
    this.cap = cap;
    const f = factorise({ kernel, noise }, X, y);
    this.jitter = f.jitter;
    const post = predictScaled({ kernel, X, alpha: f.alpha, Linv: inverseLower(f.L, n) }, Cu);
    this.meanS = post.mean;
    this.varS = post.variance;
    const Ainv = inverseFromCholesky(f.L, n);
    this.Ainv = new Float64Array(cap * cap);
    for (let i = 0; i < n; i++) this.Ainv.set(Ainv.subarray(i * n, (i + 1) * n), i * cap);
    this.alpha = new Float64Array(cap);
    this.alpha.set(f.alpha);
    const Ks = crossKernel(kernel, Cu, X);
    this.Ks = new Float64Array(m * cap);
    for (let c = 0; c < m; c++) this.Ks.set(Ks.subarray(c * n, (c + 1) * n), c * cap);
    this.Xu = matrix(cap, X.cols);
    this.Xu.data.set(X.data);
  }

  /** True when one more point fits in the preallocated capacity. */
  hasRoom(): boolean {
    return this.n < this.cap;
  }

  /** Adds one training point (unit-box x, standardised y); false when it is numerically redundant. */
  add(xu: Float64Array, ys: number): boolean {
    const { kernel, noise } = this.fitted.parts;
    const { n, cap, Ainv, alpha } = this;
    const d = this.Xu.cols;
    const k = crossKernel(kernel, { rows: n, cols: d, data: this.Xu.data.subarray(0, n * d) }, matrix(1, d, xu));
    const u = new Float64Array(n);
    let ku = 0;
    let ka = 0;
    for (let i = 0; i < n; i++) {
      let acc = 0;
      const row = i * cap;
      for (let j = 0; j < n; j++) acc += Ainv[row + j] * k[j];
      u[i] = acc;
      ku += k[i] * acc;
      ka += k[i] * alpha[i];
    }
    const s = kernel.outputscale + noise + this.jitter - ku;
    if (!(s > 1e-10 * (kernel.outputscale + noise))) return false;
    const r = ys - ka;
    const kc = crossKernel(kernel, this.Cu, matrix(1, d, xu));
    for (let c = 0; c < this.Cu.rows; c++) {
      const row = c * cap;
      let t = 0;
      for (let i = 0; i < n; i++) t += this.Ks[row + i] * u[i];
      const g = kc[c] - t;
      this.meanS[c] += (g * r) / s;
      this.varS[c] -= (g * g) / s;
      this.Ks[row + n] = kc[c];
    }
    for (let i = 0; i < n; i++) {
      const row = i * cap;
      const ui = u[i] / s;
      for (let j = 0; j < n; j++) Ainv[row + j] += ui * u[j];
      Ainv[row + n] = -ui;
      Ainv[n * cap + i] = -ui;
      alpha[i] -= ui * r;
    }
    Ainv[n * cap + n] = 1 / s;
    alpha[n] = r / s;
    this.Xu.data.set(xu, n * d);
    this.n = n + 1;
    return true;
  }

  /**
   * The candidate posterior (y units) conditioned on B more points (unit-box xu, B × d; standardised ys), the
   * cache untouched: exact Gaussian conditioning on the batch, μ' = μ + G S⁻¹ r and σ²' = σ² − diag(G S⁻¹ Gᵀ), with
   * G (m × B) the posterior covariances between candidates and batch points, S their posterior covariance + σ²I and
   * r the residuals. O(B·n·m + B²·m): a Kriging believer's batch without refactorising.
   */
  fantasy(xu: Float64Array, ys: Float64Array): Posterior {
    const { kernel, noise } = this.fitted.parts;
    const { n, cap, Ainv, alpha } = this;
    const d = this.Xu.cols;
    const B = ys.length;
    const m = this.Cu.rows;
    const XB = matrix(B, d, xu);
    const kXB = crossKernel(kernel, { rows: n, cols: d, data: this.Xu.data.subarray(0, n * d) }, XB); // n x B
    const U = new Float64Array(n * B); // A⁻¹ K(X, X_B)
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const a = Ainv[i * cap + j];
        if (a === 0) continue;
        for (let b = 0; b < B; b++) U[i * B + b] += a * kXB[j * B + b];
      }
    }
    const kBB = crossKernel(kernel, XB, XB);
    const S = new Float64Array(B * B);
    const r = new Float64Array(B);
    for (let a = 0; a < B; a++) {
      let ka = 0;
      for (let i = 0; i < n; i++) ka += kXB[i * B + a] * alpha[i];
      r[a] = ys[a] - ka;
      for (let b = 0; b < B; b++) {
        let t = 0;
        for (let i = 0; i < n; i++) t += kXB[i * B + a] * U[i * B + b];
        S[a * B + b] = kBB[a * B + b] - t + (a === b ? noise + this.jitter : 0);
      }
    }
    // Cholesky of S point by point; a point whose conditional variance is round-off (a repeat, or one the data already
    // pins down) is dropped, as add() drops it: conditioning on it changes nothing.
    const keep = stableSubset(S, B, 1e-10 * (kernel.outputscale + noise));
    const K = keep.length;
    const Sk = new Float64Array(K * K);
    for (let a = 0; a < K; a++) for (let b = 0; b < K; b++) Sk[a * K + b] = S[keep[a] * B + keep[b]];
    const L = cholesky(Sk, K).L;
    const w = choleskySolve(L, K, Float64Array.from(keep, (k) => r[k]), 1); // S⁻¹ r over the kept points
    const kC = crossKernel(kernel, this.Cu, XB); // m x B
    const { mean: my, std } = this.fitted.parts.outputs;
    const mean = new Float64Array(m);
    const variance = new Float64Array(m);
    const g = new Float64Array(K);
    for (let c = 0; c < m; c++) {
      const row = c * cap;
      for (let q = 0; q < K; q++) {
        const b = keep[q];
        let t = 0;
        for (let i = 0; i < n; i++) t += this.Ks[row + i] * U[i * B + b];
        g[q] = kC[c * B + b] - t;
      }
      let dm = 0;
      for (let q = 0; q < K; q++) dm += g[q] * w[q];
      let dv = 0; // |L⁻¹ g|², forward substitution in place
      for (let q = 0; q < K; q++) {
        let t = g[q];
        for (let u = 0; u < q; u++) t -= L[q * K + u] * g[u];
        g[q] = t / L[q * K + q];
        dv += g[q] * g[q];
      }
      mean[c] = my + std * (this.meanS[c] + dm);
      variance[c] = std * std * Math.min(kernel.outputscale, Math.max(this.varS[c] - dv, 0));
    }
    return { mean, variance };
  }

  /** Posterior in the units of y over the candidates. */
  posterior(): Posterior {
    const { kernel } = this.fitted.parts;
    const { mean: my, std } = this.fitted.parts.outputs;
    const m = this.Cu.rows;
    const mean = new Float64Array(m);
    const variance = new Float64Array(m);
    for (let c = 0; c < m; c++) {
      mean[c] = my + std * this.meanS[c];
      variance[c] = std * std * Math.min(kernel.outputscale, Math.max(this.varS[c], 0));
    }
    return { mean, variance };
  }
}

/**
 * The refit points of a policy anchored at `anchor` (the first fit's size, e.g. a campaign's initial points):
 * r₀ = anchor, rₖ₊₁ = min(max(rₖ + 1, ⌈rₖ(1 + growth)⌉), rₖ + every). A function of n alone, so a resumed run
 * refits where the uninterrupted one did. Returns the last refit point ≤ n (n itself below the anchor).
 */
export function lastRefitPoint(policy: RefitPolicy, anchor: number, n: number, stride = 1): number {
  if (n <= anchor) return n;
  let r = anchor;
  for (;;) {
    const next = onStride(Math.min(Math.max(r + 1, Math.ceil(r * (1 + policy.growth))), r + policy.every), anchor, stride);
    if (next > n) return r;
    r = next;
  }
}

/** The first size ≥ r that a campaign fitting every `stride` points from `anchor` fits at (batches of `stride`). */
function onStride(r: number, anchor: number, stride: number): number {
  return anchor + Math.ceil((r - anchor) / stride) * stride;
}

/**
 * A GP surrogate for sequential campaigns over a fixed candidate set: hyperparameters are refitted at the
 * refit points of the policy (see lastRefitPoint); in between, new points update the candidate posterior in
 * O(n·m). Results equal a GP conditioned on all the data with the last refit's hyperparameters. A fresh
 * instance first asked at a point between refits (a resumed run) replays the calls from the last refit point,
 * so it returns bit for bit what an instance that saw every step would.
 */
export class SequentialGpSurrogate implements Surrogate {
  readonly name: string;
  private cache: CandidateCache | undefined;
  private refitAt = 0;
  private fitted: FittedGp | undefined;
  private trainX: Float64Array = new Float64Array(0);
  private trainY: Float64Array = new Float64Array(0);
  private anchor: number | undefined;

  /**
   * `anchor`: the size of the first fit of the campaign (default: this instance's first fit); `stride`: the points
   * between fits (a batch campaign's batch size), so refits land on sizes the campaign fits at.
   */
  constructor(
    private readonly gp: GpSurrogate, private readonly candidates: Matrix, private readonly policy: RefitPolicy = { growth: 0.1, every: 50 }, anchor?: number,
    private readonly stride = 1,
  ) {
    this.name = `${gp.name}-sequential`;
    this.anchor = anchor;
  }

  async fit(data: Dataset, signal?: AbortSignal): Promise<FittedSurrogate> {
    const n = data.X.rows;
    this.anchor ??= n;
    if (this.fitted === undefined) {
      const r = lastRefitPoint(this.policy, this.anchor, n, this.stride);
      for (let m = r; m < n; m += this.stride) (await this.step(prefix(data, m), signal)).posterior(this.candidates);
    }
    return this.step(data, signal);
  }

  /** One sequential step: refit at a refit point (or when the data is not an extension), else update. */
  private async step(data: Dataset, signal?: AbortSignal): Promise<FittedSurrogate> {
    const n = data.X.rows;
    const extends_ = this.fitted !== undefined && n > this.refitAt && isPrefix(this.trainX, data.X.data) && isPrefix(this.trainY, data.y);
    const due = !extends_ || lastRefitPoint(this.policy, this.anchor!, n, this.stride) === n;
    if (due) {
      this.fitted = await this.gp.fit(data, signal);
      this.refitAt = n;
      this.cache = undefined;
    } else if (this.cache) {
      const d = data.X.cols;
      for (let r = this.cache.n; r < n; r++) {
        const xu = toUnitBox(this.fitted!.parts.inputs, matrix(1, d, data.X.data.subarray(r * d, (r + 1) * d))).data;
        const ys = standardise(this.fitted!.parts.outputs, data.y.subarray(r, r + 1))[0];
        if (!this.cache.hasRoom() || !this.cache.add(xu, ys)) {
          this.cache = undefined;
          break;
        }
      }
    }
    this.trainX = Float64Array.from(data.X.data);
    this.trainY = Float64Array.from(data.y);
    // The exact model on all the data is only factorised when something other than the candidates is asked for.
    const fitted = this.fitted!;
    let conditioned: FittedGp | undefined = due ? fitted : undefined;
    return this.wrap(() => (conditioned ??= fitted.condition(data)), data);
  }

  /** A fitted model whose posterior on the campaign's candidate matrix comes from the cache. */
  private wrap(model: () => FittedGp, data: Dataset): FittedSurrogate {
    return {
      posterior: (X: Matrix): Posterior => {
        if (X !== this.candidates) return model().posterior(X);
        if (!this.cache || this.cache.n !== data.X.rows) {
          const m = model();
          const capacity = Math.ceil(data.X.rows * (1 + this.policy.growth)) + this.policy.every + 1;
          this.cache = new CandidateCache(m, toUnitBox(m.parts.inputs, X), capacity);
        }
        return this.cache.posterior();
      },
      sample: (X, count, rng) => model().sample(X, count, rng),
      condition: (d: Dataset) => this.conditioned(model, data, d),
      toJSON: () => model().toJSON(),
      dispose: () => undefined,
    };
  }

  /**
   * The model (same hyperparameters) on `next`: when `next` extends the data this fit saw (a Kriging believer's
   * pseudo-observations), its candidate posterior is the cache's batch conditioning, else the exact model's.
   */
  private conditioned(model: () => FittedGp, data: Dataset, next: Dataset): FittedSurrogate {
    let exact: FittedGp | undefined;
    const full = (): FittedGp => (exact ??= model().condition(next));
    const n = data.X.rows;
    const d = data.X.cols;
    const extension = next.X.rows > n && next.X.cols === d && isPrefix(data.X.data, next.X.data) && isPrefix(data.y, next.y);
    return {
      posterior: (X: Matrix): Posterior => {
        if (X !== this.candidates || !extension) return full().posterior(X);
        if (!this.cache || this.cache.n !== n) this.wrap(model, data).posterior(X);
        const parts = this.cache!.fitted.parts;
        const extra = matrix(next.X.rows - n, d, next.X.data.subarray(n * d));
        return this.cache!.fantasy(toUnitBox(parts.inputs, extra).data, standardise(parts.outputs, next.y.subarray(n)));
      },
      sample: (X, count, rng) => full().sample(X, count, rng),
      condition: (again: Dataset) => this.conditioned(model, data, again),
      dispose: () => undefined,
    };
  }
}

/**
 * Indices of the rows of the symmetric B × B matrix S kept by a pivot-checked Cholesky in order: a row whose pivot
 * (its variance given the rows kept before it) is ≤ tol is skipped.
 */
function stableSubset(S: Float64Array, B: number, tol: number): number[] {
  const keep: number[] = [];
  const rows: Float64Array[] = []; // rows of L over the kept points
  for (let b = 0; b < B; b++) {
    const l = new Float64Array(keep.length + 1);
    for (let j = 0; j < keep.length; j++) {
      let t = S[b * B + keep[j]];
      for (let u = 0; u < j; u++) t -= l[u] * rows[j][u];
      l[j] = t / rows[j][j];
    }
    let pivot = S[b * B + b];
    for (let u = 0; u < keep.length; u++) pivot -= l[u] * l[u];
    if (!(pivot > tol)) continue;
    l[keep.length] = Math.sqrt(pivot);
    keep.push(b);
    rows.push(l);
  }
  return keep;
}

/** The first m points of a dataset. */
function prefix(data: Dataset, m: number): Dataset {
  const d = data.X.cols;
  return { ...data, X: matrix(m, d, data.X.data.slice(0, m * d)), y: data.y.slice(0, m) };
}

function isPrefix(prefix: Float64Array, full: Float64Array): boolean {
  if (prefix.length > full.length) return false;
  for (let i = 0; i < prefix.length; i++) if (prefix[i] !== full[i]) return false;
  return true;
}
