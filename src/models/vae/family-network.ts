/**
 * The VAE family's networks as plain tf.Variables. Encoder: flattened image (B × P) ⊕ condition → tanh MLP → μ and
 * log σ² of the Gaussian latents [angle, shift x, shift y, (scale), z…] and, for jvae/jrvae, logits of the discrete
 * latent; the angle mean is atan2(u, v) of two outputs (angleHead 'atan2', radians in (−π, π]). ssvae adds a classifier MLP q(y|x). Decoder: either an MLP from [z ⊕ code] to P pixels, or the spatial
 * decoder — a coordinate layer on the pixel grid, rotated by the angle and shifted, plus the code, then per-pixel
 * tanh layers to one logit (mean) per pixel.
 */
import * as tf from '@tensorflow/tfjs';
import { createDense, denseForward, layerVariables, type DenseLayer, type NamedVariable } from '../tf/dense.ts';
import { latentLayout, type LatentLayout, type ResolvedFamilyOptions } from './family-options.ts';
import { coordinateGrid } from './coordinate-grid.ts';
import { groupedDense } from '../tf/grouped-dense.ts';
import { convForward, convOutputSize, convVariables, createConvStages, type ConvStage } from './conv-encoder.ts';

export interface FamilyNetwork {
  readonly options: ResolvedFamilyOptions;
  readonly layout: LatentLayout;
  readonly height: number;
  readonly width: number;
  /** Conv stages before the encoder MLP (encoder 'conv'), else empty. */
  readonly conv: readonly ConvStage[];
  readonly encoder: readonly DenseLayer[];
  /** hidden → 2·gaussian (+ discrete logits) (+ the angle's second component v, angleHead 'atan2'). */
  readonly head: DenseLayer;
  /** ssvae's classifier q(y|x): hidden layers then K logits. */
  readonly classifier: readonly DenseLayer[];
  /** MLP decoder layers, or the spatial decoder's per-pixel layers after the coordinate layer. */
  readonly decoder: readonly DenseLayer[];
  /** Spatial decoder only: coordinates (2 → H, with bias) and code (code → H, no bias used). */
  readonly coordLayer?: DenseLayer;
  readonly codeLayer?: DenseLayer;
  /** Spatial decoder only: the fixed pixel grid (P × 2). */
  readonly grid?: tf.Tensor2D;
}

/** Size of the decoder's code: content latents ⊕ discrete sample ⊕ condition. */
export function codeSize(net: Pick<FamilyNetwork, 'layout' | 'options'>): number {
  return net.options.latentDim + net.layout.discrete + net.layout.condition;
}

/** Builds the network with seeded initialisers (layer k uses seed + k). */
export function createFamilyNetwork(options: ResolvedFamilyOptions, height: number, width: number): FamilyNetwork {
  const layout = latentLayout(options);
  const pixels = height * width;
  let seed = options.seed * 7919 + 11;
  const mlp = (prefix: string, inDim: number, widths: readonly number[]): { layers: DenseLayer[]; out: number } => {
    const layers: DenseLayer[] = [];
    let dim = inDim;
    widths.forEach((w, i) => {
      layers.push(createDense(`${prefix}/${i}`, dim, w, 'tanh', seed++));
      dim = w;
    });
    return { layers, out: dim };
  };
  const conv = options.encoder === 'conv' ? createConvStages('encoder/conv', height, options.convChannels, seed += 100) : [];
  const features = options.encoder === 'conv' ? convOutputSize(height, width, options.convChannels) : pixels;
  const enc = mlp('encoder', features + layout.condition, options.hidden);
  const atan2 = layout.angle && options.angleHead === 'atan2';
  const head = createDense('encoder/head', enc.out, 2 * layout.gaussian + layout.discrete + (atan2 ? 1 : 0), 'linear', seed++);
  // The angle's second component v (last column) starts at 1, so the initial angles atan2(u, v) ≈ u are small.
  if (atan2) head.bias.assign(tf.concat([tf.zeros([2 * layout.gaussian + layout.discrete]), tf.ones([1])]));
  const classifier: DenseLayer[] = [];
  if (options.kind === 'ssvae') {
    const c = mlp('classifier', pixels, options.hidden);
    classifier.push(...c.layers, createDense('classifier/out', c.out, options.classes, 'linear', seed++));
  }
  const code = options.latentDim + layout.discrete + layout.condition;
  if (!options.invariant) {
    const dec = mlp('decoder', code, options.decoderHidden);
    const out = createDense('decoder/out', dec.out, pixels, 'linear', seed++);
    return { options, layout, height, width, conv, encoder: enc.layers, head, classifier, decoder: [...dec.layers, out] };
  }
  const first = options.decoderHidden[0];
  const coordLayer = createDense('decoder/coord', 2, first, 'linear', seed++);
  const codeLayer = createDense('decoder/code', code, first, 'linear', seed++);
  const rest = mlp('decoder', first, options.decoderHidden.slice(1));
  const out = createDense('decoder/out', rest.out, 1, 'linear', seed++);
  const grid = coordinateGrid(height, width);
  return { options, layout, height, width, conv, encoder: enc.layers, head, classifier, decoder: [...rest.layers, out], coordLayer, codeLayer, grid };
}

/** Encoder outputs for x (B × P) and an optional condition (B × C). */
export interface EncoderOutput {
  /** B × gaussian means, layout [angle, shift x, shift y, (scale), z…]. */
  readonly mu: tf.Tensor2D;
  readonly logVar: tf.Tensor2D;
  /** B × K logits of the discrete latent (jvae/jrvae). */
  readonly logits?: tf.Tensor2D;
}

export function encode(net: FamilyNetwork, x: tf.Tensor2D, condition?: tf.Tensor2D): EncoderOutput {
  return tf.tidy(() => {
    const features = net.conv.length > 0 ? convForward(x, net.conv, net.height, net.width) : x;
    let h: tf.Tensor2D = condition ? (tf.concat([features, condition], 1) as tf.Tensor2D) : features;
    // The first layer's input is data (pixels, condition) unless conv stages come first: no dx for it then.
    net.encoder.forEach((layer, i) => (h = denseForward(h, layer, { inputGrad: i > 0 || net.conv.length > 0 })));
    const out = denseForward(h, net.head, { inputGrad: net.encoder.length > 0 || net.conv.length > 0 });
    const g = net.layout.gaussian;
    let mu = tf.slice(out, [0, 0], [-1, g]) as tf.Tensor2D;
    if (net.layout.angle && net.options.angleHead === 'atan2') {
      const angle = tf.atan2(tf.slice(out, [0, 0], [-1, 1]), tf.slice(out, [0, 2 * g + net.layout.discrete], [-1, 1]));
      mu = tf.concat([angle, tf.slice(mu, [0, 1], [-1, g - 1])], 1) as tf.Tensor2D;
    }
    const logVar = tf.clipByValue(tf.slice(out, [0, g], [-1, g]), -12, 8) as tf.Tensor2D;
    if (net.layout.discrete === 0) return { mu, logVar };
    return { mu, logVar, logits: tf.slice(out, [0, 2 * g], [-1, net.layout.discrete]) as tf.Tensor2D };
  });
}

/** ssvae's classifier logits (B × K) for x (B × P). */
export function classify(net: FamilyNetwork, x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    let h = x;
    for (const layer of net.classifier) h = denseForward(h, layer);
    return h;
  });
}

/**
 * Decoder logits/means (B × P) from the Gaussian latent sample (B × gaussian) and the code extras (B × (discrete +
 * condition)); for the spatial decoder the transform latents move the grid the decoder is queried at.
 */
export function decode(net: FamilyNetwork, latent: tf.Tensor2D, extras?: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const { layout, options } = net;
    const content = tf.slice(latent, [0, layout.contentStart], [-1, options.latentDim]) as tf.Tensor2D;
    const code: tf.Tensor2D = extras ? (tf.concat([content, extras], 1) as tf.Tensor2D) : content;
    if (!options.invariant) {
      let h = code;
      for (const layer of net.decoder) h = denseForward(h, layer);
      return h;
    }
    const b = latent.shape[0];
    const pixels = net.height * net.width;
    const grid = net.grid!;
    const gx = tf.reshape(tf.slice(grid, [0, 0], [-1, 1]), [1, pixels]);
    const gy = tf.reshape(tf.slice(grid, [0, 1], [-1, 1]), [1, pixels]);
    const angle = tf.slice(latent, [0, 0], [-1, 1]);
    const cos = tf.cos(angle);
    const sin = tf.sin(angle);
    // p · R with R = [[cos, sin], [−sin, cos]]: (a, b) → (a cos − b sin, a sin + b cos).
    let x = tf.sub(tf.mul(gx, cos), tf.mul(gy, sin));
    let y = tf.add(tf.mul(gx, sin), tf.mul(gy, cos));
    if (layout.scale) {
      const s = tf.add(1, tf.mul(tf.slice(latent, [0, 3], [-1, 1]), options.scalePrior));
      x = tf.mul(x, s);
      y = tf.mul(y, s);
    }
    x = tf.add(x, tf.mul(tf.slice(latent, [0, 1], [-1, 1]), options.shiftPrior));
    y = tf.add(y, tf.mul(tf.slice(latent, [0, 2], [-1, 1]), options.shiftPrior));
    const coords = tf.reshape(tf.stack([x, y], 2), [b * pixels, 2]) as tf.Tensor2D;
    // First layer: each image's code row (code · W_code + b) is the bias of its `pixels` coordinate rows.
    const codeBias = tf.add(tf.matMul(code, net.codeLayer!.kernel as tf.Tensor2D), net.coordLayer!.bias) as tf.Tensor2D;
    let h = groupedDense(coords, net.coordLayer!.kernel as tf.Tensor2D, codeBias, 'tanh');
    for (const layer of net.decoder) h = groupedDense(h, layer.kernel as tf.Tensor2D, tf.reshape(layer.bias, [1, -1]) as tf.Tensor2D, layer.activation);
    return tf.reshape(h, [b, pixels]) as tf.Tensor2D;
  });
}

/** Every trainable variable with its saved name. */
export function familyVariables(net: FamilyNetwork): NamedVariable[] {
  const layers = [...net.encoder, net.head, ...net.classifier, ...(net.coordLayer ? [net.coordLayer] : []), ...(net.codeLayer ? [net.codeLayer] : []), ...net.decoder];
  // The code layer's bias is never read (the coordinate layer's bias serves both), so it is not trained or saved.
  return [...convVariables(net.conv), ...layerVariables(layers).filter((v) => v.name !== 'decoder/code/bias')];
}

export function disposeFamilyNetwork(net: FamilyNetwork): void {
  for (const layer of [...net.conv, ...net.encoder, net.head, ...net.classifier, ...net.decoder, ...(net.coordLayer ? [net.coordLayer] : []), ...(net.codeLayer ? [net.codeLayer] : [])]) {
    layer.kernel.dispose();
    layer.bias.dispose();
  }
  net.grid?.dispose();
}
