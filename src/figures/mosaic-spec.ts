/**
 * A mosaic image (e.g. decoded VAE tiles over a latent traversal) on latent axes: tile centres ticked and labelled
 * with the latent values they were decoded at, which need not be evenly spaced (normal quantiles, say).
 */
import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from './render-figure.ts';

export interface MosaicOptions {
  readonly title: string;
  readonly subtitle?: string | readonly string[];
  /** PNG data URI of the mosaic: rows × cols tiles, tile (r, c) at row r from the top. */
  readonly image: string;
  /** Latent value of each column (left to right) and of each row (bottom to top). */
  readonly colValues: readonly number[];
  readonly rowValues: readonly number[];
  readonly colTitle: string;
  readonly rowTitle: string;
  /** Plot size (px), e.g. the mosaic's own so tiles are drawn 1:1. */
  readonly width: number;
  readonly height: number;
}

function axis(field: string, title: string, values: readonly number[]) {
  const labels = JSON.stringify(values.map((v) => v.toFixed(2).replace('-', '−')));
  return {
    field, type: 'quantitative', title,
    scale: { domain: [0, values.length], nice: false, zero: false },
    axis: { values: values.map((_, i) => i + 0.5), labelExpr: `${labels}[floor(datum.value)]`, tickCount: values.length, labelOverlap: false, labelFontSize: 10, grid: false },
  };
}

/** The spec: one image mark over [0, cols] × [0, rows] with the tile centres labelled by their latent values. */
export function mosaicSpec(o: MosaicOptions): VegaLiteSpec {
  const cols = o.colValues.length;
  const rows = o.rowValues.length;
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: o.title, ...(o.subtitle ? { subtitle: o.subtitle } : {}) },
    width: o.width,
    height: o.height,
    data: { values: [{ url: o.image, x0: 0, x1: cols, y0: 0, y1: rows }] },
    mark: { type: 'image', aspect: false, smooth: false },
    encoding: {
      x: axis('x0', o.colTitle, o.colValues), x2: { field: 'x1' },
      y: axis('y0', o.rowTitle, o.rowValues), y2: { field: 'y1' },
      url: { field: 'url', type: 'nominal' },
    },
  };
}
