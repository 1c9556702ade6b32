/**
 * Options of the trajectory VAE (zod-validated at the boundary; errors name the field path). Defaults were chosen
 * on the 7 500-curve trajectory family (monitored MSE in standardised units on a 10 % hold-out): 128 tanh units with
 * σ = 0.1 reached 0.077 after 60 epochs; 128 ELU with σ = 0.05 0.044 after 40; [256, 64] ELU 0.038 after 37 but
 * ~1.7x slower per epoch. 128 ELU, σ = 0.05, batch 256 keeps an epoch near 0.6 s on the uncontended wasm fallback.
 */
import { z } from 'zod';
import { InputError } from '../../errors.ts';
import { MAX_EPOCHS, MAX_LATENT_DIM, MAX_LAYERS, MAX_LAYER_WIDTH } from '../../limits.ts';

export const VaeOptionsSchema = z.object({
  /** Seed of the initialisers, the train/validation split, the batch order and the reparameterisation noise. */
  seed: z.number().int().default(0),
  /** Hidden layer widths of the encoder (the decoder mirrors them). */
  hidden: z.array(z.number().int().positive().max(MAX_LAYER_WIDTH)).min(1).max(MAX_LAYERS).default([128]),
  latentDim: z.number().int().positive().max(MAX_LATENT_DIM).default(2),
  activation: z.enum(['relu', 'tanh', 'elu']).default('elu'),
  /** Maximum number of epochs (early stopping may end sooner). */
  epochs: z.number().int().positive().max(MAX_EPOCHS).default(100),
  batchSize: z.number().int().positive().max(1_000_000).default(256),
  learningRate: z.number().positive().default(2e-3),
  /** Weight of the KL term of the negative ELBO. */
  beta: z.number().nonnegative().default(1),
  /** σ of the Gaussian likelihood, in standardised units (smaller = reconstruction weighs more against KL). */
  decoderSigma: z.number().positive().default(0.05),
  /** Share of curves held out to monitor the reconstruction error (0 = monitor the training error). */
  validationFraction: z.number().min(0).max(0.5).default(0.1),
  /** Epochs without an improvement of at least `minDelta` in the monitored MSE before training stops. */
  patience: z.number().int().positive().max(MAX_EPOCHS).default(10),
  /** Minimum decrease of the monitored MSE (standardised units) that counts as an improvement. */
  minDelta: z.number().nonnegative().default(1e-4),
  /** Epochs without improvement before the learning rate is multiplied by `reduceLrFactor` (0 = never). */
  reduceLrPatience: z.number().int().nonnegative().max(MAX_EPOCHS).default(4),
  reduceLrFactor: z.number().gt(0).lt(1).default(0.5),
});

export type VaeOptions = z.input<typeof VaeOptionsSchema>;
export type ResolvedVaeOptions = z.output<typeof VaeOptionsSchema>;

/** Parses VAE options; throws InputError whose path names the offending field (e.g. `vae.batchSize`). */
export function parseVaeOptions(options: unknown, path = 'vae'): ResolvedVaeOptions {
  const parsed = VaeOptionsSchema.safeParse(options ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new InputError([path, ...issue.path.map(String)].join('.'), issue.message);
}

/** One epoch's figures, passed to the progress callback. */
export interface VaeEpochReport {
  readonly epoch: number;
  readonly epochs: number;
  /** Mean training negative ELBO per curve. */
  readonly loss: number;
  /** Mean training reconstruction MSE (standardised units; reparameterised samples). */
  readonly trainMse: number;
  readonly kl: number;
  /** Reconstruction MSE of the monitored set from the latent means (standardised units). */
  readonly monitoredMse: number;
  readonly seconds: number;
  /** True when this epoch improved the monitored MSE (its weights are the ones kept). */
  readonly improved: boolean;
}

export interface VaeTrainHooks {
  readonly onEpoch?: (report: VaeEpochReport) => void;
  /** Called after every minibatch with the number done and the total of this epoch. */
  readonly onBatch?: (done: number, total: number, epoch: number) => void;
  readonly signal?: AbortSignal;
}
