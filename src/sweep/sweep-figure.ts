/** The heat map `ferroloop sweep grid --png` draws: the response over k × α_dep on the sweep's own axes, with a colour bar. */
import { heatImage } from '../figures/heat-image.ts';
import { cellEdges, mapSpec } from '../figures/map-spec.ts';
import type { VegaLiteSpec } from '../figures/render-figure.ts';
import type { Axis } from './axis.ts';
import { RESPONSE_LABELS } from './response-labels.ts';
import type { SummaryKey } from './sim-summary.ts';

const AXIS_TITLES: Readonly<Record<string, string>> = { k: 'coupling k (code units)', 'dep-alpha': 'depolarisation α_dep (code units)' };

/** The spec; values are rows (axes[1]) × columns (axes[0]) row-major, row 0 at the bottom. */
export async function sweepMapSpec(axes: readonly [Axis, Axis], values: ArrayLike<number>, response: SummaryKey, subtitle: string): Promise<VegaLiteSpec> {
  const [xa, ya] = axes;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (Number.isFinite(values[i])) {
      lo = Math.min(lo, values[i]);
      hi = Math.max(hi, values[i]);
    }
  }
  const domain: [number, number] = Number.isFinite(lo) ? (hi > lo ? [lo, hi] : [lo - 0.5, hi + 0.5]) : [0, 1];
  const axis = (a: Axis) => ({ title: AXIS_TITLES[a.name] ?? a.name, edges: cellEdges([a.min, a.max], a.count, a.scale === 'log'), log: a.scale === 'log' });
  return mapSpec({
    title: `FerroSIM sweep: ${RESPONSE_LABELS[response].replace(/ \(.*\)$/, '')} over k × α_dep`,
    subtitle,
    x: axis(xa), y: axis(ya),
    colour: { title: RESPONSE_LABELS[response], domain },
    panels: [{ title: '', image: await heatImage(values, xa.count, ya.count, domain) }],
    width: 360, height: 320,
  });
}
