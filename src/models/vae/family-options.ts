/**
 * Options of the image/spectrum VAE family (vae, cvae, rvae, ssvae, jvae, jrvae), zod-validated; errors name the
 * field. Defaults follow pyroVED's and AtomAI's cards settings where they agree (tanh MLPs of 128, Adam 1e-3,
 * Bernoulli likelihood for intensities in [0, 1], shift prior 0.1, Gumbel-softmax τ = 0.67, capacities 5 nats).
 */
import { z } from 'zod';
import { InputError } from '../../errors.ts';

export const VAE_FAMILY_KINDS = ['vae', 'cvae', 'rvae', 'ssvae', 'jvae', 'jrvae'] as const;
export type VaeFamilyKind = (typeof VAE_FAMILY_KINDS)[number];

export const FamilyOptionsSchema = z.object({
  kind: z.enum(VAE_FAMILY_KINDS).default('vae'),
  seed: z.number().int().default(0),
  /** Continuous content latents (not counting angle and shifts). */
  latentDim: z.number().int().min(1).max(64).default(2),
  /** Classes K: conditioning classes (cvae), label classes (ssvae) or the discrete latent's size (jvae/jrvae). */
  classes: z.number().int().min(2).max(64).default(4),
  /** Continuous conditioning factors appended to the one-hot class (cvae only; 0 = classes only). */
  factors: z.number().int().min(0).max(16).default(0),
  /** Encoder: an MLP on the flattened image, or conv stages (3×3, or 1×3 for spectra; ReLU; 2× average pooling) then the MLP. */
  encoder: z.enum(['mlp', 'conv']).default('mlp'),
  /** Output channels of each conv stage (encoder 'conv'). */
  convChannels: z.array(z.number().int().positive().max(256)).min(1).max(6).default([16, 32]),
  /** Encoder (and classifier) hidden widths. */
  hidden: z.array(z.number().int().positive().max(4096)).min(1).max(8).default([128, 128]),
  /** Decoder hidden widths (for the spatial decoder: per-pixel widths after the coordinate layer). */
  decoderHidden: z.array(z.number().int().positive().max(4096)).min(1).max(8).default([128, 128]),
  likelihood: z.enum(['bernoulli', 'gaussian']).default('bernoulli'),
  /** σ of the Gaussian likelihood, in data units. */
  decoderSigma: z.number().positive().default(0.5),
  /** Rotation and translation latents with a spatial decoder (implied by rvae and jrvae; optional for ssvae). */
  invariant: z.boolean().optional(),
  /** Also a scale latent (spatial decoder only): coordinates × (1 + scalePrior·z_s). */
  scale: z.boolean().default(false),
  /** Translation per unit of the shift latents, in grid units (the grid spans [−1, 1]). */
  shiftPrior: z.number().positive().max(1).default(0.1),
  scalePrior: z.number().positive().max(1).default(0.1),
  /** Prior σ of the angle latent N(0, σ²), radians. */
  anglePrior: z.number().positive().max(10).default(Math.PI / 2),
  /** Angle mean from the encoder: 'scalar' (one raw output, as AtomAI/pyroVED) or 'atan2' of two outputs (u, v), in (−π, π] (experimental). */
  angleHead: z.enum(['scalar', 'atan2']).default('scalar'),
  /** Angle KL: 'full' against N(0, σ²) (spatial-VAE, pyroVED), or 'variance' — the mean left free (AtomAI). */
  angleKl: z.enum(['full', 'variance']).default('full'),
  /** Weight of the angle-consistency term (rvae/jrvae; experimental): weight · (1 − cos(μ_φ(R_δ x) − μ_φ(x) − δ)), δ ~ U(±π/2); 0 = off. */
  angleConsistency: z.number().nonnegative().default(0),
  /** Weight of the KL terms (plain ELBO: 1). */
  beta: z.number().nonnegative().default(1),
  /**
   * How jvae/jrvae treat the discrete latent in training: a Gumbel-softmax sample at `temperature` (AtomAI), or exact
   * enumeration — the decoder run once per class and the K likelihoods weighted by q(y|x) (pyroVED's jiVAE).
   */
  discrete: z.enum(['gumbel', 'enumerate']).default('gumbel'),
  /**
   * Weight of KL(q̄ ‖ uniform), q̄ the batch mean of q(y|x) (jvae/jrvae; 0 = off). The capacity term alone is met as
   * well by putting every sample confidently in the same class; this term makes the classes share the data.
   */
  balance: z.number().nonnegative().default(0),
  /** Gumbel-softmax temperature of the discrete latent (jvae/jrvae). */
  temperature: z.number().positive().default(0.67),
  /** Capacity of the continuous KL: [C_max nats, iterations to reach it, γ]. */
  continuousCapacity: z.tuple([z.number().nonnegative(), z.number().int().positive(), z.number().nonnegative()]).default([5, 25000, 30]),
  /** Capacity of the discrete KL: [C_max nats (capped at log K), iterations, γ]. */
  discreteCapacity: z.tuple([z.number().nonnegative(), z.number().int().positive(), z.number().nonnegative()]).default([5, 25000, 30]),
  /** Weight of the auxiliary classification loss on labelled samples (ssvae). */
  auxWeight: z.number().nonnegative().default(30),
  epochs: z.number().int().positive().max(100_000).default(100),
  batchSize: z.number().int().positive().max(65536).default(64),
  learningRate: z.number().positive().default(1e-3),
});

export type FamilyOptions = z.input<typeof FamilyOptionsSchema>;
export type ResolvedFamilyOptions = z.output<typeof FamilyOptionsSchema> & { readonly invariant: boolean };

/** Parses options; throws InputError whose path names the field (e.g. `vae.latentDim`). */
export function parseFamilyOptions(options: unknown, path = 'vae'): ResolvedFamilyOptions {
  const parsed = FamilyOptionsSchema.safeParse(options ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError([path, ...issue.path.map(String)].join('.'), issue.message);
  }
  const o = parsed.data;
  const implied = o.kind === 'rvae' || o.kind === 'jrvae';
  if (o.invariant === false && implied) throw new InputError(`${path}.invariant`, `${o.kind} is rotation-invariant by definition`);
  if (o.invariant === true && o.kind !== 'ssvae' && !implied) throw new InputError(`${path}.invariant`, `use rvae/jrvae, or ssvae with invariant`);
  if (o.scale && !(o.invariant ?? implied)) throw new InputError(`${path}.scale`, 'a scale latent needs the spatial decoder (rvae, jrvae, invariant ssvae)');
  return { ...o, invariant: o.invariant ?? implied };
}

/** Latent layout of a model: transform latents first (angle, shift x, shift y, scale), then content. */
export interface LatentLayout {
  readonly angle: boolean;
  readonly shift: boolean;
  readonly scale: boolean;
  /** Gaussian latents in all (transform + content). */
  readonly gaussian: number;
  /** Index of the first content latent. */
  readonly contentStart: number;
  /** Size of the discrete latent (jvae/jrvae), else 0. */
  readonly discrete: number;
  /** Size of the class input of encoder and decoder (cvae: classes + factors; ssvae: classes), else 0. */
  readonly condition: number;
}

export function latentLayout(o: ResolvedFamilyOptions): LatentLayout {
  const transform = o.invariant ? 3 + (o.scale ? 1 : 0) : 0;
  const discrete = o.kind === 'jvae' || o.kind === 'jrvae' ? o.classes : 0;
  const condition = o.kind === 'cvae' ? o.classes + o.factors : o.kind === 'ssvae' ? o.classes : 0;
  return {
    angle: o.invariant,
    shift: o.invariant,
    scale: o.invariant && o.scale,
    gaussian: transform + o.latentDim,
    contentStart: transform,
    discrete,
    condition,
  };
}
