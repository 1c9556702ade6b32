import type { Measurement, SpectroscopyCommand } from '../../drivers/instrument.ts';
import { type Matrix, matrix } from '../../models/surrogate.ts';
import type { SearchSpace } from '../search-space.ts';
import { nestArray } from '../../events/nested-array.ts';
import { type LoopDescriptor, loopDescriptor } from './loop-descriptors.ts';

export interface PatchSpaceOptions {
  /** The structural image, ny × nx row-major (row = y). */
  readonly image: Float64Array;
  readonly nx: number;
  readonly ny: number;
  /** Edge of the scanned square (µm). */
  readonly sizeUm: number;
  /** Patch edge (px); pixels closer than half a patch to an edge are not candidates. */
  readonly patch: number;
  /** Bias waveform (V at the tip) and its step (ms). */
  readonly waveform: Float64Array;
  readonly dtMs: number;
  readonly descriptor: LoopDescriptor;
  /** Which response of the loop is scored: off-field (remanent, default in SS-PFM) or on-field. */
  readonly response: 'off' | 'on';
}

/** Pixel coordinates (ix, iy) of each candidate of a patch space, in candidate order. */
export interface PatchCandidates {
  readonly features: Matrix; // m x patch², each patch standardised by the image's mean and std
  readonly pixels: Int32Array; // m x 2: ix, iy
}

/** Candidates (every pixel whose whole patch lies inside the image) and their patch features. */
export function patchCandidates(o: Pick<PatchSpaceOptions, 'image' | 'nx' | 'ny' | 'patch'>): PatchCandidates {
  const half = Math.floor(o.patch / 2);
  const xs: number[] = [];
  let mean = 0;
  for (const v of o.image) mean += v / o.image.length;
  let sd = 0;
  for (const v of o.image) sd += (v - mean) ** 2 / o.image.length;
  sd = Math.sqrt(sd) || 1;
  for (let iy = half; iy + o.patch - half <= o.ny; iy++) {
    for (let ix = half; ix + o.patch - half <= o.nx; ix++) xs.push(ix, iy);
  }
  const m = xs.length / 2;
  const features = matrix(m, o.patch * o.patch);
  for (let c = 0; c < m; c++) {
    const [ix, iy] = [xs[2 * c], xs[2 * c + 1]];
    for (let r = 0; r < o.patch; r++) {
      for (let q = 0; q < o.patch; q++) {
        features.data[c * o.patch * o.patch + r * o.patch + q] = (o.image[(iy - half + r) * o.nx + (ix - half + q)] - mean) / sd;
      }
    }
  }
  return { features, pixels: Int32Array.from(xs) };
}

/**
 * Workflow W3's space: candidates are image pixels described by the structural patch around them; a
 * measurement is switching spectroscopy at the pixel centre; the objective is a loop descriptor.
 */
export function patchPixelSpace(o: PatchSpaceOptions): SearchSpace & { readonly pixels: Int32Array } {
  const { features, pixels } = patchCandidates(o);
  const m = o.waveform.length;
  /** Centre of candidate i's pixel along x (axis 0) or y (axis 1), µm. */
  const centreUm = (i: number, axis: 0 | 1): number => ((pixels[2 * i + axis] + 0.5) / (axis === 0 ? o.nx : o.ny)) * o.sizeUm;
  return {
    name: 'patch-pixels',
    candidates: features,
    pixels,
    featureNames: Array.from({ length: features.cols }, (_, k) => `patch_${Math.floor(k / o.patch)}_${k % o.patch}`),
    position: (i) => ({ x_um: centreUm(i, 0), y_um: centreUm(i, 1) }),
    toCommand: (i): SpectroscopyCommand => ({ kind: 'spectroscopy', x: centreUm(i, 0), y: centreUm(i, 1), waveform: o.waveform, dtMs: o.dtMs }),
    toObservation(i, meas: Measurement) {
      const loop = meas.arrays.loop;
      if (!loop || loop.shape[0] !== 3 || loop.shape[1] !== m) throw new RangeError(`expected a 3 × ${m} loop, got ${loop?.shape}`);
      const bias = loop.data.subarray(0, m);
      const response = loop.data.subarray(o.response === 'on' ? m : 2 * m, o.response === 'on' ? 2 * m : 3 * m);
      const y = loopDescriptor(o.descriptor, bias, response);
      if (!Number.isFinite(y)) throw new RangeError(`loop descriptor of candidate ${i} is not finite`);
      return { y, record: { pixel: [pixels[2 * i], pixels[2 * i + 1]], loop: nestArray(loop.data, [3, m]) } };
    },
    dataKeys: () => ({
      pixel: { source: 'space:patch-pixels/pixel', dtype: 'array', shape: [2] },
      loop: { source: 'measurement:loop', dtype: 'array', shape: [3, m] },
    }),
  };
}
