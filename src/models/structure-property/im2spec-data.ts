/** Training data of either direction from paired data: im2spec maps patch (C × P × P) → spectrum (M); spec2im the reverse. */
import type { PairedData } from '../../data/pairs-npz.ts';
import type { Im2SpecDirection } from './im2spec-options.ts';
import type { Im2SpecData } from './im2spec-train.ts';

/** The pairs of `rows` (all when omitted) as inputs and targets of `direction`. */
export function pairsAsTrainingData(pairs: PairedData, direction: Im2SpecDirection, rows?: ArrayLike<number>): Im2SpecData {
  const use = rows ?? Int32Array.from({ length: pairs.count }, (_, i) => i);
  const channels = pairs.channels ?? 1;
  const pixels = channels * pairs.patch * pairs.patch;
  const patches = gather(pairs.structure, pixels, use);
  const spectra = gather(pairs.spectra, pairs.points, use);
  return direction === 'im2spec'
    ? { count: use.length, inHeight: pairs.patch, inWidth: pairs.patch, inChannels: channels, inputs: patches, outputs: pairs.points, targets: spectra }
    : { count: use.length, inHeight: 1, inWidth: pairs.points, inputs: spectra, outputs: pixels, targets: patches };
}

/** Rows `rows` of an N × dim array. */
export function gather(a: Float32Array, dim: number, rows: ArrayLike<number>): Float32Array {
  const out = new Float32Array(rows.length * dim);
  for (let i = 0; i < rows.length; i++) out.set(a.subarray(rows[i] * dim, (rows[i] + 1) * dim), i * dim);
  return out;
}
