/**
 * The figures of a finished run, each written as NAME.svg, NAME.png (2×) and NAME.vl.json in the run's folder:
 * the objective vs evaluation, the true surface beside the model's (with the explored points), the workflow's own
 * (e.g. the VAE latent space and manifold), and for W3 the structural scan and the switching loops.
 */
import { join } from 'node:path';
import type { CampaignConfig } from '../config.ts';
import { heatImage } from '../figures/heat-image.ts';
import { type MapAxis, cellEdges, mapSpec } from '../figures/map-spec.ts';
import type { MarkedPoint, MarkerRole } from '../figures/marker-styles.ts';
import { objectiveSpec } from '../figures/objective-spec.ts';
import { type VegaLiteSpec, renderFigure } from '../figures/render-figure.ts';
import { bestSoFar, evaluationsToReach, evaluationsToReachAfter, extremum } from './campaign-report.ts';
import { objectiveLabel } from './objective-label.ts';
import { loopPicks, structureFigures } from './structure-figures.ts';
import type { CandidateGrid, PreparedWorkflow } from './workflows/prepared-workflow.ts';

/** What the figures show: the run's config and prepared workflow, its measurements, and the final model mean. */
export interface FigureInputs {
  readonly dir: string;
  readonly config: CampaignConfig;
  readonly prepared: PreparedWorkflow;
  /** Measured candidate indices and values, in evaluation order. */
  readonly candidates: readonly number[];
  readonly y: readonly number[];
  /** Each evaluation's event data (W3 keeps the loop and pixel there). */
  readonly records: readonly Readonly<Record<string, unknown>>[];
  /** The final model mean over every candidate. */
  readonly reconstruction?: Float64Array;
}

/** Writes every figure of the run; returns the PNG paths. */
export async function writeCampaignFigures(f: FigureInputs): Promise<string[]> {
  const specs = await campaignFigureSpecs(f);
  const written: string[] = [];
  for (const { name, spec } of specs) written.push((await renderFigure(spec, join(f.dir, name))).png);
  return written;
}

/** The run's figures as named Vega-Lite specs (no files written). */
export async function campaignFigureSpecs(f: FigureInputs): Promise<{ name: string; spec: VegaLiteSpec }[]> {
  const out: { name: string; spec: VegaLiteSpec }[] = [];
  const cfg = f.config;
  const label = objectiveLabel(cfg);
  const truth = f.prepared.groundTruth;
  const optimum = truth ? extremum(truth, cfg.agent.direction).value : undefined;
  if (f.y.length > 0) {
    const curve = bestSoFar(f.y, cfg.agent.direction);
    const at = optimum !== undefined ? evaluationsToReach(curve, optimum) : null;
    const reached99 = at === null ? undefined : { evaluation: at, afterRandom: evaluationsToReachAfter(curve, optimum!, Math.min(cfg.agent.initialPoints, f.y.length)) };
    out.push({
      name: 'objective',
      spec: objectiveSpec({
        title: `${cfg.name}: ${label.short} vs evaluation`, subtitle: runSubtitle(cfg, f.y.length), objective: label.title,
        y: f.y, direction: cfg.agent.direction, initialPoints: cfg.agent.initialPoints, optimum, reached99,
      }),
    });
  }
  const g = f.prepared.grid;
  const picks = cfg.workflow.kind === 'dkl-microscope' ? loopPicks(f.y, cfg.agent.direction) : [];
  const points = markedPoints(f, new Map(picks.map((p) => [f.candidates[p.evaluation], p.why])));
  if (g && (truth || f.reconstruction)) {
    const values = [truth, f.reconstruction].filter((v): v is Float64Array => v !== undefined);
    const domain = rangeOf(values);
    const panels = [];
    if (truth) panels.push({ title: 'ground truth (every candidate measured)', image: await heatImage(truth, g.nx, g.ny, domain) });
    if (f.reconstruction) panels.push({ title: `model mean after ${f.y.length} evaluations`, image: await heatImage(f.reconstruction, g.nx, g.ny, domain) });
    const axes = gridAxes(g);
    out.push({
      name: 'surface',
      spec: mapSpec({ title: `${cfg.name}: ${label.short} over the candidates`, subtitle: runSubtitle(cfg, f.y.length), ...axes, colour: { title: label.title, domain }, panels, points }),
    });
  }
  for (const extra of f.prepared.figures ?? []) out.push(extra);
  if (cfg.workflow.kind === 'dkl-microscope') out.push(...await structureFigures(f, label, points, picks));
  return out;
}

/** "n evaluations · surrogate · acquisition" for subtitles. */
export function runSubtitle(cfg: CampaignConfig, n: number): string {
  return `${n} evaluations (${cfg.agent.initialPoints} random), surrogate ${cfg.surrogate.kind}, acquisition ${cfg.acquisition.kind}`;
}

/** The grid's axes as the maps draw them (real k on a log axis when the grid stores log10 k). */
export function gridAxes(g: CandidateGrid): { x: MapAxis; y: MapAxis } {
  const xCentres: [number, number] = g.xLog10 ? [10 ** g.x[0], 10 ** g.x[1]] : [g.x[0], g.x[1]];
  return {
    x: { title: g.titles?.x ?? g.xLabel, edges: cellEdges(xCentres, g.nx, g.xLog10), log: g.xLog10 },
    y: { title: g.titles?.y ?? g.yLabel, edges: cellEdges([g.y[0], g.y[1]], g.ny) },
  };
}

/** Every measured candidate on the grid's axes, once, with its role (best over latest over a shown loop's over explored). */
export function markedPoints(f: Pick<FigureInputs, 'prepared' | 'candidates' | 'y' | 'config'>, shown: ReadonlyMap<number, string> = new Map()): MarkedPoint[] {
  const c = f.prepared.coordinates;
  if (!c || f.candidates.length === 0) return [];
  const best = f.candidates[extremum(f.y, f.config.agent.direction).index];
  const latest = f.candidates[f.candidates.length - 1];
  const log = f.prepared.grid?.xLog10 ?? false;
  const roles = new Map<number, MarkerRole>();
  const loopRole = (k: number): MarkerRole => shown.get(k) === 'worst' ? 'worst (loop shown)' : shown.get(k) === 'median' ? 'median (loop shown)' : 'explored';
  for (const k of f.candidates) roles.set(k, k === best ? 'best' : k === latest ? 'latest' : loopRole(k));
  return [...roles].map(([k, role]) => ({ x: log ? 10 ** c[2 * k] : c[2 * k], y: c[2 * k + 1], role }));
}

/** [min, max] over finite values of several arrays ([0, 1] if none). */
export function rangeOf(arrays: readonly ArrayLike<number>[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++) {
      if (Number.isFinite(a[i])) {
        lo = Math.min(lo, a[i]);
        hi = Math.max(hi, a[i]);
      }
    }
  }
  return Number.isFinite(lo) ? (hi > lo ? [lo, hi] : [lo - 0.5, hi + 0.5]) : [0, 1];
}
