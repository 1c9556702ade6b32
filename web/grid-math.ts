import { type Rgb, angleColor, viridis } from './colormap.ts';

/** Smallest and largest finite values (NaN-safe); [NaN, NaN] when there are none. */
export function finiteRange(values: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : [Number.NaN, Number.NaN];
}

/** Row (floor(i / nx)) and column (i % nx) of candidate i on an nx-wide grid. */
export function cellOf(index: number, nx: number): { row: number; col: number } {
  return { row: Math.floor(index / nx), col: index % nx };
}

/**
 * Fractional cell coordinate (0 = centre of the first cell, n − 1 = centre of the last) of an axis value,
 * for an axis whose n cell centres span [lo, hi].
 */
export function axisToCell(value: number, lo: number, hi: number, n: number): number {
  if (n <= 1 || hi === lo) return (n - 1) / 2;
  return ((value - lo) / (hi - lo)) * (n - 1);
}

/** Axis value at the centre of cell k of n spanning [lo, hi]. */
export function cellToAxis(k: number, lo: number, hi: number, n: number): number {
  return n <= 1 ? (lo + hi) / 2 : lo + (k / (n - 1)) * (hi - lo);
}

/**
 * RGBA pixels (nx x ny image, 4 bytes per pixel, top row first) of a grid of values whose row 0 is the
 * lowest y: rows are flipped so that y grows upwards on screen. Colour: viridis over [lo, hi]; the candidates in
 * `grey` (excluded by the instrument's limits) are INFEASIBLE_GREY.
 */
export function heatmapPixels(values: ArrayLike<number>, nx: number, ny: number, lo: number, hi: number, grey: readonly number[] = []): Uint8ClampedArray {
  const out = new Uint8ClampedArray(nx * ny * 4);
  const span = hi - lo;
  for (let row = 0; row < ny; row++) {
    const screenRow = ny - 1 - row;
    for (let col = 0; col < nx; col++) {
      const v = values[row * nx + col];
      const c: Rgb = viridis(span > 0 ? (v - lo) / span : Number.isFinite(v) ? 0.5 : Number.NaN);
      const o = (screenRow * nx + col) * 4;
      out[o] = c[0]; out[o + 1] = c[1]; out[o + 2] = c[2]; out[o + 3] = 255;
    }
  }
  for (const i of grey) {
    if (!(i >= 0 && i < nx * ny)) continue;
    const o = ((ny - 1 - Math.floor(i / nx)) * nx + (i % nx)) * 4;
    out[o] = INFEASIBLE_GREY[0]; out[o + 1] = INFEASIBLE_GREY[1]; out[o + 2] = INFEASIBLE_GREY[2]; out[o + 3] = 255;
  }
  return out;
}

/** Colour of candidates excluded by the instrument's limits. */
export const INFEASIBLE_GREY: Rgb = [156, 163, 175];

/** Largest finite |P| = hypot(px, py) over a map (0 when none). */
export function maxMagnitude(px: ArrayLike<number>, py: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < px.length; i++) {
    const m = Math.hypot(px[i], py[i]);
    if (Number.isFinite(m) && m > max) max = m;
  }
  return max;
}

/** RGBA pixels (rows flipped as in heatmapPixels) colouring each PX/PY site (ny x nx) by direction. */
export function polarizationPixels(px: ArrayLike<number>, py: ArrayLike<number>, nx: number, ny: number): Uint8ClampedArray {
  const out = new Uint8ClampedArray(nx * ny * 4);
  const max = maxMagnitude(px, py);
  for (let row = 0; row < ny; row++) {
    for (let col = 0; col < nx; col++) {
      const i = row * nx + col;
      const c = angleColor(px[i], py[i], max);
      const o = ((ny - 1 - row) * nx + col) * 4;
      out[o] = c[0]; out[o + 1] = c[1]; out[o + 2] = c[2]; out[o + 3] = 255;
    }
  }
  return out;
}

/** One arrow of a subsampled vector field: centre (fractional cell coords, row 0 = lowest y) and direction scaled by |P| / max. */
export interface Arrow {
  readonly col: number;
  readonly row: number;
  readonly ux: number;
  readonly uy: number;
}

/** Block-averaged arrows over square blocks, at most `perAxis` along the longer axis, for a PX/PY map (ny x nx); lengths are relative to the longest. */
export function arrowField(px: ArrayLike<number>, py: ArrayLike<number>, nx: number, ny: number, perAxis: number): Arrow[] {
  const bx = Math.max(1, Math.ceil(Math.max(nx, ny) / perAxis));
  const by = bx;
  const raw: { col: number; row: number; x: number; y: number }[] = [];
  for (let r0 = 0; r0 < ny; r0 += by) {
    for (let c0 = 0; c0 < nx; c0 += bx) {
      let sx = 0; let sy = 0; let count = 0;
      for (let r = r0; r < Math.min(ny, r0 + by); r++) {
        for (let c = c0; c < Math.min(nx, c0 + bx); c++) {
          const i = r * nx + c;
          if (Number.isFinite(px[i]) && Number.isFinite(py[i])) { sx += px[i]; sy += py[i]; count++; }
        }
      }
      if (count > 0) raw.push({ col: (c0 + Math.min(nx, c0 + bx) - 1) / 2, row: (r0 + Math.min(ny, r0 + by) - 1) / 2, x: sx / count, y: sy / count });
    }
  }
  const longest = raw.reduce((m, a) => Math.max(m, Math.hypot(a.x, a.y)), 0);
  return raw.map((a) => ({ col: a.col, row: a.row, ux: longest > 0 ? a.x / longest : 0, uy: longest > 0 ? a.y / longest : 0 }));
}

/**
 * Round tick values inside [lo, hi]: multiples of a step of 1, 2 or 5 × 10^k chosen for about `count` ticks (the
 * rule of d3's ticks), computed as integer × step or integer / (1 / step) so that 0.1 prints as 0.1, not 0.30000000000000004.
 */
export function niceTicks(lo: number, hi: number, count = 4): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (hi < lo) [lo, hi] = [hi, lo];
  if (hi === lo) return [lo];
  const raw = (hi - lo) / Math.max(1, count);
  const power = Math.floor(Math.log10(raw));
  const err = raw / 10 ** power;
  const factor = err >= Math.sqrt(50) ? 10 : err >= Math.sqrt(10) ? 5 : err >= Math.sqrt(2) ? 2 : 1;
  const out: number[] = [];
  if (power >= 0) {
    const step = factor * 10 ** power;
    for (let k = Math.ceil(lo / step); k * step <= hi; k++) out.push(k * step);
  } else {
    const inv = 10 ** -power / factor; // 1 / step
    for (let k = Math.ceil(lo * inv); k / inv <= hi; k++) out.push(k / inv);
  }
  return out.map((v) => (v === 0 ? 0 : v)); // no −0
}

