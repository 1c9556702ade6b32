/**
 * A sweep plan as a reference a worker on another machine can rebuild: the plan's inputs (base spec, axes or the
 * whole trajectory set, hold, component) as JSON with binary arrays in base64, stored once in Redis under a key
 * named by its SHA-256, so job ids derived from it are deterministic and re-adding a sweep is idempotent.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { SimSpecSchema, type SimSpec } from '../sim/sim-spec.ts';
import type { TrajectorySet } from '../sim/trajectories.ts';
import type { Axis } from '../sweep/axis.ts';
import { gridPlan, trajectoryPlan, type SweepPlan } from '../sweep/sweep-plan.ts';
import { FerroloopError } from '../errors.ts';
import { LatentTruthSchema, LoopTruthSchema } from './truth-plans.ts';
import { TwinTaskPlanSchema } from './twin-task-plan.ts';

const AxisSchema = z.object({ name: z.string(), min: z.number(), max: z.number(), count: z.number().int().positive(), scale: z.enum(['linear', 'log']) });

export const PlanDescriptionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('grid'), base: SimSpecSchema, kAxis: AxisSchema, depAxis: AxisSchema }),
  z.object({
    kind: z.literal('trajectories'),
    base: SimSpecSchema,
    hold: z.number().int().nonnegative(),
    component: z.union([z.literal(0), z.literal(1)]),
    set: z.object({ seed: z.number(), count: z.number().int().positive(), samples: z.number().int().positive(), params: z.string(), curves: z.string() }),
  }),
  LatentTruthSchema,
  LoopTruthSchema,
  TwinTaskPlanSchema,
]);
/** A plan of FerroSIM runs a SweepPlan stands for (the ground truths are run by their own builders). */
export type SweepDescription = Extract<PlanDescription, { kind: 'grid' | 'trajectories' }>;
export type PlanDescription = z.infer<typeof PlanDescriptionSchema>;

export function gridDescription(base: SimSpec, kAxis: Axis, depAxis: Axis): PlanDescription {
  return { kind: 'grid', base, kAxis: { ...kAxis }, depAxis: { ...depAxis } };
}

export function trajectoryDescription(base: SimSpec, set: TrajectorySet, hold: number, component: 0 | 1): PlanDescription {
  const b64 = (a: Float64Array | Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
  return { kind: 'trajectories', base, hold, component, set: { seed: set.seed, count: set.count, samples: set.samples, params: b64(set.params), curves: b64(set.curves) } };
}

/** The plan a description stands for — the same tasks, in the same order, on every machine. */
export function planFromDescription(d: SweepDescription): SweepPlan {
  if (d.kind === 'grid') return gridPlan(d.base, d.kAxis as Axis, d.depAxis as Axis);
  const params = Buffer.from(d.set.params, 'base64');
  const curves = Buffer.from(d.set.curves, 'base64');
  const set: TrajectorySet = {
    seed: d.set.seed,
    count: d.set.count,
    samples: d.set.samples,
    params: new Float64Array(params.buffer.slice(params.byteOffset, params.byteOffset + params.byteLength)),
    curves: new Float32Array(curves.buffer.slice(curves.byteOffset, curves.byteOffset + curves.byteLength)),
  };
  if (set.params.length !== set.count * 4 || set.curves.length !== set.count * set.samples) {
    throw new FerroloopError('QUEUE_UNAVAILABLE', 'plan reference: the trajectory set does not match its count and samples');
  }
  return trajectoryPlan(d.base, set, d.hold, d.component);
}

/** Canonical JSON text of a description and its SHA-256 (hex, first 16 bytes) naming it. */
export function encodeDescription(d: PlanDescription): { text: string; id: string } {
  const text = JSON.stringify(d);
  return { text, id: createHash('sha256').update(text).digest('hex').slice(0, 32) };
}

export const planKey = (id: string): string => `ferroloop:plan:${id}`;

/** Key of a plan's binary rows (the W2 ground truth's curves), beside its reference. */
export const planBlobKey = (id: string): string => `ferroloop:plan:${id}:rows`;

/** Key whose presence cancels a plan's running chunks. */
export const cancelKey = (plan: string): string => `ferroloop:cancel:${plan}`;
