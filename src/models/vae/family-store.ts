/**
 * Save/load of a trained VAE-family model to a directory: model.json (ferroloop's topology block, zod-validated on
 * load, plus tfjs weight specs) and weights.bin, through the same directory IOHandler as the trajectory VAE.
 * Float32 weights round-trip exactly, so a reloaded model encodes bit-identically.
 */
import { z } from 'zod';
import { loadModelDir, saveModelDir } from '../tf/model-dir.ts';
import { FamilyOptionsSchema, parseFamilyOptions } from './family-options.ts';
import { createFamilyNetwork, disposeFamilyNetwork, familyVariables, type FamilyNetwork } from './family-network.ts';
import type { DataScaling, FamilyEpochReport, TrainedFamily } from './family-train.ts';

const FORMAT = 'ferroloop-vae-family';

const TopologySchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(1),
  height: z.number().int().positive(),
  width: z.number().int().positive(),
  options: FamilyOptionsSchema,
  scaling: z.object({ offset: z.number(), gain: z.number().positive() }),
  bestEpoch: z.number().int().nonnegative(),
  history: z.array(z.record(z.string(), z.union([z.number(), z.boolean()]))),
  /** Free-form facts the CLI keeps with the model (data source, class names). */
  meta: z.record(z.string(), z.unknown()).default({}),
});

/** A model reloaded from disk. */
export interface StoredFamily {
  readonly network: FamilyNetwork;
  readonly scaling: DataScaling;
  readonly bestEpoch: number;
  readonly history: readonly FamilyEpochReport[];
  readonly meta: Record<string, unknown>;
}

/** Writes the model to `dir` (created if needed). */
export async function saveFamily(model: TrainedFamily | StoredFamily, dir: string, meta: Record<string, unknown> = {}): Promise<void> {
  const { network } = model;
  const topology = {
    format: FORMAT,
    version: 1,
    height: network.height,
    width: network.width,
    options: network.options,
    scaling: model.scaling,
    bestEpoch: model.bestEpoch,
    history: model.history,
    meta,
  };
  await saveModelDir(dir, FORMAT, topology, familyVariables(network));
}

/** Reads a model saved by saveFamily; throws FerroloopError MODEL_INVALID naming the bad field. */
export async function loadFamily(dir: string): Promise<StoredFamily> {
  const { topology: t, restoreInto } = await loadModelDir(dir, TopologySchema);
  const network = createFamilyNetwork(parseFamilyOptions(t.options), t.height, t.width);
  restoreInto(familyVariables(network), () => disposeFamilyNetwork(network));
  return { network, scaling: t.scaling, bestEpoch: t.bestEpoch, history: t.history as unknown as FamilyEpochReport[], meta: t.meta };
}
