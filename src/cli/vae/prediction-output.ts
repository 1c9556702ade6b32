/**
 * Writes `vae predict`'s output: .npy (N × outputs float32; with a std also FILE.std.npy) or .csv (one row per pair:
 * pair, ix, iy, [descriptor, descriptor_predicted,] y1…yK[, std1…stdK]).
 */
import type { PairedData } from '../../data/pairs-npz.ts';
import { formatNpy } from '../../data/npy.ts';
import { writeFileAtomic } from '../../util/write-file-atomic.ts';

/** `mean` and optional `std` are N × outputs; `predictedDescriptor` (N) adds the descriptor columns. */
export function writePredictions(out: string, pairs: PairedData, outputs: number, mean: Float32Array, std?: Float32Array, predictedDescriptor?: Float64Array): void {
  if (out.endsWith('.npy')) {
    writeFileAtomic(out, formatNpy({ shape: [pairs.count, outputs], dtype: 'float32', data: mean }));
    if (std) writeFileAtomic(`${out.slice(0, -4)}.std.npy`, formatNpy({ shape: [pairs.count, outputs], dtype: 'float32', data: std }));
    return;
  }
  const header = ['pair', 'ix', 'iy'];
  if (predictedDescriptor) header.push('descriptor', 'descriptor_predicted');
  for (let k = 1; k <= outputs; k++) header.push(`y${k}`);
  if (std) for (let k = 1; k <= outputs; k++) header.push(`std${k}`);
  const lines = [header.join(',')];
  for (let i = 0; i < pairs.count; i++) {
    const row: (string | number)[] = [i, pairs.pixels ? pairs.pixels[2 * i] : '', pairs.pixels ? pairs.pixels[2 * i + 1] : ''];
    if (predictedDescriptor) row.push(Number.isFinite(pairs.descriptor[i]) ? pairs.descriptor[i] : '', predictedDescriptor[i]);
    row.push(...mean.subarray(i * outputs, (i + 1) * outputs));
    if (std) row.push(...std.subarray(i * outputs, (i + 1) * outputs));
    lines.push(row.join(','));
  }
  writeFileAtomic(out, `${lines.join('\n')}\n`);
}
