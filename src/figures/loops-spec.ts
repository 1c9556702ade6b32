/**
 * Switching loops (response vs bias) at a few locations, one colour per location named in the legend; the off-field
 * (remanent) and on-field responses side by side, each loop drawn in measurement order and closed by a dashed
 * segment from its last sample back to its first, as the loop-area integral closes it.
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
/** The subtitle line that explains the dashed segment. */
export const CLOSING_NOTE = 'dashed: the loop closed from its last sample back to its first, as the area integral closes it';

/** The spec (a column per response, a line per loop). */
export function loopsSpec(o: LoopsOptions): VegaLiteSpec {
  const values: { loop: string; branch: string; segment: 'measured' | 'closing'; k: number; bias: number; response: number }[] = [];
  for (const l of o.loops) {
    const m = l.bias.length;
    for (const [branch, r] of [[BRANCHES[0], l.off], [BRANCHES[1], l.on]] as const) {
      for (let k = 0; k < m; k++) values.push({ loop: l.label, branch, segment: 'measured', k, bias: l.bias[k], response: r[k] });
      if (m > 2) {
        values.push({ loop: l.label, branch, segment: 'closing', k: m - 1, bias: l.bias[m - 1], response: r[m - 1] });
        values.push({ loop: l.label, branch, segment: 'closing', k: m, bias: l.bias[0], response: r[0] });
      }
    }
  }
  const subtitle = [...(o.subtitle ? [o.subtitle] : []), CLOSING_NOTE];
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: o.title, subtitle },
    data: { values },
    facet: { column: { field: 'branch', type: 'nominal', sort: [...BRANCHES], title: null, header: { labelFontSize: 12 } } },
    spec: {
      width: 280,
      height: 220,
      encoding: {
        x: { field: 'bias', type: 'quantitative', title: o.biasTitle },
        y: { field: 'response', type: 'quantitative', title: o.responseTitle, scale: { zero: false } },
        color: { field: 'loop', type: 'nominal', title: 'pixel', scale: { domain: o.loops.map((l) => l.label), range: o.loops.map((l) => l.colour) }, legend: { orient: 'bottom', direction: 'vertical', labelLimit: 0 } },
        order: { field: 'k', type: 'quantitative' },
      },
      layer: [
        { transform: [{ filter: "datum.segment === 'measured'" }], mark: { type: 'line', point: { size: 14, filled: true }, strokeWidth: 1.5 } },
        { transform: [{ filter: "datum.segment === 'closing'" }], mark: { type: 'line', strokeWidth: 1.2, strokeDash: [4, 3], opacity: 0.8 } },
      ],
    },
  };
}
