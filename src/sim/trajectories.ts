import { Rng } from './rng.ts';

/** Parameters of one lecture trajectory E(t) = A·exp(α·t)·sin(ω·t) + B (field in Ec units, t dimensionless). */
export interface TrajectoryParams {
  readonly A: number;
  readonly alpha: number;
  readonly omega: number;
  readonly B: number;
}

/** Sampling box of the trajectory family (spec/workflows.md W2). */
export const TRAJECTORY_BOX = {
  A: [0, 0.75],
  alpha: [-2.75, 2.75],
  omega: [2 * Math.PI, (8 * Math.PI) / 3],
  B: [-0.5, 0.5],
} as const satisfies Record<keyof TrajectoryParams, readonly [number, number]>;

/** Samples per trajectory (t_k = k/899) and equilibration steps held at the final value. */
export const TRAJECTORY_SAMPLES = 900;
export const EQUILIBRATION_STEPS = 50;

/** Time of sample k on the lecture grid: t_k = k / 899. */
export function trajectoryTime(k: number, samples = TRAJECTORY_SAMPLES): number {
  return k / (samples - 1);
}

/** Evaluates one trajectory on the grid; returns Float64Array(samples). */
export function evaluateTrajectory(p: TrajectoryParams, samples = TRAJECTORY_SAMPLES): Float64Array {
  const out = new Float64Array(samples);
  for (let k = 0; k < samples; k++) {
    const t = trajectoryTime(k, samples);
    out[k] = p.A * Math.exp(p.alpha * t) * Math.sin(p.omega * t) + p.B;
  }
  return out;
}

/** Appends `hold` steps held at the last value (the run's equilibration tail). */
export function withEquilibration(curve: ArrayLike<number>, hold = EQUILIBRATION_STEPS): Float64Array {
  const out = new Float64Array(curve.length + hold);
  out.set(Array.from(curve));
  out.fill(curve[curve.length - 1], curve.length);
  return out;
}

/** Time vector of a run with `samples` trajectory points and `hold` equilibration steps: t = k/(samples−1). */
export function runTimeVector(samples = TRAJECTORY_SAMPLES, hold = EQUILIBRATION_STEPS): Float64Array {
  const out = new Float64Array(samples + hold);
  for (let k = 0; k < out.length; k++) out[k] = trajectoryTime(k, samples);
  return out;
}

/** A field of T × 2 (Ec units) with the curve on one component (0 = x, 1 = y) and 0 on the other. */
export function fieldOnComponent(curve: ArrayLike<number>, component: 0 | 1): Float64Array {
  const out = new Float64Array(2 * curve.length);
  for (let t = 0; t < curve.length; t++) out[2 * t + component] = curve[t];
  return out;
}

/** A seeded set of trajectories: parameters (count × 4: A, α, ω, B) and curves (count × samples). */
export interface TrajectorySet {
  readonly seed: number;
  readonly count: number;
  readonly samples: number;
  readonly params: Float64Array;
  readonly curves: Float32Array;
}

/** Draws `count` trajectories uniformly from TRAJECTORY_BOX with a seeded RNG. */
export function generateTrajectorySet(count: number, seed: number, samples = TRAJECTORY_SAMPLES): TrajectorySet {
  const rng = new Rng(seed);
  const params = new Float64Array(count * 4);
  for (let i = 0; i < count; i++) {
    params[4 * i] = rng.uniformIn(...TRAJECTORY_BOX.A);
    params[4 * i + 1] = rng.uniformIn(...TRAJECTORY_BOX.alpha);
    params[4 * i + 2] = rng.uniformIn(...TRAJECTORY_BOX.omega);
    params[4 * i + 3] = rng.uniformIn(...TRAJECTORY_BOX.B);
  }
  return { seed, count, samples, params, curves: curvesFromParams(params, count, samples) };
}

/** Parameters of trajectory i of a set. */
export function trajectoryParams(set: Pick<TrajectorySet, 'params'>, i: number): TrajectoryParams {
  const p = set.params;
  return { A: p[4 * i], alpha: p[4 * i + 1], omega: p[4 * i + 2], B: p[4 * i + 3] };
}

/** Evaluates every trajectory of a parameter table (count × 4) into count × samples float32. */
export function curvesFromParams(params: Float64Array, count: number, samples: number): Float32Array {
  const curves = new Float32Array(count * samples);
  for (let i = 0; i < count; i++) {
    curves.set(evaluateTrajectory(trajectoryParams({ params }, i), samples), i * samples);
  }
  return curves;
}
