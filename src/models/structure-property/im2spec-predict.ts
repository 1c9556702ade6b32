/**
 * Predictions of trained im2spec / spec2im models: one model's output for each input (the variational variant
 * decodes μ), and an ensemble's member mean and standard deviation (the spread is the predictive uncertainty).
 */
import * as tf from '@tensorflow/tfjs';
import { InputError } from '../../errors.ts';
import { decodeIm2Spec, encodeIm2Spec, type Im2SpecNetwork } from './im2spec-network.ts';
import { scaleInputs, unscaleOutputs, type Im2SpecScaling } from './im2spec-scaling.ts';

/** A trained or reloaded model. */
export interface Im2SpecModel {
  readonly network: Im2SpecNetwork;
  readonly scaling: Im2SpecScaling;
}

/** Outputs (N × outputs, data units) for N inputs (N × H·W, data units), in batches of 256. */
export function predictIm2Spec(model: Im2SpecModel, inputs: ArrayLike<number>, count: number): Float32Array {
  const net = model.network;
  const inDim = net.inChannels * net.inHeight * net.inWidth;
  if (inputs.length !== count * inDim) throw new InputError('inputs', `${inputs.length} values for ${count} inputs of ${net.inChannels > 1 ? `${net.inChannels}×` : ''}${net.inHeight}×${net.inWidth}`);
  const x = scaleInputs(model.scaling, inputs);
  const out = new Float32Array(count * net.outputs);
  for (let start = 0; start < count; start += 256) {
    const rows = Math.min(256, count - start);
    const y = tf.tidy(() => decodeIm2Spec(net, encodeIm2Spec(net, tf.tensor2d(x.subarray(start * inDim, (start + rows) * inDim), [rows, inDim])).mu));
    out.set(y.dataSync() as Float32Array, start * net.outputs);
    y.dispose();
  }
  return unscaleOutputs(model.scaling, out);
}

/** Per-output member mean and standard deviation (population, 0 for one member), each N × outputs. */
export function predictEnsemble(models: readonly Im2SpecModel[], inputs: ArrayLike<number>, count: number): { mean: Float32Array; std: Float32Array; members: Float32Array[] } {
  if (models.length === 0) throw new InputError('models', 'an ensemble needs at least one member');
  const members = models.map((m) => predictIm2Spec(m, inputs, count));
  const size = members[0].length;
  const mean = new Float32Array(size);
  const std = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    let s = 0;
    for (const p of members) s += p[i];
    const mu = s / members.length;
    let v = 0;
    for (const p of members) v += (p[i] - mu) ** 2;
    mean[i] = mu;
    std[i] = Math.sqrt(v / members.length);
  }
  return { mean, std, members };
}
