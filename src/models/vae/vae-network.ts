/**
 * The trajectory VAE's network as plain tf.Variables: encoder input → hidden… → (μ, log σ²) of a `latentDim`
 * Gaussian; decoder latent → hidden (mirrored) → input. Inputs are standardised curves (batch x inputDim).
 */
import * as tf from '@tensorflow/tfjs';
import { sumSquaredError } from '../tf/squared-error.ts';
import { createDense, denseForward, layerVariables, type Activation, type DenseLayer, type NamedVariable } from '../tf/dense.ts';

export interface VaeArchitecture {
  readonly inputDim: number;
  readonly hidden: readonly number[];
  readonly latentDim: number;
  readonly activation: Activation;
}

export interface VaeNetwork {
  readonly arch: VaeArchitecture;
  readonly encoder: readonly DenseLayer[];
  /** hidden → 2·latentDim: columns [0, latentDim) are μ, the rest log σ². */
  readonly head: DenseLayer;
  readonly decoder: readonly DenseLayer[];
}

/** Builds the network with seeded initialisers (layer k uses seed + k). */
export function createVaeNetwork(arch: VaeArchitecture, seed: number): VaeNetwork {
  let s = seed;
  const encoder: DenseLayer[] = [];
  let dim = arch.inputDim;
  arch.hidden.forEach((h, i) => {
    encoder.push(createDense(`encoder/${i}`, dim, h, arch.activation, s++));
    dim = h;
  });
  const head = createDense('encoder/head', dim, 2 * arch.latentDim, 'linear', s++);
  const decoder: DenseLayer[] = [];
  dim = arch.latentDim;
  [...arch.hidden].reverse().forEach((h, i) => {
    decoder.push(createDense(`decoder/${i}`, dim, h, arch.activation, s++));
    dim = h;
  });
  decoder.push(createDense('decoder/out', dim, arch.inputDim, 'linear', s++));
  return { arch, encoder, head, decoder };
}

/** μ and log σ² (batch x latentDim each) of q(z | x) for x (batch x inputDim). */
export function encodeTensors(net: VaeNetwork, x: tf.Tensor2D): { mu: tf.Tensor2D; logVar: tf.Tensor2D } {
  return tf.tidy(() => {
    let h = x;
    net.encoder.forEach((layer, i) => (h = denseForward(h, layer, { inputGrad: i > 0 })));
    const out = denseForward(h, net.head, { inputGrad: net.encoder.length > 0 });
    const [mu, logVar] = tf.split(out, 2, 1) as [tf.Tensor2D, tf.Tensor2D];
    return { mu, logVar };
  });
}

/** Decoder mean x̂ (batch x inputDim) for latent points z (batch x latentDim). */
export function decodeTensor(net: VaeNetwork, z: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    let h = z;
    for (const layer of net.decoder) h = denseForward(h, layer);
    return h;
  });
}

export interface VaeLossTerms {
  /** Mean over the batch of ½Σ(x̂−x)²/σ² + β·KL. */
  readonly loss: tf.Scalar;
  /** Mean squared reconstruction error per element (standardised units). */
  readonly mse: tf.Scalar;
  /** Mean over the batch of KL(q(z|x) ‖ N(0, I)). */
  readonly kl: tf.Scalar;
}

/** Negative ELBO with the reparameterisation z = μ + σ·ε; `eps` is batch x latentDim standard normal noise. */
export function vaeLoss(net: VaeNetwork, x: tf.Tensor2D, eps: tf.Tensor2D, beta: number, sigma: number): VaeLossTerms {
  return tf.tidy(() => {
    const { mu, logVar } = encodeTensors(net, x);
    const z = tf.add(mu, tf.mul(tf.exp(tf.mul(logVar, 0.5)), eps)) as tf.Tensor2D;
    const xHat = decodeTensor(net, z);
    // One reduction: Σ(x̂−x)² over the batch gives both the per-element MSE and the mean per-curve term.
    const [rows, cols] = x.shape;
    const sse = sumSquaredError(xHat, x);
    const mse = tf.div(sse, rows * cols);
    const recon = tf.mul(sse, 0.5 / (sigma * sigma * rows));
    const klPerSample = tf.mul(tf.sum(tf.sub(tf.sub(tf.add(1, logVar), tf.square(mu)), tf.exp(logVar)), 1), -0.5);
    const kl = tf.mean(klPerSample);
    const loss = tf.add(recon, tf.mul(kl, beta));
    return { loss: loss as tf.Scalar, mse: mse as tf.Scalar, kl: kl as tf.Scalar };
  });
}

/** Every trainable variable with its saved name. */
export function vaeVariables(net: VaeNetwork): NamedVariable[] {
  return layerVariables([...net.encoder, net.head, ...net.decoder]);
}

/** Disposes every variable of the network. */
export function disposeVaeNetwork(net: VaeNetwork): void {
  for (const { variable } of vaeVariables(net)) variable.dispose();
}
