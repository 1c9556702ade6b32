import { type FittedGp } from './fitted-gp.ts';
import type { GpSurrogate } from './gp-surrogate.ts';
import { crossKernel } from './kernels.ts';
import { factorise } from './marginal-likelihood.ts';
import { standardise, toUnitBox } from './scaling.ts';
import { predictScaled } from './predict.ts';
import { inverseFromCholesky, inverseLower } from '../numerics/triangular.ts';
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
  readonly cap: number;
  readonly Ainv: Float64Array; // cap x cap, symmetric
  readonly alpha: Float64Array; // cap
  readonly Ks: Float64Array; // m x cap, K(C, X)
  readonly meanS: Float64Array; // m, standardised latent mean
  readonly varS: Float64Array; // m, standardised latent variance
  readonly Xu: Matrix; // cap x d, training inputs in the unit box (first n rows used)
  readonly jitter: number;

  constructor(readonly fitted: FittedGp, readonly Cu: Matrix, capacity: number) {
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
 * The candidate posterior of a cache conditioned on more points, added one at a time (a Kriging believer's batch),
 * the cache untouched: exact Gaussian conditioning, μ' = μ + Hᵀw and σ²' = σ² − Σ_j h_j², with L the Cholesky
 * factor of the batch points' posterior covariance S (+ σ²), H = L⁻¹Gᵀ (G: covariances between candidates and
 * batch points) and w = L⁻¹r (r: residuals). Each point costs O(n² + n·m + B·m); a point whose conditional variance
 * is round-off (a repeat, or one the data already pins down) is dropped, as CandidateCache.add drops it.
 */
class CandidateBatch {
  /** The points added (unit box) and their standardised values, kept or not: what a later call must extend. */
  readonly xs: Float64Array[] = [];
  readonly ys: number[] = [];
  private readonly kept: { readonly x: Float64Array; readonly k: Float64Array; readonly l: Float64Array; readonly w: number }[] = [];
  private readonly meanS: Float64Array;
  private readonly varS: Float64Array;

  constructor(readonly cache: CandidateCache) {
    this.meanS = Float64Array.from(cache.meanS);
    this.varS = Float64Array.from(cache.varS);
  }

  /** Conditions on one more point (unit-box x, standardised y). */
  add(xu: Float64Array, ys: number): void {
    this.xs.push(Float64Array.from(xu));
    this.ys.push(ys);
    const c = this.cache;
    const { kernel, noise } = c.fitted.parts;
    const { n, cap, Ainv, alpha } = c;
    const d = c.Xu.cols;
    const X = { rows: n, cols: d, data: c.Xu.data.subarray(0, n * d) };
    const point = matrix(1, d, xu);
    const k = crossKernel(kernel, X, point); // k(X, x), n
    const u = new Float64Array(n); // A⁻¹ k
    let ku = 0;
    let ka = 0;
    for (let i = 0; i < n; i++) {
      let t = 0;
      for (let j = 0; j < n; j++) t += Ainv[i * cap + j] * k[j];
      u[i] = t;
      ku += k[i] * t;
      ka += k[i] * alpha[i];
    }
    // The new row of L: S(j, new) = k(x_j, x) − k_jᵀ A⁻¹ k, then forward substitution over the kept points.
    const B = this.kept.length;
    const l = new Float64Array(B + 1);
    let pivot = kernel.outputscale + noise + c.jitter - ku;
    for (let j = 0; j < B; j++) {
      const q = this.kept[j];
      let sj = crossKernel(kernel, matrix(1, d, q.x), point)[0];
      for (let i = 0; i < n; i++) sj -= q.k[i] * u[i];
      for (let t = 0; t < j; t++) sj -= l[t] * q.l[t];
      l[j] = sj / q.l[j];
      pivot -= l[j] * l[j];
    }
    if (!(pivot > 1e-10 * (kernel.outputscale + noise))) return;
    const ljj = Math.sqrt(pivot);
    l[B] = ljj;
    let r = ys - ka;
    for (let j = 0; j < B; j++) r -= l[j] * this.kept[j].w;
    const w = r / ljj;
    const kc = crossKernel(kernel, c.Cu, point); // k(C, x), m
    const h = this.column(kc, u, l);
    for (let i = 0; i < h.length; i++) {
      this.meanS[i] += h[i] * w;
      this.varS[i] -= h[i] * h[i];
    }
    this.kept.push({ x: Float64Array.from(xu), k, l, w });
    this.columns.push(h);
  }

  /** Columns h_j of H (m each), one per kept point. */
  private readonly columns: Float64Array[] = [];

  /** h_new = (g − Σ_j l_j h_j) / l_new with g_c = k(c, x) − K(c, X) A⁻¹ k. */
  private column(kc: Float64Array, u: Float64Array, l: Float64Array): Float64Array {
    const c = this.cache;
    const { n, cap } = c;
    const m = c.Cu.rows;
    const B = this.columns.length;
    const h = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      const row = i * cap;
      let t = kc[i];
      for (let a = 0; a < n; a++) t -= c.Ks[row + a] * u[a];
      for (let j = 0; j < B; j++) t -= l[j] * this.columns[j][i];
      h[i] = t / l[B];
    }
    return h;
  }

  /** The conditioned posterior in the units of y over the candidates. */
  posterior(): Posterior {
    const { kernel } = this.cache.fitted.parts;
    const { mean: my, std } = this.cache.fitted.parts.outputs;
    const m = this.meanS.length;
    const mean = new Float64Array(m);
    const variance = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      mean[i] = my + std * this.meanS[i];
      variance[i] = std * std * Math.min(kernel.outputscale, Math.max(this.varS[i], 0));
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
  /** The last batch conditioning (a Kriging believer's), extended while calls extend it. */
  private batch: CandidateBatch | undefined;

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
        const cache = this.cache!;
        const parts = cache.fitted.parts;
        const B = next.X.rows - n;
        const xs = toUnitBox(parts.inputs, matrix(B, d, next.X.data.subarray(n * d))).data;
        const ys = standardise(parts.outputs, next.y.subarray(n));
        // A believer asks for the batch so far plus one point each time: extend the last batch when it is a prefix.
        let batch = this.batch;
        const extendsLast = batch !== undefined && batch.cache === cache && batch.xs.length <= B
          && batch.xs.every((x, j) => x.every((v, t) => v === xs[j * d + t]) && batch!.ys[j] === ys[j]);
        if (!extendsLast) batch = new CandidateBatch(cache);
        for (let j = batch!.xs.length; j < B; j++) batch!.add(xs.subarray(j * d, (j + 1) * d), ys[j]);
        this.batch = batch;
        return batch!.posterior();
      },
      sample: (X, count, rng) => full().sample(X, count, rng),
      condition: (again: Dataset) => this.conditioned(model, data, again),
      dispose: () => undefined,
    };
  }
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
