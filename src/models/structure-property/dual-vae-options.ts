/**
 * Options of the dual VAE (arXiv:2208.03861): a VAE on structure patches (P × P) and one on loops (M points) whose
 * latents are tied on paired samples, zod-validated; errors name the field. Loss per sample (standardised units,
 * ./im2spec-scaling.ts): MSE_s + MSE_p + cross · (MSE(dec_s(z_p)) + MSE(dec_p(z_s))) + β · (KL_s / P² + KL_p / M)
 * + tie · ‖μ_s − μ_p‖² + weight decay.
 */
import { z } from 'zod';
import { InputError } from '../../errors.ts';

export const DualVaeOptionsSchema = z.strictObject({
  seed: z.number().int().default(0),
  /** Structure encoder: an MLP on the flattened patch, or the VAE family's 3×3 conv stages then the MLP (loops: MLP). */
  encoder: z.enum(['mlp', 'conv']).default('mlp'),
  convChannels: z.array(z.number().int().positive().max(256)).min(1).max(6).default([16, 32]),
  /** Encoder MLP widths of both VAEs; the decoders mirror them unless decoderHidden is given. */
  hidden: z.array(z.number().int().positive().max(4096)).min(1).max(8).default([128, 64]),
  decoderHidden: z.array(z.number().int().positive().max(4096)).min(1).max(8).optional(),
  /** Shared latent size (2 for a plottable joint latent map). */
  latentDim: z.number().int().min(1).max(64).default(2),
  activation: z.enum(['tanh', 'relu', 'elu']).default('tanh'),
  beta: z.number().nonnegative().default(0.1),
  /** λ of the tie ‖μ_s − μ_p‖² (latent units², per sample). */
  tie: z.number().nonnegative().default(1),
  /** Weight of the cross-reconstructions dec_p(z_s) ≈ loop and dec_s(z_p) ≈ patch. */
  cross: z.number().nonnegative().default(1),
  /** L2 penalty on every kernel, per weight. */
  weightDecay: z.number().nonnegative().default(1e-4),
  /** Share of the pairs held out (seeded) to choose the epoch kept (lowest cross-prediction MSE); 0: lowest training loss. */
  validation: z.number().min(0).max(0.5).default(0.1),
  epochs: z.number().int().positive().max(100_000).default(200),
  batchSize: z.number().int().positive().max(65536).default(32),
  learningRate: z.number().positive().default(1e-3),
});

export type DualVaeOptions = z.input<typeof DualVaeOptionsSchema>;
export type ResolvedDualVaeOptions = z.output<typeof DualVaeOptionsSchema>;

/** Parses options; throws InputError whose path names the field (e.g. `dualVae.tie`). */
export function parseDualVaeOptions(options: unknown, path = 'dualVae'): ResolvedDualVaeOptions {
  const parsed = DualVaeOptionsSchema.safeParse(options ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError([path, ...issue.path.map(String)].join('.'), issue.message);
  }
  return parsed.data;
}
