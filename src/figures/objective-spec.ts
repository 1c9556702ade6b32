/**
 * Objective vs evaluation: every measured value as a point, the best so far as a step line, the random start
 * shaded, the true optimum (when known) as a dashed rule, and the best and the latest evaluations marked.
 */
import { markerLayers } from './marker-styles.ts';
import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from './render-figure.ts';
import { twoLines } from './two-lines.ts';

export interface ObjectiveOptions {
  readonly title: string;
  readonly subtitle?: string;
  /** Axis title: the objective's name and units, e.g. "loop area |∮⟨p⟩dE| (Ec)". */
  readonly objective: string;
  /** Measured values in evaluation order. */
  readonly y: readonly number[];
  readonly direction: 'maximize' | 'minimize';
  /** Evaluations drawn at random before the model chose (shaded). */
  readonly initialPoints: number;
  /** The true optimum over every candidate, when a ground truth is known. */
  readonly optimum?: number;
  /**
   * Where the best so far first reached 99 % of the optimum (1-based evaluation) and how many evaluations after the
   * random start that was (null: already inside it); drawn as a dotted rule labelled with both.
   */
  readonly reached99?: { readonly evaluation: number; readonly afterRandom: number | null };
}

/** Plot area height (px). */
const HEIGHT = 280;
const SERIES = ['evaluation', 'best so far', 'true optimum'] as const;
const SERIES_COLOURS = ['#1f77b4', '#d62728', '#2ca02c'];

/** Best so far after each value (length n). */
function runningBest(y: readonly number[], direction: ObjectiveOptions['direction']): number[] {
  const out: number[] = [];
  for (const v of y) out.push(out.length === 0 ? v : direction === 'maximize' ? Math.max(out[out.length - 1], v) : Math.min(out[out.length - 1], v));
  return out;
}

/** Index of the first best value. */
function bestIndex(y: readonly number[], direction: ObjectiveOptions['direction']): number {
  let b = 0;
  for (let i = 1; i < y.length; i++) if (direction === 'maximize' ? y[i] > y[b] : y[i] < y[b]) b = i;
  return b;
}

/** The Vega-Lite spec of the figure (needs at least one value). */
export function objectiveSpec(o: ObjectiveOptions): VegaLiteSpec {
  const n = o.y.length;
  if (n === 0) throw new RangeError('objective figure: no evaluations');
  const best = runningBest(o.y, o.direction);
  const rows = o.y.map((y, i) => ({ evaluation: i + 1, y, best: best[i] }));
  const x = { field: 'evaluation', type: 'quantitative', title: 'evaluation (measurement number)', scale: { domain: [0.5, n + 0.5], nice: false }, axis: { tickMinStep: 1, format: 'd' } };
  const colour = { field: 'series', type: 'nominal', scale: { domain: [...SERIES], range: SERIES_COLOURS }, title: null, legend: { orient: 'right' } };
  const series = (name: (typeof SERIES)[number]) => [{ calculate: JSON.stringify(name), as: 'series' }];
  const random = Math.min(o.initialPoints, n);
  const b = bestIndex(o.y, o.direction);
  const layers: Record<string, unknown>[] = [];
  if (random > 0) {
    layers.push(
      { data: { values: [{ x0: 0.5, x1: random + 0.5 }] }, mark: { type: 'rect', color: '#e8e8e8' }, encoding: { x: { field: 'x0', type: 'quantitative' }, x2: { field: 'x1' } } },
      { data: { values: [{ x: 0.5, label: `random start (${random})` }] }, mark: { type: 'text', align: 'left', baseline: 'bottom', dx: 2, dy: -3, fontSize: 10, color: '#555' }, encoding: { x: { field: 'x', type: 'quantitative' }, y: { value: 0 }, text: { field: 'label' } } },
    );
  }
  layers.push(
    { transform: series('best so far'), mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2 }, encoding: { x, y: { field: 'best', type: 'quantitative' }, color: colour } },
    { transform: series('evaluation'), mark: { type: 'point', filled: true, size: 28, opacity: 0.85 }, encoding: { x, y: { field: 'y', type: 'quantitative', title: twoLines(o.objective), scale: { zero: false } }, color: colour } },
  );
  if (o.optimum !== undefined && Number.isFinite(o.optimum)) {
    layers.push({ data: { values: [{ y: o.optimum, series: 'true optimum' }] }, mark: { type: 'rule', strokeDash: [6, 4], strokeWidth: 1.5 }, encoding: { y: { field: 'y', type: 'quantitative' }, color: colour } });
  }
  if (o.reached99) {
    const { evaluation, afterRandom } = o.reached99;
    const label = afterRandom === null ? `99 % at ${evaluation} (inside the random start)` : `99 % at ${evaluation} (${afterRandom} after the random start)`;
    layers.push(
      { data: { values: [{ x: evaluation }] }, mark: { type: 'rule', strokeDash: [2, 3], color: '#555' }, encoding: { x: { field: 'x', type: 'quantitative' } } },
      { data: { values: [{ x: evaluation, label }] }, mark: { type: 'text', align: 'left', baseline: 'top', dx: 3, dy: 3, fontSize: 10, color: '#555' }, encoding: { x: { field: 'x', type: 'quantitative' }, y: { value: 0 }, text: { field: 'label' } } },
    );
  }
  const marked = [{ x: n, y: o.y[n - 1], role: 'latest' as const }, { x: b + 1, y: o.y[b], role: 'best' as const }];
  layers.push(...markerLayers(marked, 'evaluations'));
  return {
    $schema: VEGA_LITE_SCHEMA,
    // Offset: room above the plot for the random-start label, clear of the data.
    title: { text: o.title, offset: 16, ...(o.subtitle ? { subtitle: o.subtitle } : {}) },
    width: 460,
    height: HEIGHT,
    data: { values: rows },
    layer: layers,
    resolve: { scale: { color: 'shared' } },
  };
}
