/** Picking candidates: argmax over scores with exclusions, and the mask of already-measured candidates. */
import type { Dataset, Matrix } from '../../models/surrogate.ts';

/** Index of the largest finite-or-+∞ score not excluded (NaN never wins); −1 when nothing is eligible. */
export function argmax(scores: Float64Array, exclude?: Uint8Array): number {
  let best = -1;
  let bestValue = -Infinity;
  for (let i = 0; i < scores.length; i++) {
    if (exclude?.[i]) continue;
    const v = scores[i];
    if (Number.isNaN(v)) continue;
    if (best < 0 || v > bestValue) {
      best = i;
      bestValue = v;
    }
  }
  return best;
}

/**
 * 1 for every candidate row (m x d) that equals a row of data.X within `tolerance` in every coordinate
 * (default 1e-9, absolute), else 0. Rows are bucketed by a rounded first coordinate, so the cost is
 * O((m + n)·d) for well-spread data.
 */
export function measuredMask(candidates: Matrix, data: Dataset, tolerance = 1e-9): Uint8Array {
  const d = candidates.cols;
  const { X } = data;
  if (X.cols !== d) throw new RangeError(`measuredMask: candidates have ${d} columns, data ${X.cols}`);
  const cell = Math.max(tolerance * 4, 1e-12);
  const buckets = new Map<number, number[]>();
  for (let r = 0; r < X.rows; r++) {
    const key = Math.floor(X.data[r * d] / cell);
    const list = buckets.get(key);
    if (list) list.push(r);
    else buckets.set(key, [r]);
  }
  const mask = new Uint8Array(candidates.rows);
  for (let c = 0; c < candidates.rows; c++) {
    const key = Math.floor(candidates.data[c * d] / cell);
    for (const k of [key - 1, key, key + 1]) {
      for (const r of buckets.get(k) ?? []) {
        if (rowsClose(candidates.data, c * d, X.data, r * d, d, tolerance)) mask[c] = 1;
      }
    }
  }
  return mask;
}

function rowsClose(a: Float64Array, p: number, b: Float64Array, q: number, d: number, tol: number): boolean {
  for (let i = 0; i < d; i++) if (Math.abs(a[p + i] - b[q + i]) > tol) return false;
  return true;
}
