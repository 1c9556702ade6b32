/**
 * Seeded dense (fully connected) layers as plain tf.Variables: y = act(x · W + b), x (batch x in), W (in x out).
 * Used by the DKL feature extractor, the VAEs and im2spec; the forward pass is ./grouped-dense.ts (one fused wasm
 * kernel forward and one backward where available).
 */
import * as tf from '@tensorflow/tfjs';
import { groupedDense, type GroupedDenseOptions } from './grouped-dense.ts';

/**
 * A positive 31-bit seed for tfjs from any integer: tfjs treats a seed of 0 (falsy) as "unseeded", so seeds
 * derived from user seeds must never be 0.
 */
export function tfSeed(seed: number): number {
  const m = ((Math.trunc(seed) % 2147483646) + 2147483646) % 2147483646;
  return m + 1;
}

export type Activation = 'linear' | 'relu' | 'tanh' | 'elu';

export interface DenseLayer {
  readonly name: string;
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable;
  readonly activation: Activation;
}

/**
 * Glorot-uniform (tanh/linear) or He-normal (relu/elu) kernel from `seed`, zero bias. tfjs variable names are
 * global, so variables get tfjs's unique names and `name` is kept on the layer (weights are saved as
 * `${name}/kernel`, `${name}/bias`).
 */
export function createDense(name: string, inDim: number, outDim: number, activation: Activation, seed: number): DenseLayer {
  const init =
    activation === 'relu' || activation === 'elu'
      ? tf.initializers.heNormal({ seed: tfSeed(seed) })
      : tf.initializers.glorotUniform({ seed: tfSeed(seed) });
  const kernel = tf.tidy(() => tf.variable(init.apply([inDim, outDim], 'float32'), true));
  const bias = tf.tidy(() => tf.variable(tf.zeros([outDim]), true));
  return { name, kernel, bias, activation };
}

/** act(x · W + b) for x (batch x in); returns batch x out (./grouped-dense.ts: fused wasm kernels where available; `inputGrad: false` for a network's data input). */
export function denseForward(x: tf.Tensor2D, layer: DenseLayer, options: GroupedDenseOptions = {}): tf.Tensor2D {
  return tf.tidy(() => groupedDense(x, layer.kernel as tf.Tensor2D, tf.reshape(layer.bias, [1, -1]) as tf.Tensor2D, layer.activation, options));
}

/** A variable with the stable name it is saved under. */
export interface NamedVariable {
  readonly name: string;
  readonly variable: tf.Variable;
}

/** Every variable of the layers, kernel before bias, in layer order. */
export function layerVariables(layers: readonly DenseLayer[]): NamedVariable[] {
  return layers.flatMap((l) => [
    { name: `${l.name}/kernel`, variable: l.kernel },
    { name: `${l.name}/bias`, variable: l.bias },
  ]);
}
