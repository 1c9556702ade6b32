/**
 * Heat-map figures: one or more panels of a gridded quantity (each a PNG image from heat-image.ts) over real axes,
 * a colour bar titled with the quantity and its units shared by the panels, and measured points marked by role.
 */
import { type MarkedPoint, markerLayers } from './marker-styles.ts';
import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from './render-figure.ts';
import { twoLines } from './two-lines.ts';

/** One map axis: its title with units and the outer edges of the first and last cells (data units). */
export interface MapAxis {
  readonly title: string;
  readonly edges: readonly [number, number];
  readonly log?: boolean;
}

/** One panel: its title and its image (a data URI from heatImage over the same grid and domain). */
export interface MapPanel {
  readonly title: string;
  readonly image: string;
}

export interface MapOptions {
  readonly title: string;
  readonly subtitle?: string;
  readonly x: MapAxis;
  readonly y: MapAxis;
  /** The colour bar: title with units, the value range the images were coloured over, the scheme. */
  readonly colour: { readonly title: string; readonly domain: readonly [number, number]; readonly scheme?: string };
  readonly panels: readonly MapPanel[];
  readonly points?: readonly MarkedPoint[];
  /** Plot area of each panel (px); default 300 × 300. */
  readonly width?: number;
  readonly height?: number;
}

/** Cell edges of a grid whose first and last cell centres are `centres` (n cells, equal steps on a linear or log axis). */
export function cellEdges(centres: readonly [number, number], n: number, log = false): [number, number] {
  const [a, b] = log ? [Math.log10(centres[0]), Math.log10(centres[1])] : centres;
  const half = n > 1 ? (b - a) / (n - 1) / 2 : 0.5 * (Math.abs(a) || 1);
  const out: [number, number] = [a - half, b + half];
  return log ? [10 ** out[0], 10 ** out[1]] : out;
}

function axisEncoding(a: MapAxis, field: string) {
  return {
    field, type: 'quantitative', title: a.title,
    scale: { domain: [...a.edges], nice: false, ...(a.log ? { type: 'log' } : { zero: false }) },
    axis: { tickCount: 5 },
  };
}

function panelSpec(o: MapOptions, p: MapPanel): VegaLiteSpec {
  return {
    title: { text: p.title, fontSize: 12 },
    width: o.width ?? 300,
    height: o.height ?? 300,
    layer: [
      {
        data: { values: [{ url: p.image, x0: o.x.edges[0], x1: o.x.edges[1], y0: o.y.edges[0], y1: o.y.edges[1] }] },
        mark: { type: 'image', aspect: false, smooth: false },
        encoding: {
          x: axisEncoding(o.x, 'x0'), x2: { field: 'x1' }, y: axisEncoding(o.y, 'y0'), y2: { field: 'y1' },
          url: { field: 'url', type: 'nominal' },
        },
      },
      // Carries the colour scale (and so the colour bar) for the image, whose pixels were coloured over the same domain.
      {
        data: { values: o.colour.domain.map((v) => ({ v })) },
        mark: { type: 'point', opacity: 0 },
        encoding: {
          color: {
            field: 'v', type: 'quantitative', title: twoLines(o.colour.title),
            scale: { domain: [...o.colour.domain], scheme: o.colour.scheme ?? 'viridis', nice: false },
            legend: { orient: 'right', gradientLength: Math.min(220, o.height ?? 300), titleLimit: 320 },
          },
        },
      },
      ...markerLayers(o.points ?? [], 'points'),
    ],
  };
}

/** The figure: panels side by side sharing the colour bar (one panel: a single unit, its panel title unused). */
export function mapSpec(o: MapOptions): VegaLiteSpec {
  const title = { text: o.title, ...(o.subtitle ? { subtitle: o.subtitle } : {}) };
  if (o.panels.length === 1) {
    const { title: _panelTitle, ...unit } = panelSpec(o, o.panels[0]);
    return { $schema: VEGA_LITE_SCHEMA, title, ...unit };
  }
  return {
    $schema: VEGA_LITE_SCHEMA, title,
    hconcat: o.panels.map((p) => panelSpec(o, p)),
    resolve: { scale: { color: 'shared', shape: 'shared', fill: 'shared' }, legend: { color: 'shared' } },
  };
}
