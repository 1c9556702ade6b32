/**
 * Predicted vs measured switching loops at a few pixels: one panel per pixel, the measured loop solid, the
 * prediction dashed, and (with an ensemble) its ±2σ interval as a bar at each bias point; loops drawn in measurement order.
 */
import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from './render-figure.ts';

/** One pixel's loops: its panel label, bias (V), measured and predicted responses and optional predictive std (same length). */
export interface PredictedLoop {
  readonly label: string;
  readonly bias: ArrayLike<number>;
  readonly measured: ArrayLike<number>;
  readonly predicted: ArrayLike<number>;
  readonly std?: ArrayLike<number>;
}

export interface PredictedLoopsOptions {
  readonly title: string;
  readonly subtitle?: string;
  readonly loops: readonly PredictedLoop[];
  /** Axis titles with units. */
  readonly biasTitle: string;
  readonly responseTitle: string;
  /** Panels per row (default 4). */
  readonly columns?: number;
}

/** The spec (a facet per pixel; measured and predicted lines, ±2σ bars when std is given). */
export function predictedLoopsSpec(o: PredictedLoopsOptions): VegaLiteSpec {
  const values: { pixel: string; curve: string; k: number; bias: number; response: number; lo?: number; hi?: number }[] = [];
  for (const l of o.loops) {
    for (let k = 0; k < l.bias.length; k++) {
      values.push({ pixel: l.label, curve: 'measured', k, bias: l.bias[k], response: l.measured[k] });
      const s = l.std ? 2 * l.std[k] : undefined;
      values.push({ pixel: l.label, curve: 'predicted', k, bias: l.bias[k], response: l.predicted[k], ...(s !== undefined ? { lo: l.predicted[k] - s, hi: l.predicted[k] + s } : {}) });
    }
  }
  const x = { field: 'bias', type: 'quantitative', title: o.biasTitle };
  const layers: VegaLiteSpec[] = [];
  if (o.loops.some((l) => l.std)) {
    layers.push({
      transform: [{ filter: "datum.curve === 'predicted'" }],
      mark: { type: 'rule', opacity: 0.45, color: '#d95f02', strokeWidth: 2 },
      encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } },
    });
  }
  layers.push({
    mark: { type: 'line', point: { size: 10, filled: true }, strokeWidth: 1.5 },
    encoding: {
      x,
      y: { field: 'response', type: 'quantitative', title: o.responseTitle, scale: { zero: false } },
      color: { field: 'curve', type: 'nominal', title: null, scale: { domain: ['measured', 'predicted'], range: ['#1b9e77', '#d95f02'] }, legend: { orient: 'bottom' } },
      strokeDash: { field: 'curve', type: 'nominal', scale: { domain: ['measured', 'predicted'], range: [[1, 0], [5, 3]] } },
      order: { field: 'k', type: 'quantitative' },
    },
  });
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: o.title, ...(o.subtitle ? { subtitle: o.subtitle } : {}) },
    data: { values },
    facet: { field: 'pixel', type: 'nominal', sort: o.loops.map((l) => l.label), title: null, header: { labelFontSize: 11 } },
    columns: o.columns ?? 4,
    spec: { width: 180, height: 140, layer: layers },
  };
}
