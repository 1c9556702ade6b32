/**
 * Limited-memory BFGS minimiser (Nocedal & Wright, Alg. 7.4/7.5) with a backtracking Armijo line search and
 * optional box bounds handled by projection with an active set: a variable sitting on a bound whose gradient
 * pushes outward is frozen for the step, and the curvature memory restarts whenever the active set changes.
 */

/** Objective value and gradient at x (gradient length = x.length). */
export type ValueAndGradient = (x: Float64Array) => { value: number; gradient: Float64Array };

export interface LbfgsOptions {
  readonly maxIterations?: number; // default 100
  readonly memory?: number; // stored correction pairs, default 8
  readonly gradientTolerance?: number; // stop when max |g_i| < this, default 1e-5
  readonly relativeTolerance?: number; // stop when |Δf| < tol·max(|f|, 1), default 1e-9 (scipy's factr 1e7·eps)
  readonly signal?: AbortSignal;
  /** Optional box bounds (same length as x0); x0 is projected into them. */
  readonly lower?: Float64Array;
  readonly upper?: Float64Array;
}

export interface LbfgsResult {
  readonly x: Float64Array;
  readonly value: number;
  readonly iterations: number;
  readonly evaluations: number;
  readonly converged: boolean;
}

/** Minimises f from x0; a non-finite value during the line search counts as a failed step. */
export function lbfgs(f: ValueAndGradient, x0: Float64Array, opts: LbfgsOptions = {}): LbfgsResult {
  const m = opts.memory ?? 8;
  const maxIt = opts.maxIterations ?? 100;
  const gTol = opts.gradientTolerance ?? 1e-5;
  const fTol = opts.relativeTolerance ?? 1e-9;
  const dim = x0.length;
  const lo = opts.lower ?? new Float64Array(dim).fill(-Infinity);
  const hi = opts.upper ?? new Float64Array(dim).fill(Infinity);
  let x: Float64Array = x0.map((v, i) => Math.min(hi[i], Math.max(lo[i], v)));
  let cur = f(x);
  let evaluations = 1;
  if (!Number.isFinite(cur.value)) return { x, value: cur.value, iterations: 0, evaluations, converged: false };
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  let active = '';
  for (let it = 0; it < maxIt; it++) {
    opts.signal?.throwIfAborted();
    const free = cur.gradient.map((g, i) => ((x[i] <= lo[i] && g > 0) || (x[i] >= hi[i] && g < 0) ? 0 : 1));
    const g = cur.gradient.map((v, i) => v * free[i]);
    if (maxAbs(g) < gTol) return { x, value: cur.value, iterations: it, evaluations, converged: true };
    const key = free.join('');
    if (key !== active) {
      S.length = Y.length = rho.length = 0;
      active = key;
    }
    let d = direction(g, S, Y, rho).map((v, i) => v * free[i]);
    if (!(dot(d, g) < 0)) {
      d = g.map((v) => -v);
      S.length = Y.length = rho.length = 0;
    }
    // Without curvature information: a first step of length ≤ 1 in parameter space.
    const step = S.length === 0 ? Math.min(1, 1 / Math.max(Math.sqrt(dot(d, d)), 1e-12)) : 1;
    const ls = projectedArmijo(f, x, cur.value, g, d, step, lo, hi);
    evaluations += ls.evaluations;
    if (ls.next === undefined) return { x, value: cur.value, iterations: it, evaluations, converged: false };
    const { next, x: xNew } = ls;
    const s = xNew.map((v, i) => v - x[i]);
    const y = next.gradient.map((v, i) => (v - cur.gradient[i]) * free[i]);
    remember(S, Y, rho, s, y, m);
    const change = cur.value - next.value;
    x = xNew;
    cur = next;
    if (change <= fTol * Math.max(Math.abs(cur.value), 1)) {
      return { x, value: cur.value, iterations: it + 1, evaluations, converged: true };
    }
  }
  return { x, value: cur.value, iterations: maxIt, evaluations, converged: false };
}

/** Stores the correction pair (s, y) when it has positive curvature, keeping the newest m pairs. */
function remember(S: Float64Array[], Y: Float64Array[], rho: number[], s: Float64Array, y: Float64Array, m: number): void {
  const sy = dot(s, y);
  if (!(sy > 1e-12 * Math.sqrt(dot(y, y) * dot(s, s)))) return;
  S.push(s);
  Y.push(y);
  rho.push(1 / sy);
  if (S.length > m) {
    S.shift();
    Y.shift();
    rho.shift();
  }
}

/**
 * Backtracking (halving) line search along d, projected onto the box, accepting the first point with
 * f ≤ f0 + 1e-4·gᵀ(x_new − x); non-finite values are rejected.
 */
function projectedArmijo(
  f: ValueAndGradient,
  x: Float64Array,
  f0: number,
  g: Float64Array,
  d: Float64Array,
  step: number,
  lo: Float64Array,
  hi: Float64Array,
): { next?: { value: number; gradient: Float64Array }; x: Float64Array; evaluations: number } {
  const xNew = new Float64Array(x.length);
  for (let ls = 0; ls < 30; ls++, step *= 0.5) {
    let decrease = 0;
    for (let i = 0; i < x.length; i++) {
      xNew[i] = Math.min(hi[i], Math.max(lo[i], x[i] + step * d[i]));
      decrease += g[i] * (xNew[i] - x[i]);
    }
    const trial = f(xNew);
    if (Number.isFinite(trial.value) && trial.value <= f0 + 1e-4 * decrease) return { next: trial, x: xNew, evaluations: ls + 1 };
  }
  return { x: xNew, evaluations: 30 };
}

/** Two-loop recursion: d = −H g with H the L-BFGS inverse-Hessian approximation. */
function direction(g: Float64Array, S: Float64Array[], Y: Float64Array[], rho: number[]): Float64Array {
  const q = Float64Array.from(g);
  const k = S.length;
  const alpha = new Float64Array(k);
  for (let j = k - 1; j >= 0; j--) {
    alpha[j] = rho[j] * dot(S[j], q);
    axpy(-alpha[j], Y[j], q);
  }
  if (k > 0) {
    const gamma = dot(S[k - 1], Y[k - 1]) / dot(Y[k - 1], Y[k - 1]);
    for (let i = 0; i < q.length; i++) q[i] *= gamma;
  }
  for (let j = 0; j < k; j++) {
    const beta = rho[j] * dot(Y[j], q);
    axpy(alpha[j] - beta, S[j], q);
  }
  for (let i = 0; i < q.length; i++) q[i] = -q[i];
  return q;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] += a * x[i];
}

function maxAbs(v: Float64Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]));
  return m;
}
