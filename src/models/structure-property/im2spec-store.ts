/**
 * Save/load of a trained im2spec / spec2im model to a directory: model.json (ferroloop's topology block,
 * zod-validated on load, plus tfjs weight specs) and weights.bin, through the VAE family's directory IOHandler.
 * Float32 weights round-trip exactly, so a reloaded model predicts bit-identically.
 */
import { z } from 'zod';
import { FerroloopError } from '../../errors.ts';
import { historyFromJson, historyToJson, loadModelDir, saveModelDir } from '../tf/model-dir.ts';
import { Im2SpecOptionsSchema, parseIm2SpecOptions } from './im2spec-options.ts';
import { createIm2SpecNetwork, disposeIm2SpecNetwork, im2specVariables, type Im2SpecNetwork } from './im2spec-network.ts';
import type { Im2SpecScaling } from './im2spec-scaling.ts';
import type { Im2SpecEpochReport } from './im2spec-train.ts';

const FORMAT = 'ferroloop-im2spec';

const TopologySchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(1),
  inHeight: z.number().int().positive(),
  inWidth: z.number().int().positive(),
  /** Input channels (models saved before channels existed have one). */
  inChannels: z.number().int().positive().default(1),
  outputs: z.number().int().positive(),
  options: Im2SpecOptionsSchema,
  scaling: z.object({ inputMean: z.number(), inputStd: z.number().positive(), outputMean: z.array(z.number()), outputStd: z.number().positive() }),
  bestEpoch: z.number().int().nonnegative(),
  history: z.array(z.record(z.string(), z.union([z.number(), z.boolean(), z.null()]))),
  /** Free-form facts the CLI keeps with the model (data source, bias, descriptor). */
  meta: z.record(z.string(), z.unknown()).default({}),
});

/** A model as saved or reloaded. */
export interface StoredIm2Spec {
  readonly network: Im2SpecNetwork;
  readonly scaling: Im2SpecScaling;
  readonly bestEpoch: number;
  readonly history: readonly Im2SpecEpochReport[];
  readonly meta?: Record<string, unknown>;
}

/** Writes the model to `dir` (created if needed); NaN in the history (no validation share) is saved as null. */
export async function saveIm2Spec(model: StoredIm2Spec, dir: string, meta: Record<string, unknown> = {}): Promise<void> {
  const { network } = model;
  const topology = {
    format: FORMAT, version: 1, inHeight: network.inHeight, inWidth: network.inWidth, inChannels: network.inChannels, outputs: network.outputs,
    options: network.options, scaling: model.scaling, bestEpoch: model.bestEpoch,
    history: historyToJson(model.history),
    meta,
  };
  await saveModelDir(dir, FORMAT, topology, im2specVariables(network));
}

/** Reads a model saved by saveIm2Spec; throws FerroloopError MODEL_INVALID naming the bad field. */
export async function loadIm2Spec(dir: string): Promise<StoredIm2Spec & { readonly meta: Record<string, unknown> }> {
  const { topology: t, restoreInto } = await loadModelDir(dir, TopologySchema);
  if (t.scaling.outputMean.length !== t.outputs) throw new FerroloopError('MODEL_INVALID', `${dir}: scaling.outputMean has ${t.scaling.outputMean.length} values for ${t.outputs} outputs`);
  const network = createIm2SpecNetwork(parseIm2SpecOptions(t.options), t.inHeight, t.inWidth, t.outputs, t.inChannels);
  restoreInto(im2specVariables(network), () => disposeIm2SpecNetwork(network));
  const history = historyFromJson<Im2SpecEpochReport>(t.history);
  return { network, scaling: t.scaling, bestEpoch: t.bestEpoch, history, meta: t.meta };
}
