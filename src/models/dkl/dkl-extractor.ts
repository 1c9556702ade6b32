/**
 * DKL feature extractors g_W: an MLP for vectors (d → hidden… → featureDim, ReLU) and a small CNN for square or
 * rectangular single-channel image patches given as flattened rows (h·w → conv 3x3 stride 1, then stride-2
 * convs, ReLU → flatten → dense hidden… → featureDim). Weights are seeded plain tf.Variables.
 */
import * as tf from '@tensorflow/tfjs';
import type { Matrix } from '../surrogate.ts';
import { applyStandardiser, type Standardiser } from './dkl-scaling.ts';
import { createDense, denseForward, layerVariables, tfSeed, type DenseLayer, type NamedVariable } from '../tf/dense.ts';

export interface ExtractorConfig {
  readonly kind: 'mlp' | 'cnn';
  readonly inputDim: number;
  readonly hidden: readonly number[];
  readonly featureDim: number;
  /** CNN only: patch height and width (h·w = inputDim). */
  readonly patchShape?: readonly [number, number];
  /** CNN only: output channels of the conv layers (the first has stride 1, the others stride 2). */
  readonly channels?: readonly number[];
}

export interface FeatureExtractor {
  readonly config: ExtractorConfig;
  /** Features (n x featureDim) of the inputs x (n x inputDim). */
  apply(x: tf.Tensor2D): tf.Tensor2D;
  readonly variables: readonly NamedVariable[];
}

interface ConvLayer {
  readonly name: string;
  readonly filter: tf.Variable;
  readonly bias: tf.Variable;
  readonly stride: number;
}

/** Builds the extractor; layer k is initialised with seed + k. */
export function createExtractor(config: ExtractorConfig, seed: number): FeatureExtractor {
  return config.kind === 'mlp' ? createMlp(config, seed) : createCnn(config, seed);
}

function denseStack(inDim: number, hidden: readonly number[], featureDim: number, seed: number, prefix: string): DenseLayer[] {
  const layers: DenseLayer[] = [];
  let dim = inDim;
  hidden.forEach((h, i) => {
    layers.push(createDense(`${prefix}${i}`, dim, h, 'relu', seed + i));
    dim = h;
  });
  layers.push(createDense(`${prefix}out`, dim, featureDim, 'linear', seed + hidden.length));
  return layers;
}

function createMlp(config: ExtractorConfig, seed: number): FeatureExtractor {
  const layers = denseStack(config.inputDim, config.hidden, config.featureDim, seed, 'mlp/');
  return {
    config,
    variables: layerVariables(layers),
    apply: (x) => tf.tidy(() => layers.reduce((h, layer) => denseForward(h, layer), x)),
  };
}

function createCnn(config: ExtractorConfig, seed: number): FeatureExtractor {
  const [h, w] = config.patchShape ?? [0, 0];
  if (h * w !== config.inputDim) throw new RangeError(`cnn extractor: patch ${h}x${w} does not match input dimension ${config.inputDim}`);
  const channels = config.channels ?? [8, 16, 16];
  const convs: ConvLayer[] = [];
  let cin = 1;
  let [oh, ow] = [h, w];
  channels.forEach((cout, i) => {
    const stride = i === 0 ? 1 : 2;
    const filter = tf.tidy(() => tf.variable(tf.initializers.heNormal({ seed: tfSeed(seed + i) }).apply([3, 3, cin, cout], 'float32'), true));
    const bias = tf.tidy(() => tf.variable(tf.zeros([cout]), true));
    convs.push({ name: `cnn/conv${i}`, filter, bias, stride });
    [oh, ow] = [Math.ceil(oh / stride), Math.ceil(ow / stride)];
    cin = cout;
  });
  const dense = denseStack(oh * ow * cin, config.hidden, config.featureDim, seed + channels.length, 'cnn/dense');
  const variables = [
    ...convs.flatMap((c) => [
      { name: `${c.name}/filter`, variable: c.filter },
      { name: `${c.name}/bias`, variable: c.bias },
    ]),
    ...layerVariables(dense),
  ];
  const apply = (x: tf.Tensor2D): tf.Tensor2D =>
    tf.tidy(() => {
      let t = tf.reshape(x, [x.shape[0], h, w, 1]) as tf.Tensor4D;
      for (const c of convs) {
        t = tf.fused.conv2d({ x: t, filter: c.filter as tf.Tensor4D, strides: c.stride, pad: 'same', bias: c.bias, activation: 'relu' });
      }
      const flat = tf.reshape(t, [x.shape[0], -1]) as tf.Tensor2D;
      return dense.reduce((hh, layer) => denseForward(hh, layer), flat);
    });
  return { config: { ...config, channels }, variables, apply };
}

const CHUNK = 1024;

/** Features (n x featureDim) of raw inputs X (n x d): standardised, then through the extractor. */
export function featuresOfRaw(extractor: FeatureExtractor, scaling: Standardiser, X: Matrix): Float64Array {
  const Xt = tf.tensor2d(applyStandardiser(scaling, X), [X.rows, X.cols]);
  try {
    return featuresOf(extractor, Xt);
  } finally {
    Xt.dispose();
  }
}

/** Features of the standardised inputs Xt in chunks, as a Float64Array (n x featureDim). */
export function featuresOf(extractor: FeatureExtractor, Xt: tf.Tensor2D): Float64Array {
  const n = Xt.shape[0];
  const p = extractor.config.featureDim;
  const out = new Float64Array(n * p);
  for (let s = 0; s < n; s += CHUNK) {
    const rows = Math.min(CHUNK, n - s);
    const F = tf.tidy(() => extractor.apply(tf.slice(Xt, [s, 0], [rows, -1])));
    out.set(F.dataSync(), s * p);
    F.dispose();
  }
  return out;
}

export function disposeExtractor(extractor: FeatureExtractor): void {
  for (const { variable } of extractor.variables) variable.dispose();
}
