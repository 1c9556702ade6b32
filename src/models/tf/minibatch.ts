/** Minibatch helpers shared by the training loops: row gathers and seeded shuffles. */
import type { Rng } from '../../sim/rng.ts';

/** Rows `rows` of a row-major (· x cols) array, packed in that order: rows.length x cols. */
export function gatherRows(data: Float32Array, cols: number, rows: Int32Array): Float32Array {
  const out = new Float32Array(rows.length * cols);
  rows.forEach((r, i) => out.set(data.subarray(r * cols, (r + 1) * cols), i * cols));
  return out;
}

/** A seeded Fisher–Yates shuffle of `rows` (a copy). */
export function shuffledRows(rows: Int32Array, rng: Rng): Int32Array {
  const p = Int32Array.from(rows);
  for (let i = p.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}
