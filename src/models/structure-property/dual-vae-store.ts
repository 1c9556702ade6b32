/**
 * Save/load of a trained dual VAE to a directory: model.json (ferroloop's topology block, zod-validated on load,
 * plus tfjs weight specs) and weights.bin, through the VAE family's directory IOHandler. Float32 weights
 * round-trip exactly, so a reloaded model predicts bit-identically.
 */
import { z } from 'zod';
import { FerroloopError } from '../../errors.ts';
import { historyFromJson, historyToJson, loadModelDir, saveModelDir } from '../tf/model-dir.ts';
import { DualVaeOptionsSchema, parseDualVaeOptions } from './dual-vae-options.ts';
import { createDualVaeNetwork, disposeDualVaeNetwork, dualVaeVariables, type DualVaeNetwork } from './dual-vae-network.ts';
import type { DualVaeScaling } from './dual-vae-scaling.ts';
import type { DualVaeEpochReport } from './dual-vae-train.ts';

const FORMAT = 'ferroloop-dual-vae';

const ScalingSchema = z.object({ inputMean: z.number(), inputStd: z.number().positive(), outputMean: z.array(z.number()), outputStd: z.number().positive() });

const TopologySchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(1),
  patch: z.number().int().positive(),
  /** Structure channels (models saved before channels existed have one). */
  channels: z.number().int().positive().default(1),
  points: z.number().int().positive(),
  options: DualVaeOptionsSchema,
  scaling: z.object({ structure: ScalingSchema, spectrum: ScalingSchema }),
  bestEpoch: z.number().int().nonnegative(),
  history: z.array(z.record(z.string(), z.union([z.number(), z.boolean(), z.null()]))),
  /** Free-form facts the CLI keeps with the model (data source, bias, descriptor). */
  meta: z.record(z.string(), z.unknown()).default({}),
});

/** A model as saved or reloaded. */
export interface StoredDualVae {
  readonly network: DualVaeNetwork;
  readonly scaling: DualVaeScaling;
  readonly bestEpoch: number;
  readonly history: readonly DualVaeEpochReport[];
  readonly meta?: Record<string, unknown>;
}

/** Writes the model to `dir` (created if needed); NaN in the history (no validation share) is saved as null. */
export async function saveDualVae(model: StoredDualVae, dir: string, meta: Record<string, unknown> = {}): Promise<void> {
  const { network } = model;
  const topology = {
    format: FORMAT, version: 1, patch: network.patch, channels: network.channels, points: network.points, options: network.options, scaling: model.scaling, bestEpoch: model.bestEpoch,
    history: historyToJson(model.history),
    meta,
  };
  await saveModelDir(dir, FORMAT, topology, dualVaeVariables(network));
}

/** Reads a model saved by saveDualVae; throws FerroloopError MODEL_INVALID naming the bad field. */
export async function loadDualVae(dir: string): Promise<StoredDualVae & { readonly meta: Record<string, unknown> }> {
  const { topology: t, restoreInto } = await loadModelDir(dir, TopologySchema);
  const pixels = t.channels * t.patch * t.patch;
  if (t.scaling.structure.outputMean.length !== pixels || t.scaling.spectrum.outputMean.length !== t.points) {
    throw new FerroloopError('MODEL_INVALID', `${dir}: scaling has ${t.scaling.structure.outputMean.length} pixel and ${t.scaling.spectrum.outputMean.length} loop means for ${t.patch}×${t.patch} patches and ${t.points}-point loops`);
  }
  const network = createDualVaeNetwork(parseDualVaeOptions(t.options), t.patch, t.points, t.channels);
  restoreInto(dualVaeVariables(network), () => disposeDualVaeNetwork(network));
  const history = historyFromJson<DualVaeEpochReport>(t.history);
  return { network, scaling: t.scaling, bestEpoch: t.bestEpoch, history, meta: t.meta };
}
