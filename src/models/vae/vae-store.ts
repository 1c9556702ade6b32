/**
 * Save/load of a TrajectoryVae to a directory (model.json + weights.bin through directoryIOHandler). The
 * topology block is ferroloop's own (format 'ferroloop-trajectory-vae'); it is zod-validated on load.
 */
import { z } from 'zod';
import { loadModelDir, saveModelDir } from '../tf/model-dir.ts';
import { TrajectoryVae } from './vae.ts';
import { createVaeNetwork, disposeVaeNetwork, vaeVariables } from './vae-network.ts';
import { VaeOptionsSchema } from './vae-options.ts';

const FORMAT = 'ferroloop-trajectory-vae';

const Pair = z.tuple([z.number(), z.number()]);
const TopologySchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(1),
  architecture: z.object({
    inputDim: z.number().int().positive(),
    hidden: z.array(z.number().int().positive()).min(1),
    latentDim: z.number().int().positive(),
    activation: z.enum(['relu', 'tanh', 'elu']),
  }),
  scaling: z.object({ mean: z.number(), std: z.number().positive() }),
  options: VaeOptionsSchema,
  bestEpoch: z.number().int().nonnegative(),
  latentBounds: z.object({ x: Pair, y: Pair }),
  history: z.array(z.record(z.string(), z.union([z.number(), z.boolean()]))),
});

/** Writes `vae` to directory `dir` (created if needed). */
export async function saveVae(vae: TrajectoryVae, dir: string): Promise<void> {
  const s = vae.snapshot;
  const topology = {
    format: FORMAT,
    version: 1,
    architecture: s.network.arch,
    scaling: s.scaling,
    options: s.options,
    bestEpoch: s.bestEpoch,
    latentBounds: s.latentBounds,
    history: s.history,
  };
  await saveModelDir(dir, FORMAT, topology, vaeVariables(s.network));
}

/** Reads a VAE saved by saveVae; throws FerroloopError MODEL_INVALID naming the bad field. */
export async function loadVae(dir: string): Promise<TrajectoryVae> {
  const { topology: t, restoreInto } = await loadModelDir(dir, TopologySchema);
  const network = createVaeNetwork(t.architecture, t.options.seed);
  restoreInto(vaeVariables(network), () => disposeVaeNetwork(network));
  const history = t.history as unknown as TrajectoryVae['history'];
  return new TrajectoryVae({ network, scaling: t.scaling, options: t.options, bestEpoch: t.bestEpoch, latentBounds: t.latentBounds, history });
}
