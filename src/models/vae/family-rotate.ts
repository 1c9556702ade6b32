/**
 * Image rotation for the rVAE's angle-consistency term: each row (H × W, row-major, y down) turned by its own angle
 * δ (radians, counter-clockwise on screen — the cards' and the spatial decoder's sense) about the image centre,
 * bilinear, zero outside; and the seeded angles drawn for a minibatch.
 */
import { Rng } from '../../sim/rng.ts';

/** Half-width of the consistency rotations, radians: δ ~ U(−π/2, π/2). */
export const CONSISTENCY_RANGE = Math.PI / 2;

/** Rotates `count` images (count × H × W) by deltas[n] radians each; returns a new array. */
export function rotateImages(images: ArrayLike<number>, count: number, height: number, width: number, deltas: ArrayLike<number>): Float32Array {
  const out = new Float32Array(count * height * width);
  const cx = (width - 1) / 2;
  const cy = (height - 1) / 2;
  for (let n = 0; n < count; n++) {
    const c = Math.cos(deltas[n]);
    const s = Math.sin(deltas[n]);
    const base = n * height * width;
    for (let row = 0; row < height; row++) {
      for (let col = 0; col < width; col++) {
        // Screen coordinates (x right, y up); the source point is R(−δ)·p.
        const x = col - cx;
        const y = cy - row;
        const sc = cx + c * x + s * y;
        const sr = cy - (-s * x + c * y);
        const c0 = Math.floor(sc);
        const r0 = Math.floor(sr);
        const fc = sc - c0;
        const fr = sr - r0;
        const at = (r: number, k: number) => (r >= 0 && r < height && k >= 0 && k < width ? images[base + r * width + k] : 0);
        out[base + row * width + col] =
          (1 - fr) * ((1 - fc) * at(r0, c0) + fc * at(r0, c0 + 1)) + fr * ((1 - fc) * at(r0 + 1, c0) + fc * at(r0 + 1, c0 + 1));
      }
    }
  }
  return out;
}

/** Seeded rotation angles for a minibatch of `count` rows, uniform in ±CONSISTENCY_RANGE. */
export function consistencyAngles(count: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: count }, () => (2 * rng.uniform() - 1) * CONSISTENCY_RANGE);
}
