/**
 * Paired structure/spectrum data as a numpy `.npz`: `structure` N × P × P float32 (one channel) or N × C × P × P
 * (C scan channels, e.g. AMPL, PX, PY), `spectra` N × M float32, `bias` M float32 (V), `descriptor` N float32, and
 * optionally `pixels` N × 2 float32 (ix, iy of each pair's centre).
 */
import { InputError } from '../errors.ts';
import { formatNpz, npzArray, parseNpz, type NpzArrays } from './npz.ts';

/** Pairs of one structure patch (C × P × P) and one spectrum (M points on a shared bias). */
export interface PairedData {
  readonly count: number;
  readonly patch: number;
  /** Structure channels C per patch (absent: 1). */
  readonly channels?: number;
  readonly points: number;
  /** N × C × P × P, row-major (channel-major within a pair). */
  readonly structure: Float32Array;
  /** N × M. */
  readonly spectra: Float32Array;
  /** M (V). */
  readonly bias: Float32Array;
  /** N. */
  readonly descriptor: Float32Array;
  /** N × 2 (ix, iy), when known. */
  readonly pixels?: Float32Array;
}

/** Values per structure patch: C · P². */
export function structureSize(p: Pick<PairedData, 'patch' | 'channels'>): number {
  return (p.channels ?? 1) * p.patch * p.patch;
}

/** `.npz` bytes of paired data. */
export function formatPairsNpz(p: PairedData): Uint8Array {
  const arrays: NpzArrays = {
    structure: { shape: (p.channels ?? 1) > 1 ? [p.count, p.channels!, p.patch, p.patch] : [p.count, p.patch, p.patch], dtype: 'float32', data: p.structure },
    spectra: { shape: [p.count, p.points], dtype: 'float32', data: p.spectra },
    bias: { shape: [p.points], dtype: 'float32', data: p.bias },
    descriptor: { shape: [p.count], dtype: 'float32', data: p.descriptor },
  };
  if (p.pixels) arrays.pixels = { shape: [p.count, 2], dtype: 'float32', data: p.pixels };
  return formatNpz(arrays);
}

/** Reads paired data (any numeric dtype, kept as float32); InputError naming the file and array when shapes disagree. */
export function parsePairsNpz(bytes: Uint8Array, file: string): PairedData {
  const arrays = parseNpz(bytes, file);
  const rank = arrays.structure?.shape.length === 4 ? 4 : 3;
  const structure = npzArray(arrays, 'structure', rank, file);
  const spectra = npzArray(arrays, 'spectra', 2, file);
  const [count, channels, height, width] = rank === 4 ? structure.shape : [structure.shape[0], 1, structure.shape[1], structure.shape[2]];
  if (height !== width) throw new InputError(`${file}:structure`, `patches must be square, got ${height} × ${width}`);
  if (spectra.shape[0] !== count) throw new InputError(`${file}:spectra`, `${spectra.shape[0]} spectra for ${count} patches`);
  const points = spectra.shape[1];
  const bias = arrays.bias ? npzArray(arrays, 'bias', 1, file) : undefined;
  if (bias && bias.shape[0] !== points) throw new InputError(`${file}:bias`, `${bias.shape[0]} bias points for spectra of ${points}`);
  const descriptor = arrays.descriptor ? npzArray(arrays, 'descriptor', 1, file) : undefined;
  if (descriptor && descriptor.shape[0] !== count) throw new InputError(`${file}:descriptor`, `${descriptor.shape[0]} descriptors for ${count} pairs`);
  const pixels = arrays.pixels ? npzArray(arrays, 'pixels', 2, file) : undefined;
  if (pixels && (pixels.shape[0] !== count || pixels.shape[1] !== 2)) throw new InputError(`${file}:pixels`, `expected ${count} × 2, got (${pixels.shape.join(', ')})`);
  return {
    count, patch: height, points, ...(channels > 1 ? { channels } : {}),
    structure: Float32Array.from(structure.data),
    spectra: Float32Array.from(spectra.data),
    bias: bias ? Float32Array.from(bias.data) : Float32Array.from({ length: points }, (_, k) => k),
    descriptor: descriptor ? Float32Array.from(descriptor.data) : new Float32Array(count).fill(NaN),
    ...(pixels ? { pixels: Float32Array.from(pixels.data) } : {}),
  };
}
