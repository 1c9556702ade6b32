import type { SimOptions } from '../../sim/sim-options.ts';
import { simulate } from '../../sim/simulate.ts';
import type { TwinConfig } from './twin-config.ts';

/** Sim options shared by every run of a twin (no field, time or initial state yet). */
export function baseSimOptions(cfg: TwinConfig, defects: Float64Array): SimOptions {
  return {
    n: cfg.n, mode: cfg.mode, k: cfg.k, depAlpha: cfg.depAlpha, gamma: cfg.gamma,
    physics: cfg.physics, integrator: cfg.integrator, defects, update: { kind: 'deterministic' },
  };
}

/** Time vector of T steps of dt: t_k = k · dt, computed as k / (1/dt) when 1/dt is an integer (bit-equal to runTimeVector). */
export function twinTimeVector(dt: number, steps: number): Float64Array {
  const perUnit = 1 / dt;
  const whole = Math.round(perUnit);
  const exact = Math.abs(perUnit - whole) < 1e-9 * whole;
  const t = new Float64Array(steps);
  for (let k = 0; k < steps; k++) t[k] = exact ? k / whole : k * dt;
  return t;
}

/** Evolves the lattice state ([comp][i][j]) under a uniform field trajectory (T values, Ec units); returns the new state. */
export function poleTwin(cfg: TwinConfig, defects: Float64Array, state: Float64Array, fieldEc: ArrayLike<number>): Float64Array {
  return simulate(twinRunOptions(cfg, defects, state, fieldEc)).pFinal;
}

/** Options of one twin run from `state` under a field trajectory (T values, Ec units) on the twin's field component. */
export function twinRunOptions(cfg: TwinConfig, defects: Float64Array, state: Float64Array, fieldEc: ArrayLike<number>): SimOptions {
  const steps = fieldEc.length;
  const c = cfg.fieldComponent === 'x' ? 0 : 1;
  const field = new Float64Array(2 * steps);
  for (let t = 0; t < steps; t++) field[2 * t + c] = fieldEc[t];
  return { ...baseSimOptions(cfg, defects), timeVec: twinTimeVector(cfg.stepDt, steps), field, init: { kind: 'explicit', p: state } };
}

/** Tip field profile (1 + (r/R)²)^(−3/2) at every site (n², [i][j]) for a tip at (x, y) µm. */
export function tipKernel(cfg: TwinConfig, xUm: number, yUm: number): Float64Array {
  const n = cfg.n;
  const a = cfg.sizeUm / n;
  const w = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const r2 = ((i + 0.5) * a - xUm) ** 2 + ((j + 0.5) * a - yUm) ** 2;
      w[i * n + j] = (1 + r2 / cfg.tipRadiusUm ** 2) ** -1.5;
    }
  }
  return w;
}

/** Result of switching spectroscopy: the new state and the bias / on-field / off-field responses (each length M). */
export interface SpectroscopyResult {
  readonly state: Float64Array;
  readonly bias: Float64Array;
  readonly on: Float64Array;
  readonly off: Float64Array;
}

/**
 * Switching spectroscopy at (x, y) µm: for each bias point the tip field (bias / tipVoltsPerEc × kernel, on the
 * field component, added to the defect field) acts for specStepsOn steps of specDt, then is removed for specStepsOff steps;
 * the responses are the kernel-weighted mean of that polarization component after each phase.
 */
export function spectroscopyTwin(
  cfg: TwinConfig, defects: Float64Array, state: Float64Array, xUm: number, yUm: number, biasV: ArrayLike<number>,
): SpectroscopyResult {
  const sites = cfg.n * cfg.n;
  const c = cfg.fieldComponent === 'x' ? 0 : 1;
  const w = tipKernel(cfg, xUm, yUm);
  let wSum = 0;
  for (const v of w) wSum += v;
  const local = (p: Float64Array): number => {
    let acc = 0;
    for (let s = 0; s < sites; s++) acc += w[s] * p[c * sites + s];
    return acc / wSum;
  };
  const run = (p: Float64Array, d: Float64Array, steps: number): Float64Array => simulate({
    ...baseSimOptions(cfg, d), timeVec: twinTimeVector(cfg.specDt, steps + 1), field: new Float64Array(2 * (steps + 1)),
    init: { kind: 'explicit', p },
  }).pFinal;
  const m = biasV.length;
  const out = { bias: Float64Array.from(biasV), on: new Float64Array(m), off: new Float64Array(m) };
  const tipDefects = new Float64Array(defects.length);
  let p = state;
  for (let k = 0; k < m; k++) {
    const e = biasV[k] / cfg.tipVoltsPerEc;
    tipDefects.set(defects);
    for (let s = 0; s < sites; s++) tipDefects[2 * s + c] += e * w[s];
    p = run(p, tipDefects, cfg.specStepsOn);
    out.on[k] = local(p);
    p = run(p, defects, cfg.specStepsOff);
    out.off[k] = local(p);
  }
  return { state: p, ...out };
}
