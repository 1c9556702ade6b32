/** A 2-D histogram of points (e.g. encoded training data in a latent plane): binned counts on a log colour scale. */
import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from './render-figure.ts';

export interface DensityOptions {
  readonly title: string;
  readonly subtitle?: string;
  /** n points as (x, y) pairs, flat. */
  readonly xy: ArrayLike<number>;
  readonly xTitle: string;
  readonly yTitle: string;
  /** The box to bin over (points outside are dropped) and the bins per axis (default 40). */
  readonly x: readonly [number, number];
  readonly y: readonly [number, number];
  readonly bins?: number;
  /** What a point is, for the colour bar ("trajectories per bin"). */
  readonly countTitle: string;
}

/** The spec: counts per bin precomputed (only non-empty bins are drawn), colour bar on a log scale. */
export function densitySpec(o: DensityOptions): VegaLiteSpec {
  const bins = o.bins ?? 40;
  const dx = (o.x[1] - o.x[0]) / bins;
  const dy = (o.y[1] - o.y[0]) / bins;
  const counts = new Map<number, number>();
  for (let p = 0; p + 1 < o.xy.length; p += 2) {
    const i = Math.floor((o.xy[p] - o.x[0]) / dx);
    const j = Math.floor((o.xy[p + 1] - o.y[0]) / dy);
    if (i >= 0 && i < bins && j >= 0 && j < bins) counts.set(j * bins + i, (counts.get(j * bins + i) ?? 0) + 1);
  }
  const values = [...counts].map(([cell, count]) => {
    const i = cell % bins;
    const j = Math.floor(cell / bins);
    return { x0: o.x[0] + i * dx, x1: o.x[0] + (i + 1) * dx, y0: o.y[0] + j * dy, y1: o.y[0] + (j + 1) * dy, count };
  });
  const axis = (field: string, title: string, domain: readonly [number, number]) => ({ field, type: 'quantitative', title, scale: { domain: [...domain], nice: false, zero: false } });
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: o.title, ...(o.subtitle ? { subtitle: o.subtitle } : {}) },
    width: 320,
    height: 300,
    data: { values },
    mark: { type: 'rect' },
    encoding: {
      x: axis('x0', o.xTitle, o.x), x2: { field: 'x1' },
      y: axis('y0', o.yTitle, o.y), y2: { field: 'y1' },
      color: { field: 'count', type: 'quantitative', title: o.countTitle, scale: { type: 'log', scheme: 'viridis' }, legend: { format: '~s', titleLimit: 220 } },
    },
  };
}
