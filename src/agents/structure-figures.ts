/**
 * W3's own figures: the structural scan the candidates come from (with the measured pixels), and the switching
 * loops (response vs bias) at the best, the latest, the worst and a middle measured pixel.
 */
import { flattenNested } from '../events/nested-array.ts';
import type { CampaignConfig } from '../config.ts';
import { heatImage } from '../figures/heat-image.ts';
import { type LabelledLoop, loopsSpec } from '../figures/loops-spec.ts';
import { mapSpec } from '../figures/map-spec.ts';
import { MARKER_STYLE, type MarkedPoint } from '../figures/marker-styles.ts';
import type { VegaLiteSpec } from '../figures/render-figure.ts';
import type { FigureInputs } from './campaign-figures.ts';
import { runSubtitle, rangeOf } from './campaign-figures.ts';
import { extremum } from './campaign-report.ts';
import type { ObjectiveLabel } from './objective-label.ts';
import { channelTitle } from './objective-label.ts';
import type { StructureScan } from './workflows/dkl-microscope.ts';

/** Loop colours: each the fill of its pixel's marker on the maps. */
const LOOP_COLOURS = { best: MARKER_STYLE.best.fill, latest: MARKER_STYLE.latest.fill, worst: MARKER_STYLE['worst (loop shown)'].fill, median: MARKER_STYLE['median (loop shown)'].fill } as const;

/** An evaluation whose loop is drawn, and why. */
export interface LoopPick {
  readonly evaluation: number;
  readonly why: 'best' | 'latest' | 'worst' | 'median';
}

/** Up to four distinct evaluations to draw loops of: best, latest, worst and the median value. */
export function loopPicks(y: readonly number[], direction: CampaignConfig['agent']['direction']): LoopPick[] {
  if (y.length === 0) return [];
  const order = y.map((_, i) => i).sort((a, b) => y[a] - y[b]);
  const best = extremum(y, direction).index;
  const worst = extremum(y, direction === 'maximize' ? 'minimize' : 'maximize').index;
  const wanted: LoopPick[] = [
    { evaluation: best, why: 'best' }, { evaluation: y.length - 1, why: 'latest' },
    { evaluation: worst, why: 'worst' }, { evaluation: order[Math.floor(order.length / 2)], why: 'median' },
  ];
  return wanted.filter((p, i) => wanted.findIndex((q) => q.evaluation === p.evaluation) === i);
}

/** The loop stored in an evaluation's record (nested [3, m]: bias, on-field, off-field), if any. */
function recordLoop(record: Readonly<Record<string, unknown>> | undefined): { bias: number[]; on: number[]; off: number[] } | undefined {
  const nested = flattenNested(record?.loop);
  if (!nested || nested.shape.length !== 2 || nested.shape[0] !== 3 || nested.shape[1] === 0) return undefined;
  const loop = nested.data;
  const m = nested.shape[1];
  return { bias: loop.slice(0, m), on: loop.slice(m, 2 * m), off: loop.slice(2 * m) };
}

/** The scan map and the loops figure (the latter only when the records hold loops). */
export async function structureFigures(f: FigureInputs, label: ObjectiveLabel, points: readonly MarkedPoint[], picks: readonly LoopPick[]): Promise<{ name: string; spec: VegaLiteSpec }[]> {
  const out: { name: string; spec: VegaLiteSpec }[] = [];
  const scan = f.prepared.info.structure_scan as StructureScan | undefined;
  if (scan) {
    const domain = rangeOf([scan.image]);
    out.push({
      name: 'structure',
      spec: mapSpec({
        title: `${f.config.name}: structural scan and measured pixels`,
        subtitle: `${scan.channel} ${scan.nx} × ${scan.ny} px over ${scan.sizeUm} µm; ${runSubtitle(f.config, f.y.length)}`,
        x: { title: 'x (µm)', edges: [0, scan.sizeUm] }, y: { title: 'y (µm)', edges: [0, scan.sizeUm] },
        colour: { title: channelTitle(scan.channel), domain, scheme: 'greys' },
        panels: [{ title: '', image: await heatImage(scan.image, scan.nx, scan.ny, domain, 'greys') }],
        points,
      }),
    });
  }
  const coordinates = f.prepared.coordinates;
  const loops: LabelledLoop[] = [];
  for (const p of picks) {
    const loop = recordLoop(f.records[p.evaluation]);
    if (!loop) continue;
    const k = f.candidates[p.evaluation];
    const at = coordinates ? ` at (${coordinates[2 * k].toFixed(2)}, ${coordinates[2 * k + 1].toFixed(2)}) µm` : '';
    loops.push({ label: `${p.why} (evaluation ${p.evaluation + 1})${at}: ${label.short} ${f.y[p.evaluation].toPrecision(3)}`, colour: LOOP_COLOURS[p.why], ...loop });
  }
  if (loops.length > 0) {
    out.push({
      name: 'loops',
      spec: loopsSpec({
        title: `${f.config.name}: switching loops at measured pixels`,
        subtitle: `objective: ${label.title}`,
        loops, biasTitle: 'tip bias (V)', responseTitle: 'piezoresponse (a.u.)',
      }),
    });
  }
  return out;
}
