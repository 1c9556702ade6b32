/**
 * Inference of a trained or reloaded dual VAE: latent means μ of either modality (N × latent), and the
 * cross-predictions loop = dec_p(μ_s(patch)) (im2spec) and patch = dec_s(μ_p(loop)) (spec2im), in data units.
 */
import * as tf from '@tensorflow/tfjs';
import { InputError } from '../../errors.ts';
import { decodeIm2Spec, encodeIm2Spec, type Im2SpecNetwork } from './im2spec-network.ts';
import { scaleInputs, unscaleOutputs } from './im2spec-scaling.ts';
import type { Im2SpecDirection } from './im2spec-options.ts';
import type { DualVaeNetwork } from './dual-vae-network.ts';
import type { DualVaeScaling } from './dual-vae-scaling.ts';

/** A trained or reloaded dual VAE. */
export interface DualVaeModel {
  readonly network: DualVaeNetwork;
  readonly scaling: DualVaeScaling;
}

/** The modality a latent is read from. */
export type DualModality = 'structure' | 'spectrum';

/** μ (N × latent, latent units) of N patches (N × P²) or loops (N × M), data units. */
export function encodeDual(model: DualVaeModel, modality: DualModality, inputs: ArrayLike<number>, count: number): Float32Array {
  const branch = model.network[modality];
  return run(branch, branch, scaleInputs(model.scaling[modality], inputs), count, true);
}

/** Loops from patches (im2spec, N × M) or patches from loops (spec2im, N × P²), data units. */
export function predictDual(model: DualVaeModel, direction: Im2SpecDirection, inputs: ArrayLike<number>, count: number): Float32Array {
  const { structure, spectrum } = model.network;
  const [from, to, inScale, outScale] = direction === 'im2spec'
    ? [structure, spectrum, model.scaling.structure, model.scaling.spectrum]
    : [spectrum, structure, model.scaling.spectrum, model.scaling.structure];
  return unscaleOutputs(outScale, run(from, to, scaleInputs(inScale, inputs), count, false));
}

/** Encodes x (N × in, standardised) with `from`; returns μ, or `to`'s decoding of μ; batches of 256. */
function run(from: Im2SpecNetwork, to: Im2SpecNetwork, x: Float32Array, count: number, latent: boolean): Float32Array {
  const inDim = from.inChannels * from.inHeight * from.inWidth;
  if (x.length !== count * inDim) throw new InputError('inputs', `${x.length} values for ${count} inputs of ${from.inHeight}×${from.inWidth}`);
  const outDim = latent ? from.options.latentDim : to.outputs;
  const out = new Float32Array(count * outDim);
  for (let start = 0; start < count; start += 256) {
    const rows = Math.min(256, count - start);
    const y = tf.tidy(() => {
      const { mu } = encodeIm2Spec(from, tf.tensor2d(x.subarray(start * inDim, (start + rows) * inDim), [rows, inDim]));
      return latent ? mu : decodeIm2Spec(to, mu);
    });
    out.set(y.dataSync() as Float32Array, start * outDim);
    y.dispose();
  }
  return out;
}
