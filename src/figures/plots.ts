import { viridis } from '../sweep/heatmap-png.ts';
import { GLYPH_HEIGHT } from './font-5x7.ts';
import { Raster, type Rgb, textWidth } from './raster.ts';

/** Panel geometry: margins (px) around the plotting area for ticks and labels. */
const MARGIN = { left: 52, right: 14, top: 22, bottom: 34 };
const AXIS: Rgb = [60, 60, 60];

/** A data range with a little padding, never empty. */
export function niceRange(values: ArrayLike<number>, pad = 0.04): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (Number.isFinite(values[i])) {
      lo = Math.min(lo, values[i]);
      hi = Math.max(hi, values[i]);
    }
  }
  if (!Number.isFinite(lo)) return [0, 1];
  if (hi === lo) return [lo - 0.5, hi + 0.5];
  const p = (hi - lo) * pad;
  return [lo - p, hi + p];
}

/** Short tick label: 3 significant digits. */
export function tickLabel(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-2) return v.toExponential(1).replace('e+', 'e');
  return String(Number(v.toPrecision(3)));
}

/** 0 for a tick within 1e-9 of the axis span from zero (rounding of the range ends). */
function snapZero(v: number, r: readonly [number, number]): number {
  return Math.abs(v) < 1e-9 * Math.abs(r[1] - r[0]) ? 0 : v;
}

/** Maps data coordinates to pixels inside a panel. */
export interface Frame {
  readonly x0: number;
  readonly y0: number;
  readonly w: number;
  readonly h: number;
  readonly xr: readonly [number, number];
  readonly yr: readonly [number, number];
}

export function px(f: Frame, x: number): number {
  return f.x0 + ((x - f.xr[0]) / (f.xr[1] - f.xr[0])) * f.w;
}

export function py(f: Frame, y: number): number {
  return f.y0 + f.h - ((y - f.yr[0]) / (f.yr[1] - f.yr[0])) * f.h;
}

/** Draws axes with 5 ticks per axis, a title and axis labels; returns the data frame. */
export function axes(r: Raster, title: string, xr: readonly [number, number], yr: readonly [number, number], xLabel: string, yLabel: string): Frame {
  const f: Frame = { x0: MARGIN.left, y0: MARGIN.top, w: r.width - MARGIN.left - MARGIN.right, h: r.height - MARGIN.top - MARGIN.bottom, xr, yr };
  r.line(f.x0, f.y0 + f.h, f.x0 + f.w, f.y0 + f.h, AXIS);
  r.line(f.x0, f.y0, f.x0, f.y0 + f.h, AXIS);
  for (let k = 0; k <= 4; k++) {
    const xv = xr[0] + ((xr[1] - xr[0]) * k) / 4;
    const yv = yr[0] + ((yr[1] - yr[0]) * k) / 4;
    const xp = px(f, xv);
    const yp = py(f, yv);
    r.line(xp, f.y0 + f.h, xp, f.y0 + f.h + 3, AXIS);
    r.line(f.x0 - 3, yp, f.x0, yp, AXIS);
    const xl = tickLabel(snapZero(xv, xr));
    r.text(xp - textWidth(xl) / 2, f.y0 + f.h + 6, xl, AXIS);
    const yl = tickLabel(snapZero(yv, yr));
    r.text(f.x0 - 5 - textWidth(yl), yp - GLYPH_HEIGHT / 2, yl, AXIS);
  }
  r.text((r.width - textWidth(title)) / 2, 6, title);
  r.text(f.x0 + (f.w - textWidth(xLabel)) / 2, r.height - 11, xLabel, AXIS);
  r.text(2, f.y0 - 12, yLabel, AXIS);
  return f;
}

/** A line plot of one or more series sharing x; colours cycle. */
export function linePlot(width: number, height: number, title: string, x: ArrayLike<number>, series: { label: string; y: ArrayLike<number>; color: Rgb }[], xLabel: string, yLabel: string): Raster {
  const r = new Raster(width, height);
  const all = series.flatMap((s) => Array.from(s.y));
  const f = axes(r, title, niceRange(x, 0), niceRange(all), xLabel, yLabel);
  for (const s of series) {
    for (let i = 1; i < x.length; i++) {
      if (Number.isFinite(s.y[i - 1]) && Number.isFinite(s.y[i])) r.line(px(f, x[i - 1]), py(f, s.y[i - 1]), px(f, x[i]), py(f, s.y[i]), s.color, 2);
    }
  }
  let lx = f.x0 + 6;
  for (const s of series) {
    r.rect(lx, f.y0 + 4, 10, 3, s.color);
    lx += 14 + r.text(lx + 14, f.y0 + 2, s.label, s.color) + 10;
  }
  return r;
}

/**
 * A heat map panel: values rows × cols row-major (row 0 at the bottom) over the box xr × yr, a colour
 * bar with its range, and optional overlaid points (data coordinates).
 */
export function heatmapPlot(width: number, height: number, title: string, values: ArrayLike<number>, rows: number, cols: number,
  xr: readonly [number, number], yr: readonly [number, number], xLabel: string, yLabel: string,
  points: { x: number; y: number; color: Rgb; radius?: number }[] = [], range?: readonly [number, number]): Raster {
  const r = new Raster(width, height);
  const [lo, hi] = range ?? niceRange(values, 0);
  const barW = 12;
  const inner = new Raster(width - barW - 46, height);
  const f = axes(inner, title, xr, yr, xLabel, yLabel);
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < cols; i++) {
      const v = values[j * cols + i];
      const c = Number.isFinite(v) ? viridis((v - lo) / (hi - lo || 1)) : [150, 150, 150] as const;
      const x0 = f.x0 + (i * f.w) / cols;
      const y0 = f.y0 + f.h - ((j + 1) * f.h) / rows;
      inner.rect(x0, y0, f.w / cols + 1, f.h / rows + 1, c);
    }
  }
  for (const p of points) inner.disc(px(f, p.x), py(f, p.y), p.radius ?? 2, p.color);
  r.paste(inner, 0, 0);
  const bx = inner.width + 4;
  for (let y = 0; y < f.h; y++) r.rect(bx, f.y0 + y, barW, 1, viridis(1 - y / (f.h - 1)));
  r.text(bx + barW + 3, f.y0, tickLabel(hi), AXIS);
  r.text(bx + barW + 3, f.y0 + f.h - GLYPH_HEIGHT, tickLabel(lo), AXIS);
  return r;
}

/** Lays panels out side by side (same height assumed). */
export function row(panels: Raster[]): Raster {
  const out = new Raster(panels.reduce((a, p) => a + p.width, 0), Math.max(...panels.map((p) => p.height)));
  let x = 0;
  for (const p of panels) {
    out.paste(p, x, 0);
    x += p.width;
  }
  return out;
}

/** A 2-D histogram of points (x, y pairs, flat) over the box xr × yr, as a heat map of counts. */
export function densityPlot(width: number, height: number, title: string, xy: ArrayLike<number>, xr: readonly [number, number],
  yr: readonly [number, number], xLabel: string, yLabel: string, bins = 40): Raster {
  const counts = new Float64Array(bins * bins);
  for (let p = 0; p + 1 < xy.length; p += 2) {
    const i = Math.floor(((xy[p] - xr[0]) / (xr[1] - xr[0])) * bins);
    const j = Math.floor(((xy[p + 1] - yr[0]) / (yr[1] - yr[0])) * bins);
    if (i >= 0 && i < bins && j >= 0 && j < bins) counts[j * bins + i] += 1;
  }
  return heatmapPlot(width, height, title, counts.map((c) => Math.log1p(c)), bins, bins, xr, yr, xLabel, yLabel);
}

/**
 * Small multiples: curves (rows x cols of a grid, each `samples` long, row-major rows x cols x samples) drawn
 * in cells on one shared y range; row 0 at the bottom, like the latent grid it comes from.
 */
export function curveGrid(width: number, height: number, title: string, curves: ArrayLike<number>, rows: number, cols: number, samples: number): Raster {
  const r = new Raster(width, height);
  r.text((width - textWidth(title)) / 2, 4, title);
  const [lo, hi] = niceRange(curves);
  const top = 16;
  const cw = width / cols;
  const ch = (height - top) / rows;
  for (let a = 0; a < rows; a++) {
    for (let b = 0; b < cols; b++) {
      const x0 = b * cw + 2;
      const y0 = top + (rows - 1 - a) * ch + 2;
      const w = cw - 4;
      const h = ch - 4;
      r.line(x0, y0 + h, x0 + w, y0 + h, [200, 200, 200]);
      const base = (a * cols + b) * samples;
      let prev: [number, number] | undefined;
      for (let k = 0; k < samples; k += Math.max(1, Math.floor(samples / w))) {
        const p: [number, number] = [x0 + (k / (samples - 1)) * w, y0 + h - ((curves[base + k] - lo) / (hi - lo)) * h];
        if (prev) r.line(prev[0], prev[1], p[0], p[1], [31, 119, 180]);
        prev = p;
      }
    }
  }
  return r;
}
