import { SimError } from '../errors.ts';
import { type LandauParams, type Mode, MODES, coerciveField, remanentPolarization, resolveLandau } from './modes.ts';
import { Rng } from './rng.ts';
import type { SetupMemo } from './setup-memo.ts';

/** Initial state: explicit ([comp][i][j], length 2·n²), zeros, the reference's 'pr', or seeded 0.5·N(0,1). */
export type InitSpec =
  | { readonly kind: 'explicit'; readonly p: ArrayLike<number> }
  | { readonly kind: 'zero' }
  | { readonly kind: 'remanent' }
  | { readonly kind: 'random'; readonly seed: number; /** std of each component (reference: 0.5) */ readonly scale?: number };

/** Site-update rule: all sites every step, ⌊N/4⌋ random sites (seeded), or recorded selections replayed. */
export type UpdateSpec =
  | { readonly kind: 'deterministic' }
  | { readonly kind: 'stochastic'; readonly seed: number }
  | { readonly kind: 'stochastic-replay'; readonly selections: ReadonlyArray<ArrayLike<number>> };

export type Integrator = 'euler' | 'heun' | 'rk4';

/**
 * 'reference' reproduces ramav87/FerroSim bit for bit, bugs B1–B4 included; 'corrected' applies γ once,
 * keeps one state copy, makes 'remanent' init really remanent, and uses `boundary` for dynamics and curl.
 */
export type Physics = 'reference' | 'corrected';
export type Boundary = 'open' | 'periodic';

/** Everything a FerroSIM run needs; omitted fields take the reference's defaults. */
export interface SimOptions {
  readonly n?: number;
  readonly mode?: Mode;
  readonly landau?: Partial<LandauParams>;
  /** Temperature for the reference's α1 scaling (T0 = 400); omit for none. */
  readonly temp?: number;
  /** Coupling k: a scalar or one value per site (length n²). */
  readonly k?: number | ArrayLike<number>;
  /** Depolarisation α_dep: a scalar or one value per site (length n²). */
  readonly depAlpha?: number | ArrayLike<number>;
  /** Kinetic coefficient γ. */
  readonly gamma?: number;
  /** Time points, length T ≥ 2, strictly increasing. */
  readonly timeVec?: ArrayLike<number>;
  /** Applied field, T × 2 row-major (t, component), in units of Ec. */
  readonly field?: ArrayLike<number>;
  /** Random-field defects, n² × 2 row-major (site, component), in units of Ec. */
  readonly defects?: ArrayLike<number>;
  readonly init?: InitSpec;
  readonly update?: UpdateSpec;
  readonly integrator?: Integrator;
  readonly physics?: Physics;
  /** Boundary of dynamics and curl under corrected physics (reference: open dynamics, periodic curl). */
  readonly boundary?: Boundary;
  /** Steps (0…T−1) at which to keep a full copy of the state. */
  readonly snapshotSteps?: readonly number[];
  /** Deterministic-Euler engine: WebAssembly SIMD when available ('auto'), or force 'js' / 'wasm'. */
  readonly engine?: Engine;
}

export type Engine = 'auto' | 'js' | 'wasm';

/** A validated run: typed arrays in absolute units where the kernels need them. */
export interface SimSetup {
  readonly n: number;
  readonly sites: number;
  readonly mode: Mode;
  readonly landau: LandauParams;
  /** Nominal coercive field (absolute units). */
  readonly ec: number;
  readonly k: Float64Array; // n²
  readonly depAlpha: Float64Array; // n²
  readonly gamma: number;
  readonly timeVec: Float64Array; // T
  /** Applied field in Ec units, T × 2 row-major. */
  readonly fieldEc: Float64Array;
  /** Defect field in absolute units, [comp][site] (length 2·n²). */
  readonly defectAbs: Float64Array;
  /** Initial state, [comp][i][j] (length 2·n²). */
  readonly initial: Float64Array;
  readonly update: UpdateSpec;
  readonly integrator: Integrator;
  readonly physics: Physics;
  readonly boundary: Boundary;
  readonly curlBoundary: Boundary;
  readonly snapshotSteps: readonly number[];
  readonly engine: Engine;
}

/** Number of time points of the reference's default field. */
const DEFAULT_STEPS = 1000;

/**
 * Checks options and resolves defaults; throws SimError naming the offending field. With a memo, the time grid, field,
 * defects and initial state are resolved once per distinct input (by identity) and shared, read-only, between setups.
 */
export function resolveSimOptions(o: SimOptions, memo?: SetupMemo): SimSetup {
  const n = o.n ?? 10;
  if (!Number.isInteger(n) || n < 2 || n > 4096) fail('n', `must be an integer in [2, 4096], got ${n}`);
  const sites = n * n;
  const mode = o.mode ?? 'tetragonal';
  if (!MODES.includes(mode)) fail('mode', `unknown mode '${String(mode)}' (expected ${MODES.join(', ')})`);
  const landau = resolveLandau(mode, o.landau, o.temp);
  checkFinite('landau', [landau.alpha1, landau.alpha2, landau.alpha3]);
  const ec = coerciveField(landau);
  if (!Number.isFinite(ec)) fail('landau', 'gives a non-finite coercive field Ec');
  const gamma = o.gamma ?? 1;
  checkFinite('gamma', [gamma]);
  const physics = o.physics ?? 'reference';
  if (physics !== 'reference' && physics !== 'corrected') fail('physics', `must be 'reference' or 'corrected'`);
  const boundary = physics === 'reference' ? 'open' : (o.boundary ?? 'periodic');
  if (o.boundary !== undefined && physics === 'reference' && o.boundary !== 'open') {
    fail('boundary', "is fixed by physics 'reference' (open dynamics, periodic curl); use physics 'corrected'");
  }
  const { timeVec, fieldEc } = memo ? memo.get('time', [o.timeVec, o.field], () => resolveTime(o)) : resolveTime(o);
  const steps = timeVec.length;
  const update = o.update ?? { kind: 'deterministic' };
  const integrator = o.integrator ?? 'euler';
  if (integrator !== 'euler' && update.kind !== 'deterministic') {
    fail('integrator', `'${integrator}' needs update 'deterministic'`);
  }
  if (update.kind === 'stochastic-replay') checkSelections(update.selections, steps, sites);
  const snapshotSteps = [...(o.snapshotSteps ?? [])];
  for (const s of snapshotSteps) {
    if (!Number.isInteger(s) || s < 0 || s >= steps) fail('snapshotSteps', `step ${s} is outside 0…${steps - 1}`);
  }
  return {
    n, sites, mode, landau, ec, gamma, timeVec, fieldEc, physics, boundary, update, integrator, snapshotSteps,
    engine: resolveEngine(o.engine),
    curlBoundary: physics === 'reference' ? 'periodic' : boundary,
    k: perSite('k', o.k ?? 1, sites),
    depAlpha: perSite('depAlpha', o.depAlpha ?? 0, sites),
    defectAbs: memo ? memo.get('defects', [o.defects, sites, ec], () => resolveDefects(o.defects, sites, ec)) : resolveDefects(o.defects, sites, ec),
    initial: resolveInitMemo(o.init ?? { kind: 'remanent' }, n, landau, physics, memo),
  };
}

/** resolveInit, shared through the memo when the init spec object and everything it depends on are the same. */
function resolveInitMemo(init: InitSpec, n: number, landau: LandauParams, physics: Physics, memo: SetupMemo | undefined): Float64Array {
  if (!memo || init.kind === 'explicit') return resolveInit(init, n, landau, physics);
  const keys = [init, n, physics, landau.alpha1, landau.alpha2, landau.alpha3];
  return memo.get('init', keys, () => resolveInit(init, n, landau, physics));
}

function resolveEngine(engine: Engine | undefined): Engine {
  const e = engine ?? 'auto';
  if (e !== 'auto' && e !== 'js' && e !== 'wasm') fail('engine', `must be 'auto', 'js' or 'wasm', got '${String(e)}'`);
  return e;
}

function resolveTime(o: SimOptions): { timeVec: Float64Array; fieldEc: Float64Array } {
  if ((o.timeVec === undefined) !== (o.field === undefined)) fail('field', 'timeVec and field must be given together');
  if (o.timeVec === undefined || o.field === undefined) {
    // The reference's default: T = 1000 on [0, 1], Ey = 40·Ec·sin(4πt) (here stored in Ec units).
    const timeVec = new Float64Array(DEFAULT_STEPS);
    const fieldEc = new Float64Array(2 * DEFAULT_STEPS);
    for (let t = 0; t < DEFAULT_STEPS; t++) {
      timeVec[t] = t / (DEFAULT_STEPS - 1);
      fieldEc[2 * t + 1] = 40 * Math.sin(timeVec[t] * 2 * Math.PI * 2);
    }
    return { timeVec, fieldEc };
  }
  const timeVec = Float64Array.from(o.timeVec);
  const steps = timeVec.length;
  if (steps < 2) fail('timeVec', `needs at least 2 time points, got ${steps}`);
  checkFinite('timeVec', timeVec);
  for (let t = 1; t < steps; t++) {
    if (!(timeVec[t] > timeVec[t - 1])) fail(`timeVec[${t}]`, 'time points must increase strictly');
  }
  const fieldEc = Float64Array.from(o.field);
  if (fieldEc.length !== 2 * steps) fail('field', `must hold T × 2 = ${2 * steps} values, got ${fieldEc.length}`);
  checkFinite('field', fieldEc);
  return { timeVec, fieldEc };
}

function resolveDefects(defects: ArrayLike<number> | undefined, sites: number, ec: number): Float64Array {
  const out = new Float64Array(2 * sites);
  if (defects === undefined) return out;
  if (defects.length !== 2 * sites) fail('defects', `must hold n² × 2 = ${2 * sites} values, got ${defects.length}`);
  for (let s = 0; s < sites; s++) {
    out[s] = defects[2 * s] * ec;
    out[sites + s] = defects[2 * s + 1] * ec;
  }
  checkFinite('defects', out);
  return out;
}

function resolveInit(init: InitSpec, n: number, landau: LandauParams, physics: Physics): Float64Array {
  const sites = n * n;
  const p = new Float64Array(2 * sites);
  switch (init.kind) {
    case 'explicit':
      if (init.p.length !== 2 * sites) fail('init.p', `must hold 2 × n² = ${2 * sites} values, got ${init.p.length}`);
      p.set(init.p);
      checkFinite('init.p', p);
      return p;
    case 'zero':
      return p;
    case 'remanent':
      // Bug B1: the reference builds this array with an integer dtype, so p_r truncates to 0.
      if (physics === 'corrected') p.fill(remanentPolarization(landau), sites);
      return p;
    case 'random': {
      const rng = new Rng(init.seed);
      const scale = init.scale ?? 0.5;
      for (let s = 0; s < sites; s++) {
        p[s] = scale * rng.normal();
        p[sites + s] = scale * rng.normal();
      }
      return p;
    }
    default:
      return fail('init.kind', `unknown init '${(init as { kind: string }).kind}'`);
  }
}

function checkSelections(selections: ReadonlyArray<ArrayLike<number>>, steps: number, sites: number): void {
  if (selections.length !== steps - 2) {
    fail('update.selections', `needs one selection per step 2…T−1 (${steps - 2}), got ${selections.length}`);
  }
  const count = Math.floor(sites / 4);
  selections.forEach((sel, i) => {
    if (sel.length !== count) fail(`update.selections[${i}]`, `needs ⌊N/4⌋ = ${count} sites, got ${sel.length}`);
    for (let j = 0; j < sel.length; j++) {
      const s = sel[j];
      if (!Number.isInteger(s) || s < 0 || s >= sites) fail(`update.selections[${i}][${j}]`, `site ${s} out of range`);
    }
  });
}

function perSite(name: string, v: number | ArrayLike<number>, sites: number): Float64Array {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) fail(sites > 1 ? `${name}[0]` : name, `must be finite, got ${v}`); // checkFinite's message
    return new Float64Array(sites).fill(v);
  }
  const out = Float64Array.from(v);
  if (out.length !== sites) fail(name, `must be a scalar or hold n² = ${sites} values, got ${out.length}`);
  checkFinite(name, out);
  return out;
}

function checkFinite(name: string, values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) fail(values.length > 1 ? `${name}[${i}]` : name, `must be finite, got ${values[i]}`);
  }
}

function fail(path: string, message: string): never {
  throw new SimError('SIM_INVALID', `${path}: ${message}`);
}
