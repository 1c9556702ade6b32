import { type SimSpec, defectsFromSpec, fieldFromSpec, specToOptions } from '../sim/sim-spec.ts';
import {
  type TrajectorySet, fieldOnComponent, runTimeVector, trajectoryParams, withEquilibration,
} from '../sim/trajectories.ts';
import { type Axis, axisValues } from './axis.ts';
import type { SimTask } from './sim-task.ts';

/** A planned sweep: one task per point, and the coordinates of each point (same order). */
export interface SweepPlan {
  readonly kind: 'grid' | 'trajectories';
  readonly tasks: readonly SimTask[];
  /** Column names of `coordinates`. */
  readonly coordinateNames: readonly string[];
  /** One row per task. */
  readonly coordinates: readonly (readonly number[])[];
  /** For a grid: [x axis (k), y axis (α_dep)]; tasks run row by row (y outer, x inner). */
  readonly axes?: readonly [Axis, Axis];
}

/** Grid over coupling k (x) × depolarisation α_dep (y) on a base spec. */
export function gridPlan(base: SimSpec, kAxis: Axis, depAxis: Axis): SweepPlan {
  const ks = axisValues(kAxis);
  const deps = axisValues(depAxis);
  // One field and one defect array for every run: a plan's memory grows with its runs, not runs × (steps + sites).
  const field = fieldFromSpec(base.field);
  const defects = defectsFromSpec(base.defects, base.n);
  const tasks: SimTask[] = [];
  const coordinates: number[][] = [];
  for (const dep of deps) {
    for (const k of ks) {
      tasks.push({ options: specToOptions({ ...base, k, depAlpha: dep }, field, defects) });
      coordinates.push([k, dep]);
    }
  }
  return { kind: 'grid', tasks, coordinates, coordinateNames: ['k', 'depAlpha'], axes: [kAxis, depAxis] };
}

/** One run per trajectory of a set (each + hold steps at its final value) on a base spec. */
export function trajectoryPlan(base: SimSpec, set: TrajectorySet, hold: number, component: 0 | 1): SweepPlan {
  const timeVec = runTimeVector(set.samples, hold);
  const defects = defectsFromSpec(base.defects, base.n);
  const tasks: SimTask[] = [];
  const coordinates: number[][] = [];
  for (let i = 0; i < set.count; i++) {
    const curve = withEquilibration(set.curves.subarray(i * set.samples, (i + 1) * set.samples), hold);
    tasks.push({ options: specToOptions(base, { timeVec, field: fieldOnComponent(curve, component) }, defects) });
    const p = trajectoryParams(set, i);
    coordinates.push([i, p.A, p.alpha, p.omega, p.B]);
  }
  return { kind: 'trajectories', tasks, coordinates, coordinateNames: ['index', 'A', 'alpha', 'omega', 'B'] };
}
