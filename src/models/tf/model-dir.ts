/**
 * A trained tfjs model as a directory (model.json: ferroloop's topology block + tfjs weight specs; weights.bin),
 * shared by every store: the topology zod-validated on load and the weights restored by name, every failure a
 * FerroloopError MODEL_INVALID naming the directory and the field. Float32 weights round-trip exactly.
 */
import * as tf from '@tensorflow/tfjs';
import type { z } from 'zod';
import { FerroloopError } from '../../errors.ts';
import type { NamedVariable } from './dense.ts';
import { directoryIOHandler } from './io-handler.ts';
import { restore } from './named-weights.ts';
import { initTfBackend } from './tf-backend.ts';

/** Writes `topology` and the variables' values to `dir` (created if needed). */
export async function saveModelDir(dir: string, format: string, topology: Record<string, unknown>, variables: readonly NamedVariable[]): Promise<void> {
  const named = variables.map(({ name, variable }) => ({ name, tensor: variable as tf.Tensor }));
  const { data, specs } = await tf.io.encodeWeights(named);
  await directoryIOHandler(dir).save!({ modelTopology: topology, format, generatedBy: 'ferroloop', weightSpecs: specs, weightData: data });
}

/** A directory's weights, decoded, to restore into a network built from its topology. */
export interface LoadedModelDir<T> {
  readonly topology: T;
  /**
   * Assigns the saved weights to `variables` (matched by name); on a missing or misshapen weight calls `discard`
   * (dispose the half-built network) and throws MODEL_INVALID.
   */
  restoreInto(variables: readonly NamedVariable[], discard: () => void): void;
}

/** Reads `dir`, validating its topology with `schema`. */
export async function loadModelDir<S extends z.ZodType>(dir: string, schema: S): Promise<LoadedModelDir<z.infer<S>>> {
  await initTfBackend();
  const artifacts = await directoryIOHandler(dir).load!();
  const parsed = schema.safeParse(artifacts.modelTopology);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new FerroloopError('MODEL_INVALID', `${dir}: modelTopology.${issue.path.join('.')}: ${issue.message}`);
  }
  return {
    topology: parsed.data,
    restoreInto(variables, discard) {
      const tensors = tf.io.decodeWeights(artifacts.weightData!, artifacts.weightSpecs ?? []);
      try {
        const weights = Object.entries(tensors).map(([name, tensor]) => ({ name, shape: tensor.shape, values: tensor.dataSync() as Float32Array }));
        restore(variables, weights);
      } catch (err) {
        discard();
        throw new FerroloopError('MODEL_INVALID', `${dir}: ${(err as Error).message}`, { cause: err });
      } finally {
        tf.dispose(Object.values(tensors));
      }
    },
  };
}

/** Epoch reports as JSON: NaN (no validation share) as null. */
export function historyToJson(history: readonly object[]): Record<string, unknown>[] {
  return history.map((e) => Object.fromEntries(Object.entries(e).map(([k, v]) => [k, typeof v === 'number' && !Number.isFinite(v) ? null : v])));
}

/** Epoch reports from JSON: null back to NaN. */
export function historyFromJson<T>(history: readonly Record<string, unknown>[]): T[] {
  return history.map((e) => Object.fromEntries(Object.entries(e).map(([k, v]) => [k, v === null ? NaN : v]))) as T[];
}
