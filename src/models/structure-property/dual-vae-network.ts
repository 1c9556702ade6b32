/**
 * The dual VAE's two branches, each a variational im2spec network used as an autoencoder: structure (C × P × P patch
 * → μ_s, log σ²_s → C·P² pixels) and spectrum (1 × M loop → μ_p, log σ²_p → M points). Decoding one branch's latent
 * with the other's decoder is the cross-prediction. Weights are saved as `structure/…` and `spectrum/…`.
 */
import type { NamedVariable } from '../tf/dense.ts';
import { createIm2SpecNetwork, disposeIm2SpecNetwork, im2specVariables, type Im2SpecNetwork } from './im2spec-network.ts';
import { parseIm2SpecOptions } from './im2spec-options.ts';
import type { ResolvedDualVaeOptions } from './dual-vae-options.ts';

export interface DualVaeNetwork {
  readonly options: ResolvedDualVaeOptions;
  /** Patch side P (pixels), structure channels C and loop length M (points). */
  readonly patch: number;
  readonly channels: number;
  readonly points: number;
  readonly structure: Im2SpecNetwork;
  readonly spectrum: Im2SpecNetwork;
}

/** Builds both branches with seeded initialisers (structure from seed 2s, spectrum from 2s + 1). */
export function createDualVaeNetwork(options: ResolvedDualVaeOptions, patch: number, points: number, channels = 1): DualVaeNetwork {
  const branch = (seed: number, encoder: 'mlp' | 'conv') => parseIm2SpecOptions({
    seed, encoder, convChannels: options.convChannels, hidden: options.hidden, decoderHidden: options.decoderHidden ?? [...options.hidden].reverse(),
    latentDim: options.latentDim, activation: options.activation, variational: true, beta: options.beta,
  }, 'dualVae');
  return {
    options, patch, channels, points,
    structure: createIm2SpecNetwork(branch(2 * options.seed, options.encoder), patch, patch, channels * patch * patch, channels),
    spectrum: createIm2SpecNetwork(branch(2 * options.seed + 1, 'mlp'), 1, points, points),
  };
}

/** Every trainable variable, structure branch first, with its saved name. */
export function dualVaeVariables(net: DualVaeNetwork): NamedVariable[] {
  return [
    ...im2specVariables(net.structure).map((v) => ({ name: `structure/${v.name}`, variable: v.variable })),
    ...im2specVariables(net.spectrum).map((v) => ({ name: `spectrum/${v.name}`, variable: v.variable })),
  ];
}

export function disposeDualVaeNetwork(net: DualVaeNetwork): void {
  disposeIm2SpecNetwork(net.structure);
  disposeIm2SpecNetwork(net.spectrum);
}
