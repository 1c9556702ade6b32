/**
 * Convolutional encoder stages for the VAE family: each stage is a 3×3 convolution (1×3 for 1-D spectra, stored as
 * 1 × L images), stride 1 with zero 'same' padding, ReLU, then 2×2 (1×2) average pooling as a reshape-mean (odd
 * sizes lose their last row/column). The kernel is kept 2-D, (kh·kw·C_in × C_out) in HWIO order; on wasm its
 * gradient goes through our Conv2DBackpropFilter (src/models/tf/wasm-conv2d-backprop-filter.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { tfSeed, type NamedVariable } from '../tf/dense.ts';

/** One conv stage: kernel (kh·kw·inChannels × outChannels), bias (outChannels). */
export interface ConvStage {
  readonly name: string;
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable;
  readonly kh: number;
  readonly kw: number;
  readonly inChannels: number;
  readonly outChannels: number;
}

/** Spatial size after one stage: pooling halves (floor) every axis longer than 1. */
export function pooledSize(height: number, width: number): [number, number] {
  return [height > 1 ? Math.floor(height / 2) : 1, width > 1 ? Math.floor(width / 2) : 1];
}

/** Feature count after all stages for an H × W single-channel input. */
export function convOutputSize(height: number, width: number, channels: readonly number[]): number {
  let [h, w] = [height, width];
  for (let i = 0; i < channels.length; i++) [h, w] = pooledSize(h, w);
  return h * w * (channels.at(-1) ?? 1);
}

/** The stages for an H × W × `inputChannels` input with the given output channels per stage (He-normal kernels from `seed`). */
export function createConvStages(prefix: string, height: number, channels: readonly number[], seed: number, inputChannels = 1): ConvStage[] {
  const kh = height > 1 ? 3 : 1;
  const kw = 3;
  let inChannels = inputChannels;
  return channels.map((outChannels, i) => {
    const init = tf.initializers.heNormal({ seed: tfSeed(seed + i) });
    const kernel = tf.tidy(() => tf.variable(init.apply([kh * kw * inChannels, outChannels], 'float32'), true));
    const bias = tf.tidy(() => tf.variable(tf.zeros([outChannels]), true));
    const stage = { name: `${prefix}/${i}`, kernel, bias, kh, kw, inChannels, outChannels };
    inChannels = outChannels;
    return stage;
  });
}

/** One stage on x (B × H × W × C_in); returns B × H' × W' × C_out (H', W' from pooledSize). */
export function convStageForward(x: tf.Tensor4D, stage: ConvStage): tf.Tensor4D {
  return tf.tidy(() => {
    const [b, h, w, c] = x.shape;
    const filter = tf.reshape(stage.kernel, [stage.kh, stage.kw, c, stage.outChannels]) as tf.Tensor4D;
    const y = tf.relu(tf.add(tf.conv2d(x, filter, 1, 'same'), stage.bias)) as tf.Tensor4D;
    const [h2, w2] = pooledSize(h, w);
    const sy = h > 1 ? 2 : 1;
    const sx = w > 1 ? 2 : 1;
    const cropped = h2 * sy === h && w2 * sx === w ? y : tf.slice(y, [0, 0, 0, 0], [b, h2 * sy, w2 * sx, stage.outChannels]);
    return tf.mean(tf.reshape(cropped, [b, h2, sy, w2, sx, stage.outChannels]), [2, 4]) as tf.Tensor4D;
  });
}

/**
 * Every stage on flattened images x (B × C·H·W, channel-major: C planes of H × W, C = the first stage's input
 * channels); returns the flattened features (B × convOutputSize).
 */
export function convForward(x: tf.Tensor2D, stages: readonly ConvStage[], height: number, width: number): tf.Tensor2D {
  return tf.tidy(() => {
    const c = stages[0]?.inChannels ?? 1;
    let h = (c === 1
      ? tf.reshape(x, [x.shape[0], height, width, 1])
      : tf.transpose(tf.reshape(x, [x.shape[0], c, height, width]), [0, 2, 3, 1])) as tf.Tensor4D;
    for (const stage of stages) h = convStageForward(h, stage);
    return tf.reshape(h, [x.shape[0], -1]) as tf.Tensor2D;
  });
}

/** The stages' variables under their saved names, kernel before bias. */
export function convVariables(stages: readonly ConvStage[]): NamedVariable[] {
  return stages.flatMap((s) => [{ name: `${s.name}/kernel`, variable: s.kernel }, { name: `${s.name}/bias`, variable: s.bias }]);
}
