/**
 * Save/load of a TrajectoryVae to a directory (model.json + weights.bin through directoryIOHandler). The
 * topology block is ferroloop's own (format 'ferroloop-trajectory-vae'); it is zod-validated on load.
 */
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { FerroloopError } from '../../errors.ts';
import { directoryIOHandler } from '../tf/io-handler.ts';
import { TrajectoryVae } from './vae.ts';
import { createVaeNetwork, disposeVaeNetwork, vaeVariables } from './vae-network.ts';
import { VaeOptionsSchema } from './vae-options.ts';
import { restore } from '../tf/named-weights.ts';
import { initTfBackend } from '../tf/tf-backend.ts';

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
  const named = vaeVariables(s.network).map(({ name, variable }) => ({ name, tensor: variable as tf.Tensor }));
  const { data, specs } = await tf.io.encodeWeights(named);
  await directoryIOHandler(dir).save!({
    modelTopology: topology,
    format: FORMAT,
    generatedBy: 'ferroloop',
    weightSpecs: specs,
    weightData: data,
  });
}

/** Reads a VAE saved by saveVae; throws FerroloopError MODEL_INVALID naming the bad field. */
export async function loadVae(dir: string): Promise<TrajectoryVae> {
  await initTfBackend();
  const artifacts = await directoryIOHandler(dir).load!();
  const parsed = TopologySchema.safeParse(artifacts.modelTopology);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new FerroloopError('MODEL_INVALID', `${dir}: modelTopology.${issue.path.join('.')}: ${issue.message}`);
  }
  const t = parsed.data;
  const network = createVaeNetwork(t.architecture, t.options.seed);
  const tensors = tf.io.decodeWeights(artifacts.weightData!, artifacts.weightSpecs ?? []);
  try {
    const weights = Object.entries(tensors).map(([name, tensor]) => ({ name, shape: tensor.shape, values: tensor.dataSync() as Float32Array }));
    restore(vaeVariables(network), weights);
  } catch (err) {
    disposeVaeNetwork(network);
    throw new FerroloopError('MODEL_INVALID', `${dir}: ${(err as Error).message}`, { cause: err });
  } finally {
    tf.dispose(Object.values(tensors));
  }
  const history = t.history as unknown as TrajectoryVae['history'];
  return new TrajectoryVae({ network, scaling: t.scaling, options: t.options, bestEpoch: t.bestEpoch, latentBounds: t.latentBounds, history });
}
