/**
 * Small multiples of curves laid out on a 2-D grid (the decoded manifold of a trajectory VAE): one cell per grid
 * point, headed by its coordinates, every cell on one shared y scale so shapes and amplitudes compare.
 */
import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from './render-figure.ts';

export interface CurveGridOptions {
  readonly title: string;
  readonly subtitle?: string;
  /** rows × cols curves of `samples` values, row-major; row r at grid y `rowValues[r]`, column c at `colValues[c]`. */
  readonly curves: ArrayLike<number>;
  readonly samples: number;
  readonly colValues: readonly number[];
  readonly rowValues: readonly number[];
  readonly colTitle: string;
  readonly rowTitle: string;
  /** Axis titles of each cell: the sample axis and the curve's value, with units. */
  readonly xTitle: string;
  readonly yTitle: string;
  /** Points kept per curve (evenly spaced; default 120). */
  readonly keep?: number;
}

/** The faceted Vega-Lite spec; the highest row value is drawn at the top, as on a y-up latent plane. */
export function curveGridSpec(o: CurveGridOptions): VegaLiteSpec {
  const rows = o.rowValues.length;
  const cols = o.colValues.length;
  if (o.curves.length !== rows * cols * o.samples) throw new RangeError(`curve grid: expected ${rows} × ${cols} × ${o.samples} values, got ${o.curves.length}`);
  const keep = Math.min(o.samples, o.keep ?? 120);
  const values: { row: number; col: number; t: number; v: number }[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const base = (r * cols + c) * o.samples;
      for (let k = 0; k < keep; k++) {
        const t = keep === 1 ? 0 : Math.round((k * (o.samples - 1)) / (keep - 1));
        values.push({ row: o.rowValues[r], col: o.colValues[c], t, v: o.curves[base + t] });
      }
    }
  }
  return {
    $schema: VEGA_LITE_SCHEMA,
    // The cells' axis titles once, in the subtitle, rather than repeated beside every row and under every column.
    title: { text: o.title, subtitle: [...(o.subtitle ? [o.subtitle] : []), `in each cell: ${o.yTitle} (up) vs ${o.xTitle} (across), one shared scale`] },
    data: { values },
    facet: {
      row: { field: 'row', type: 'ordinal', sort: 'descending', title: o.rowTitle, header: { format: '.2f', labelAngle: 0, labelFontSize: 10 } },
      column: { field: 'col', type: 'ordinal', sort: 'ascending', title: o.colTitle, header: { format: '.2f', labelFontSize: 10 } },
    },
    spacing: 4,
    spec: {
      width: 64,
      height: 44,
      mark: { type: 'line', strokeWidth: 1.2, color: '#1f77b4' },
      encoding: {
        x: { field: 't', type: 'quantitative', title: null, axis: { tickCount: 2, labelFontSize: 9, format: '~s' }, scale: { domain: [0, o.samples - 1], nice: false } },
        y: { field: 'v', type: 'quantitative', title: null, axis: { tickCount: 3, labelFontSize: 9 } },
      },
    },
    resolve: { scale: { x: 'shared', y: 'shared' } },
  };
}
