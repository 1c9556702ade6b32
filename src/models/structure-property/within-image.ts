/**
 * "Predictive within the image": train im2spec on the pairs of one half of a scan (x < W/2, by pair centre pixel)
 * and predict the loops of the other half; scored by the held-out pooled loop R² and the R² of the loop descriptor
 * computed from each predicted loop. An ensemble (M seeds) adds a per-value predictive std.
 */
import { InputError } from '../../errors.ts';
import { structureSize, type PairedData } from '../../data/pairs-npz.ts';
import { rSquared } from '../../agents/campaign-report.ts';
import { loopDescriptor, type LoopDescriptor } from '../../agents/spaces/loop-descriptors.ts';
import { gather, pairsAsTrainingData } from './im2spec-data.ts';
import { predictEnsemble } from './im2spec-predict.ts';
import { disposeIm2SpecNetwork } from './im2spec-network.ts';
import type { Im2SpecOptions } from './im2spec-options.ts';
import { trainIm2Spec } from './im2spec-train.ts';
import { pooledRSquared } from './r-squared.ts';

export type ImageHalf = 'left' | 'right';

/** Rows whose centre pixel ix lies left of the middle of the pairs' ix range (or right of it, inclusive). */
export function halfRows(pairs: PairedData, half: ImageHalf): Int32Array {
  if (!pairs.pixels) throw new InputError('pixels', 'splitting a scan in halves needs each pair\'s pixel (the .npz array pixels)');
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < pairs.count; i++) {
    lo = Math.min(lo, pairs.pixels[2 * i]);
    hi = Math.max(hi, pairs.pixels[2 * i]);
  }
  const mid = (lo + hi + 1) / 2;
  const rows: number[] = [];
  for (let i = 0; i < pairs.count; i++) if ((pairs.pixels[2 * i] < mid) === (half === 'left')) rows.push(i);
  return Int32Array.from(rows);
}

/** Loop descriptor (of `kind`) of each of N loops (N × M on `bias`, V). */
export function descriptorsOfLoops(kind: LoopDescriptor, bias: ArrayLike<number>, loops: Float32Array, count: number): Float64Array {
  const m = bias.length;
  return Float64Array.from({ length: count }, (_, i) => loopDescriptor(kind, bias, loops.subarray(i * m, (i + 1) * m)));
}

export interface WithinImageResult {
  readonly train: Int32Array;
  readonly test: Int32Array;
  /** test × M: ensemble mean loops, and their member std (0 with one member). */
  readonly predicted: Float32Array;
  readonly std: Float32Array;
  /** test: measured (the pairs' descriptor) and from the predicted loops. */
  readonly measuredDescriptor: Float64Array;
  readonly predictedDescriptor: Float64Array;
  /** test: member std of the descriptor of each member's loop. */
  readonly descriptorStd: Float64Array;
  readonly r2Loop: number;
  readonly r2Descriptor: number;
  readonly bestEpochs: readonly number[];
}

/** Trains `members` models (seeds seed … seed+M−1) on the `trainHalf` of the scan and predicts the other half. */
export async function predictWithinImage(
  pairs: PairedData, options: Im2SpecOptions & { readonly seed?: number }, descriptor: LoopDescriptor, trainHalf: ImageHalf = 'left', members = 1,
): Promise<WithinImageResult> {
  const train = halfRows(pairs, trainHalf);
  const test = halfRows(pairs, trainHalf === 'left' ? 'right' : 'left');
  if (train.length < 2 || test.length < 1) throw new InputError('pairs', `a half split needs pairs on both sides (${train.length} and ${test.length})`);
  const data = pairsAsTrainingData(pairs, 'im2spec', train);
  const trained = [];
  try {
    for (let m = 0; m < members; m++) trained.push(await trainIm2Spec(data, { ...options, direction: 'im2spec', seed: (options.seed ?? 0) + m }));
    const x = gather(pairs.structure, structureSize(pairs), test);
    const { mean, std, members: each } = predictEnsemble(trained, x, test.length);
    const measuredLoops = gather(pairs.spectra, pairs.points, test);
    const measuredDescriptor = Float64Array.from(test, (i) => pairs.descriptor[i]);
    const predictedDescriptor = descriptorsOfLoops(descriptor, pairs.bias, mean, test.length);
    const perMember = each.map((p) => descriptorsOfLoops(descriptor, pairs.bias, p, test.length));
    const descriptorStd = Float64Array.from(test, (_, i) => {
      const mu = perMember.reduce((s, d) => s + d[i], 0) / perMember.length;
      return Math.sqrt(perMember.reduce((s, d) => s + (d[i] - mu) ** 2, 0) / perMember.length);
    });
    return {
      train, test, predicted: mean, std, measuredDescriptor, predictedDescriptor, descriptorStd,
      r2Loop: pooledRSquared(measuredLoops, mean, pairs.points), r2Descriptor: rSquared(measuredDescriptor, predictedDescriptor),
      bestEpochs: trained.map((t) => t.bestEpoch),
    };
  } finally {
    for (const t of trained) disposeIm2SpecNetwork(t.network);
  }
}
