/** Copies tf.Variables to and from plain arrays (snapshots, JSON, IOHandler weight lists). */
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import type { NamedVariable } from './dense.ts';

/** One variable's values, row-major in its shape. */
export interface WeightSnapshot {
  readonly name: string;
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

export const WeightJsonSchema = z.object({
  name: z.string(),
  shape: z.array(z.number().int().nonnegative()),
  values: z.array(z.number()),
});
export type WeightJson = z.infer<typeof WeightJsonSchema>;

/** Reads every variable into a Float32Array copy. */
export function snapshot(vars: readonly NamedVariable[]): WeightSnapshot[] {
  return vars.map(({ name, variable }) => ({ name, shape: variable.shape, values: Float32Array.from(variable.dataSync() as Float32Array) }));
}

/** Assigns snapshot values back, matching by name; throws RangeError when a weight is missing or misshapen. */
export function restore(
  vars: readonly NamedVariable[],
  weights: readonly { name: string; shape: readonly number[]; values: ArrayLike<number> }[],
): void {
  const byName = new Map(weights.map((w) => [w.name, w]));
  vars.forEach(({ name, variable: v }) => {
    const w = byName.get(name);
    if (w === undefined) throw new RangeError(`restore: weight ${name} is missing`);
    const size = w.shape.reduce((a, b) => a * b, 1);
    if (w.shape.length !== v.shape.length || w.shape.some((s, k) => s !== v.shape[k]) || w.values.length !== size) {
      throw new RangeError(`restore: weight ${name} has shape [${w.shape}], expected [${v.shape}]`);
    }
    tf.tidy(() => v.assign(tf.tensor(Float32Array.from(w.values), [...w.shape], 'float32')));
  });
}

/** JSON form (number arrays) of a snapshot. */
export function toJsonWeights(weights: readonly WeightSnapshot[]): WeightJson[] {
  return weights.map((w) => ({ name: w.name, shape: [...w.shape], values: Array.from(w.values) }));
}
