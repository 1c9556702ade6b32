import * as z from 'zod/mini';

/** A JSON number array in which NaN/Infinity arrived as null. */
const numberList = z.array(z.nullable(z.number()));

/** JSON number list (null = not a number) → Float64Array with NaN for the nulls. */
export function toFloat64(values: readonly (number | null)[]): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i] ?? Number.NaN;
  return out;
}

export const AgentStateSchema = z.object({
  state: z.enum(['running', 'paused', 'swapping', 'finished']),
  step: z.number(),
  reason: z.optional(z.string()),
});
export type AgentStatePayload = z.infer<typeof AgentStateSchema>;

export const ProgressSchema = z.object({
  step: z.number(), budget: z.number(), candidate: z.number(), y: z.nullable(z.number()),
  instrument: z.string(), best: z.nullable(z.number()), bestCandidate: z.number(),
});
export type ProgressPayload = z.infer<typeof ProgressSchema>;

/** Candidate grid: candidate i sits at row floor(i / nx), column i % nx; x and y are the axis ranges. */
export const GridSchema = z.object({
  nx: z.int().check(z.positive()), ny: z.int().check(z.positive()),
  x: z.tuple([z.number(), z.number()]), y: z.tuple([z.number(), z.number()]),
  xLabel: z.string(), yLabel: z.string(),
});
export type GridInfo = z.infer<typeof GridSchema>;

export const PreparedSchema = z.object({
  runId: z.string(), name: z.string(), workflow: z.string(), budget: z.number(),
  grid: z.optional(GridSchema),
  coordinates: z.optional(numberList),
  groundTruth: z.optional(numberList),
  /** Number of candidates, and the indices of those the instrument's limits exclude (drawn grey). */
  candidates: z.optional(z.int().check(z.nonnegative())),
  infeasible: z.optional(z.array(z.int().check(z.nonnegative()))),
});

export const PreparingSchema = z.object({
  name: z.string(), stage: z.string(), done: z.number(), total: z.number(), detail: z.optional(z.string()),
});

export const PosteriorSchema = z.object({ step: z.number(), mean: numberList, std: numberList });

export const MeasuredArraySchema = z.object({ shape: z.array(z.int().check(z.nonnegative())), data: numberList, unit: z.string() });

export const MeasuredSchema = z.object({
  step: z.number(), candidate: z.number(), instrument: z.string(),
  command: z.object({ kind: z.string(), field: z.optional(numberList), units: z.optional(z.string()) }),
  arrays: z.record(z.string(), MeasuredArraySchema),
});

export const FailedSchema = z.object({
  step: z.number(), attempt: z.number(), code: z.string(), message: z.string(), willRetry: z.boolean(),
});

export const SwappedSchema = z.object({ step: z.number(), from: z.string(), to: z.string() });

const idSchema = z.optional(z.union([z.string(), z.number()]));

export const AckSchema = z.object({ id: idSchema, request: z.optional(z.unknown()) });

export const ErrorSchema = z.object({ id: idSchema, code: z.string(), message: z.string() });

/** A W3 start document's structural scan: ny x nx values row-major. */
export const StructureScanSchema = z.object({
  channel: z.string(), nx: z.int().check(z.positive()), ny: z.int().check(z.positive()), sizeUm: z.number(), image: numberList,
});

export const StartDocSchema = z.object({
  uid: z.string(), run_id: z.optional(z.string()), workflow: z.optional(z.string()),
  structure_scan: z.optional(StructureScanSchema),
  /** What the objective is, with its units (e.g. "Σ|curl p| over the lattice (code units)") and a short name. */
  objective: z.optional(z.object({ title: z.string(), short: z.string() })),
  config: z.optional(z.object({ name: z.optional(z.string()), agent: z.optional(z.object({ budget: z.optional(z.number()), direction: z.optional(z.enum(['maximize', 'minimize'])) })) })),
});
export const DescriptorDocSchema = z.object({
  uid: z.string(), name: z.optional(z.string()),
  data_keys: z.optional(z.record(z.string(), z.object({ units: z.optional(z.string()) }))),
});
export const EventDocSchema = z.object({ descriptor: z.string(), seq_num: z.number(), data: z.record(z.string(), z.unknown()) });
export const StopDocSchema = z.object({ exit_status: z.string(), reason: z.optional(z.string()) });

/** GET /api/state: what the server is and which configs its start control offers. */
export const ServerInfoSchema = z.object({
  mode: z.optional(z.enum(['live', 'replay'])),
  configs: z.optional(z.array(z.string())),
});
