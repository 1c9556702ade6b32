import { z } from 'zod';
import { MODES } from './modes.ts';
import { Rng } from './rng.ts';
import type { SimOptions } from './sim-options.ts';
import { MAX_FIELD_STEPS, MAX_LATTICE, MAX_SITES } from '../limits.ts';
import {
  TRAJECTORY_SAMPLES, EQUILIBRATION_STEPS, evaluateTrajectory, fieldOnComponent, runTimeVector, withEquilibration,
} from './trajectories.ts';

const finite = z.number().refine(Number.isFinite, 'must be finite');
const component = z.enum(['x', 'y']);

/** Applied-field recipes (Ec units): a lecture trajectory, a sine, or explicit samples. */
export const FieldSpecSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('trajectory'),
    A: finite, alpha: finite, omega: finite, B: finite,
    component: component.default('y'),
    samples: z.number().int().min(2).max(MAX_FIELD_STEPS).default(TRAJECTORY_SAMPLES),
    hold: z.number().int().min(0).max(MAX_FIELD_STEPS).default(EQUILIBRATION_STEPS),
  }),
  z.strictObject({
    kind: z.literal('sine'),
    amplitude: finite, cycles: finite.default(1), offset: finite.default(0),
    component: component.default('y'),
    steps: z.number().int().min(2).max(MAX_FIELD_STEPS).default(950),
    duration: finite.default(1),
  }),
  z.strictObject({
    kind: z.literal('samples'),
    timeVec: z.array(finite).min(2).max(MAX_FIELD_STEPS),
    values: z.array(z.tuple([finite, finite])).max(MAX_FIELD_STEPS),
  }),
]);
export type FieldSpec = z.infer<typeof FieldSpecSchema>;

/** Defect recipes (Ec units): none, seeded random sites, or explicit per-site pairs. */
export const DefectSpecSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  z.strictObject({
    kind: z.literal('random'), count: z.number().int().min(0).max(MAX_SITES), seed: z.number().int(),
    min: finite.default(-3), max: finite.default(3),
  }),
  z.strictObject({ kind: z.literal('explicit'), values: z.array(z.tuple([finite, finite])).max(MAX_SITES) }),
]);

/** A JSON description of a FerroSIM run, used by sweeps, configs and the ferrosim instrument. */
export const SimSpecSchema = z.strictObject({
  n: z.number().int().min(2).max(MAX_LATTICE).default(20),
  mode: z.enum(MODES).default('tetragonal'),
  landau: z.strictObject({ alpha1: finite, alpha2: finite, alpha3: finite.optional() }).optional(),
  k: z.union([finite, z.array(finite).max(MAX_SITES)]).default(1),
  depAlpha: z.union([finite, z.array(finite).max(MAX_SITES)]).default(0.2),
  gamma: finite.default(1),
  field: FieldSpecSchema.default({
    kind: 'trajectory', A: 0.5, alpha: 1, omega: 2.4 * Math.PI, B: 0.1,
    component: 'y', samples: TRAJECTORY_SAMPLES, hold: EQUILIBRATION_STEPS,
  }),
  defects: DefectSpecSchema.default({ kind: 'random', count: 40, seed: 1, min: -3, max: 3 }),
  init: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('zero') }),
    z.strictObject({ kind: z.literal('remanent') }),
    z.strictObject({ kind: z.literal('random'), seed: z.number().int(), scale: finite.default(0.1) }),
  ]).default({ kind: 'random', seed: 1, scale: 0.1 }),
  update: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('deterministic') }),
    z.strictObject({ kind: z.literal('stochastic'), seed: z.number().int() }),
  ]).default({ kind: 'deterministic' }),
  integrator: z.enum(['euler', 'heun', 'rk4']).default('euler'),
  physics: z.enum(['reference', 'corrected']).default('reference'),
  boundary: z.enum(['open', 'periodic']).optional(),
});
export type SimSpec = z.infer<typeof SimSpecSchema>;

/** The W2 default run: n = 20 tetragonal, k = 1, α_dep = 0.2, Euler, field on y, 40 seeded defects U(−3, 3). */
export const DEFAULT_SIM_SPEC: SimSpec = SimSpecSchema.parse({});

/** Time grid and T × 2 field (Ec units) of a field recipe. */
export function fieldFromSpec(f: FieldSpec): { timeVec: Float64Array; field: Float64Array } {
  switch (f.kind) {
    case 'trajectory': {
      const curve = withEquilibration(evaluateTrajectory(f, f.samples), f.hold);
      return { timeVec: runTimeVector(f.samples, f.hold), field: fieldOnComponent(curve, f.component === 'x' ? 0 : 1) };
    }
    case 'sine': {
      const timeVec = Float64Array.from({ length: f.steps }, (_, t) => (f.duration * t) / (f.steps - 1));
      const curve = timeVec.map((t) => f.offset + f.amplitude * Math.sin((2 * Math.PI * f.cycles * t) / f.duration));
      return { timeVec, field: fieldOnComponent(curve, f.component === 'x' ? 0 : 1) };
    }
    case 'samples':
      return { timeVec: Float64Array.from(f.timeVec), field: Float64Array.from(f.values.flat()) };
  }
}

/** Per-site defect pairs (n² × 2, Ec units) of a defect recipe. */
export function defectsFromSpec(d: SimSpec['defects'], n: number): Float64Array | undefined {
  if (d.kind === 'none') return undefined;
  if (d.kind === 'explicit') return Float64Array.from(d.values.flat());
  const sites = n * n;
  const rng = new Rng(d.seed);
  const out = new Float64Array(2 * sites);
  for (const s of rng.sampleWithoutReplacement(sites, Math.min(d.count, sites))) {
    out[2 * s] = rng.uniformIn(d.min, d.max);
    out[2 * s + 1] = rng.uniformIn(d.min, d.max);
  }
  return out;
}

/**
 * SimOptions of a spec; `field` overrides the spec's field (e.g. a decoded trajectory), `defects` the spec's defect
 * recipe (n² × 2, Ec units: pass defectsFromSpec's result to share one array between many runs).
 */
export function specToOptions(spec: SimSpec, field?: { timeVec: ArrayLike<number>; field: ArrayLike<number> }, defects?: ArrayLike<number>): SimOptions {
  const f = field ?? fieldFromSpec(spec.field);
  return {
    n: spec.n, mode: spec.mode, landau: spec.landau, k: spec.k, depAlpha: spec.depAlpha, gamma: spec.gamma,
    timeVec: f.timeVec, field: f.field, defects: defects ?? defectsFromSpec(spec.defects, spec.n),
    init: spec.init, update: spec.update, integrator: spec.integrator, physics: spec.physics, boundary: spec.boundary,
  };
}
