/**
 * The im2spec / spec2im network as plain tf.Variables: input (B × H·W; a patch P × P, or a spectrum as 1 × M) →
 * optional conv stages of the VAE family → MLP → bottleneck z (deterministic) or μ, log σ² (variational) → MLP →
 * linear output (B × outputs). Dense layer k is initialised from base + k, conv stage k from base + 100 + k.
 */
import * as tf from '@tensorflow/tfjs';
import { createDense, denseForward, layerVariables, type DenseLayer, type NamedVariable } from '../tf/dense.ts';
import { convForward, convOutputSize, convVariables, createConvStages, type ConvStage } from '../vae/conv-encoder.ts';
import type { ResolvedIm2SpecOptions } from './im2spec-options.ts';

export interface Im2SpecNetwork {
  readonly options: ResolvedIm2SpecOptions;
  /** Input as an image: H × W (spectra: 1 × M), with `inChannels` channel-major planes (C · H · W values). */
  readonly inHeight: number;
  readonly inWidth: number;
  readonly inChannels: number;
  /** Output values per sample (M points, or P² pixels). */
  readonly outputs: number;
  readonly conv: readonly ConvStage[];
  readonly encoder: readonly DenseLayer[];
  /** hidden → latent (deterministic) or 2 · latent (μ ⊕ log σ², variational). */
  readonly head: DenseLayer;
  /** Decoder MLP layers, the last one linear to `outputs`. */
  readonly decoder: readonly DenseLayer[];
}

/** Builds the network with seeded initialisers for inputs of `inChannels` × inHeight × inWidth. */
export function createIm2SpecNetwork(options: ResolvedIm2SpecOptions, inHeight: number, inWidth: number, outputs: number, inChannels = 1): Im2SpecNetwork {
  // Conv stage k uses base + 100 + k, dense layers base, base + 1, …: no two layers share a seed.
  let seed = options.seed * 7919 + 13;
  const conv = options.encoder === 'conv' ? createConvStages('encoder/conv', inHeight, options.convChannels, seed + 100, inChannels) : [];
  let dim = options.encoder === 'conv' ? convOutputSize(inHeight, inWidth, options.convChannels) : inChannels * inHeight * inWidth;
  const encoder = options.hidden.map((w, i) => {
    const layer = createDense(`encoder/${i}`, dim, w, options.activation, seed++);
    dim = w;
    return layer;
  });
  const head = createDense('encoder/head', dim, (options.variational ? 2 : 1) * options.latentDim, 'linear', seed++);
  dim = options.latentDim;
  const decoder = options.decoderHidden.map((w, i) => {
    const layer = createDense(`decoder/${i}`, dim, w, options.activation, seed++);
    dim = w;
    return layer;
  });
  decoder.push(createDense('decoder/out', dim, outputs, 'linear', seed++));
  return { options, inHeight, inWidth, inChannels, outputs, conv, encoder, head, decoder };
}

/** Bottleneck of x (B × C·H·W): μ (B × latent) and, variational only, log σ² clipped to [−12, 8]. */
export function encodeIm2Spec(net: Im2SpecNetwork, x: tf.Tensor2D): { mu: tf.Tensor2D; logVar?: tf.Tensor2D } {
  return tf.tidy(() => {
    let h = net.conv.length > 0 ? convForward(x, net.conv, net.inHeight, net.inWidth) : x;
    for (const layer of net.encoder) h = denseForward(h, layer);
    const out = denseForward(h, net.head);
    if (!net.options.variational) return { mu: out };
    const d = net.options.latentDim;
    return { mu: tf.slice(out, [0, 0], [-1, d]) as tf.Tensor2D, logVar: tf.clipByValue(tf.slice(out, [0, d], [-1, d]), -12, 8) as tf.Tensor2D };
  });
}

/** Output (B × outputs, standardised units) of a bottleneck z (B × latent). */
export function decodeIm2Spec(net: Im2SpecNetwork, z: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    let h = z;
    for (const layer of net.decoder) h = denseForward(h, layer);
    return h;
  });
}

/** Every trainable variable with its saved name. */
export function im2specVariables(net: Im2SpecNetwork): NamedVariable[] {
  return [...convVariables(net.conv), ...layerVariables([...net.encoder, net.head, ...net.decoder])];
}

export function disposeIm2SpecNetwork(net: Im2SpecNetwork): void {
  for (const layer of [...net.conv, ...net.encoder, net.head, ...net.decoder]) {
    layer.kernel.dispose();
    layer.bias.dispose();
  }
}
