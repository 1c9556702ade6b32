/**
 * One digital-twin evaluation (a pole, a W1 simulation or a loop) as a one-run plan on the simulation queue, so a
 * batch campaign's proposals are measured by `ferroloop worker` processes. The plan carries the sample's config
 * (workers rebuild its defects, as for the ground truths), the task's config, start state and inputs; its id is a
 * hash of all that, so the same evaluation enqueued again (a resumed batch) names the same job and re-uses its result.
 */
import { z } from 'zod';
import { TwinConfigSchema, type TwinConfig } from '../drivers/twin/twin-config.ts';
import type { TwinTask, TwinTaskResult } from '../drivers/twin/twin-task.ts';
import { float64FromBytes } from './truth-plans.ts';

const b64 = (a: Float64Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
const f64 = (s: string): Float64Array => float64FromBytes(Buffer.from(s, 'base64'));

export const TwinTaskPlanSchema = z.object({
  kind: z.literal('twin-task'),
  /** The sample's config: its defects are rebuilt from it. */
  sample: TwinConfigSchema,
  op: z.enum(['pole', 'simulate', 'spectroscopy']),
  /** The run's config (W1 simulations override k and α_dep). */
  cfg: TwinConfigSchema,
  /** Start state [comp][i][j], base64 float64. */
  state: z.string(),
  /** pole/simulate: field trajectory (Ec), base64 float64. */
  fieldEc: z.string().optional(),
  /** spectroscopy: tip position (µm) and bias waveform (V, base64 float64). */
  xUm: z.number().optional(),
  yUm: z.number().optional(),
  biasV: z.string().optional(),
});
export type TwinTaskPlan = z.infer<typeof TwinTaskPlanSchema>;

/** The result of a twin-task plan: new state and, when the op has one, its response or ⟨P⟩(t) (base64 float64). */
export const TwinResultChunkSchema = z.object({ start: z.literal(0), end: z.literal(1), state: z.string(), response: z.string().optional(), meanP: z.string().optional() });
export type TwinResultChunk = z.infer<typeof TwinResultChunkSchema>;

/** The plan of a task on the sample built from `sample`. */
export function twinTaskPlan(sample: TwinConfig, task: TwinTask): TwinTaskPlan {
  const common = { kind: 'twin-task' as const, sample, op: task.op, cfg: task.cfg, state: b64(task.state) };
  return task.op === 'spectroscopy'
    ? { ...common, xUm: task.xUm, yUm: task.yUm, biasV: b64(task.biasV) }
    : { ...common, fieldEc: b64(task.fieldEc) };
}

/** The task a plan stands for, on the sample's defects. */
export function taskFromPlan(p: TwinTaskPlan, defects: Float64Array): TwinTask {
  const base = { cfg: p.cfg, defects, state: f64(p.state) };
  if (p.op === 'spectroscopy') {
    if (p.xUm === undefined || p.yUm === undefined || p.biasV === undefined) throw new RangeError('twin-task plan: spectroscopy needs xUm, yUm and biasV');
    return { op: 'spectroscopy', ...base, xUm: p.xUm, yUm: p.yUm, biasV: f64(p.biasV) };
  }
  if (p.fieldEc === undefined) throw new RangeError(`twin-task plan: ${p.op} needs fieldEc`);
  return { op: p.op, ...base, fieldEc: f64(p.fieldEc) };
}

export function encodeTwinResult(r: TwinTaskResult): TwinResultChunk {
  return { start: 0, end: 1, state: b64(r.state), ...(r.response ? { response: b64(r.response) } : {}), ...(r.meanP ? { meanP: b64(r.meanP) } : {}) };
}

export function decodeTwinResult(c: TwinResultChunk): TwinTaskResult {
  return { state: f64(c.state), ...(c.response ? { response: f64(c.response) } : {}), ...(c.meanP ? { meanP: f64(c.meanP) } : {}) };
}
