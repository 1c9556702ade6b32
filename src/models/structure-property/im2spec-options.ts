/**
 * Options of the structure ↔ property encoder–decoders (im2spec: patch → spectrum; spec2im: spectrum → patch),
 * zod-validated; errors name the field. Loss per sample: mean squared error over the output values (in the
 * standardised units of ./im2spec-scaling.ts) + β · KL(q(z|x) ‖ N(0, I)) / outputs for the variational variant.
 */
import { z } from 'zod';
import { InputError } from '../../errors.ts';

export const IM2SPEC_DIRECTIONS = ['im2spec', 'spec2im'] as const;
export type Im2SpecDirection = (typeof IM2SPEC_DIRECTIONS)[number];

export const Im2SpecOptionsSchema = z.strictObject({
  direction: z.enum(IM2SPEC_DIRECTIONS).default('im2spec'),
  seed: z.number().int().default(0),
  /** Encoder: an MLP on the flattened input, or the VAE family's conv stages (3×3, or 1×3 for spectra) then the MLP. */
  encoder: z.enum(['mlp', 'conv']).default('mlp'),
  convChannels: z.array(z.number().int().positive().max(256)).min(1).max(6).default([16, 32]),
  /** Encoder MLP widths, then the bottleneck (latent) size, then the decoder MLP widths. */
  hidden: z.array(z.number().int().positive().max(4096)).min(1).max(8).default([128, 64]),
  latentDim: z.number().int().min(1).max(256).default(8),
  decoderHidden: z.array(z.number().int().positive().max(4096)).min(1).max(8).default([64, 128]),
  activation: z.enum(['tanh', 'relu', 'elu']).default('tanh'),
  /** Variational bottleneck: z ~ N(μ, σ²) with the KL term weighted by β; prediction decodes μ. */
  variational: z.boolean().default(false),
  beta: z.number().nonnegative().default(0.1),
  /** L2 penalty on every kernel, per weight (added to the loss). */
  weightDecay: z.number().nonnegative().default(1e-4),
  /** Share of the pairs held out (seeded) to choose the epoch kept; 0 keeps the epoch of lowest training loss. */
  validation: z.number().min(0).max(0.5).default(0.1),
  epochs: z.number().int().positive().max(100_000).default(200),
  batchSize: z.number().int().positive().max(65536).default(32),
  learningRate: z.number().positive().default(1e-3),
});

export type Im2SpecOptions = z.input<typeof Im2SpecOptionsSchema>;
export type ResolvedIm2SpecOptions = z.output<typeof Im2SpecOptionsSchema>;

/** Parses options; throws InputError whose path names the field (e.g. `im2spec.latentDim`). */
export function parseIm2SpecOptions(options: unknown, path = 'im2spec'): ResolvedIm2SpecOptions {
  const parsed = Im2SpecOptionsSchema.safeParse(options ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError([path, ...issue.path.map(String)].join('.'), issue.message);
  }
  return parsed.data;
}
