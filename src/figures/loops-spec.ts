/**
 * Switching loops (response vs bias) at a few locations, one colour per location named in the legend; the off-field
 * (remanent) and on-field responses side by side, each loop drawn in measurement order.
 */
import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from './render-figure.ts';

/** One measured loop: its legend label and bias (V), on-field and off-field responses (same length). */
export interface LabelledLoop {
  readonly label: string;
  readonly bias: ArrayLike<number>;
  readonly on: ArrayLike<number>;
  readonly off: ArrayLike<number>;
  /** Line colour (CSS), e.g. the fill of the loop's marker on the maps. */
  readonly colour: string;
}

export interface LoopsOptions {
  readonly title: string;
  readonly subtitle?: string;
  readonly loops: readonly LabelledLoop[];
  /** Axis titles with units. */
  readonly biasTitle: string;
  readonly responseTitle: string;
}

const BRANCHES = ['off-field (remanent)', 'on-field'] as const;

/** The spec (a column per response, a line per loop). */
export function loopsSpec(o: LoopsOptions): VegaLiteSpec {
  const values: { loop: string; branch: string; k: number; bias: number; response: number }[] = [];
  for (const l of o.loops) {
    for (let k = 0; k < l.bias.length; k++) {
      values.push({ loop: l.label, branch: BRANCHES[0], k, bias: l.bias[k], response: l.off[k] });
      values.push({ loop: l.label, branch: BRANCHES[1], k, bias: l.bias[k], response: l.on[k] });
    }
  }
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: o.title, ...(o.subtitle ? { subtitle: o.subtitle } : {}) },
    data: { values },
    facet: { column: { field: 'branch', type: 'nominal', sort: [...BRANCHES], title: null, header: { labelFontSize: 12 } } },
    spec: {
      width: 280,
      height: 220,
      mark: { type: 'line', point: { size: 14, filled: true }, strokeWidth: 1.5 },
      encoding: {
        x: { field: 'bias', type: 'quantitative', title: o.biasTitle },
        y: { field: 'response', type: 'quantitative', title: o.responseTitle, scale: { zero: false } },
        color: { field: 'loop', type: 'nominal', title: 'pixel', scale: { domain: o.loops.map((l) => l.label), range: o.loops.map((l) => l.colour) }, legend: { orient: 'bottom', direction: 'vertical', labelLimit: 0 } },
        order: { field: 'k', type: 'quantitative' },
      },
    },
  };
}
