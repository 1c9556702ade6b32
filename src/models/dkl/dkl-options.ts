/** Options of the DKL surrogate (zod-validated; errors name the field path). */
import { z } from 'zod';
import { InputError } from '../../errors.ts';
import { MAX_EPOCHS, MAX_LATENT_DIM, MAX_LAYERS, MAX_LAYER_WIDTH } from '../../limits.ts';

export const DklOptionsSchema = z
  .object({
    /** Seed of the network initialisers. */
    seed: z.number().int().default(0),
    /** Dense hidden widths (MLP: the whole network; CNN: the dense layers after the convolutions). gpax uses 64-64;
     *  32-32 was more stable across seeds on our 2-D step tests (n = 80) and is cheaper. */
    hidden: z.array(z.number().int().positive().max(MAX_LAYER_WIDTH)).max(MAX_LAYERS).default([32, 32]),
    /** Dimension of the learned embedding the RBF kernel sees. */
    featureDim: z.number().int().positive().max(MAX_LATENT_DIM).default(2),
    /** Full-batch Adam steps. */
    epochs: z.number().int().positive().max(MAX_EPOCHS).default(300),
    learningRate: z.number().positive().default(0.01),
    /** Independent fits from seeds seed, seed + 1, …; the lowest final loss wins. */
    restarts: z.number().int().min(1).max(20).default(1),
    /**
     * Members of a deep ensemble (each its own best of `restarts`, from its own seeds), combined as their mixture's
     * mean and variance; 1 = one model. Picking the lowest loss tends to pick the most confident model, so
     * for calibrated uncertainty prefer ensemble M with restarts 1 to restarts M (same cost).
     */
    ensemble: z.number().int().min(1).max(32).default(1),
    extractor: z.enum(['mlp', 'cnn']).default('mlp'),
    /** Weight of the network-weight prior in the MAP loss (gpax viDKL: N(0, 1) weights, Cauchy(0, 1) biases); 0 = none (W3: R² −0.23 → 0.28). */
    weightPrior: z.number().min(0).max(1000).default(1),
    /** Floor of the noise variance (standardised y units): keeps the fit from explaining every point exactly. */
    minNoise: z.number().positive().max(1).default(1e-6),
    /**
     * Gaussian prior [mean, std] on log σ² of the observation noise (standardised y units, before the `minNoise`
     * floor), added to the MAP loss as (log σ² − mean)² / (2 std²). The default [−4, 2] (BoTorch's noise-prior
     * centre, wider) favours explaining y by the features; gpax viDKL's LogNormal(0, 1) noise prior is [0, 1].
     */
    noisePrior: z
      .tuple([
        z.number({ message: 'noisePrior[0] (mean of log σ²) must be a number' }).finite().min(-30, 'noisePrior[0] (mean of log σ²) must be ≥ −30').max(10, 'noisePrior[0] (mean of log σ²) must be ≤ 10'),
        z.number({ message: 'noisePrior[1] (std of log σ²) must be a number' }).finite().positive('noisePrior[1] (std of log σ²) must be > 0').max(100, 'noisePrior[1] (std of log σ²) must be ≤ 100'),
      ], { message: 'noisePrior must be [mean, std] of log σ² (standardised y units)' })
      .default([-4, 2]),
    /** CNN only: patch height and width; rows of X are the flattened (row-major) patches. */
    patchShape: z.tuple([z.number().int().positive().max(256), z.number().int().positive().max(256)]).optional(),
    /** CNN only: conv output channels (first stride 1, then stride 2). */
    channels: z.array(z.number().int().positive().max(1024)).min(1).max(MAX_LAYERS).default([8, 16, 16]),
  })
  .refine((o) => o.extractor === 'mlp' || o.patchShape !== undefined, {
    message: 'patchShape is required when extractor is cnn',
    path: ['patchShape'],
  });

export type DklOptions = z.input<typeof DklOptionsSchema>;
export type ResolvedDklOptions = z.output<typeof DklOptionsSchema>;

/** Parses DKL options; throws InputError whose path names the offending field (e.g. `dkl.epochs`). */
export function parseDklOptions(options: unknown, path = 'dkl'): ResolvedDklOptions {
  const parsed = DklOptionsSchema.safeParse(options ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new InputError([path, ...issue.path.map(String)].join('.'), issue.message);
}
