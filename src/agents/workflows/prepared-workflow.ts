import type { VegaLiteSpec } from '../../figures/render-figure.ts';
import type { SearchSpace } from '../search-space.ts';

/** A 2-D grid of candidates (row j·nx + i at (x_i, y_j)), for maps and figures. */
export interface CandidateGrid {
  readonly nx: number;
  readonly ny: number;
  readonly x: readonly [number, number];
  readonly y: readonly [number, number];
  readonly xLabel: string;
  readonly yLabel: string;
  /** Figure axis titles with units (default: the labels). */
  readonly titles?: { readonly x: string; readonly y: string };
  /** x (range and coordinates) is log10 of the quantity; figures draw the quantity itself on a log axis. */
  readonly xLog10?: boolean;
}

/** A workflow ready to run: its search space, optional ground truth over every candidate, and metadata. */
export interface PreparedWorkflow {
  readonly space: SearchSpace;
  /** The objective at every candidate, when it was computed (simulator workflows). */
  readonly groundTruth?: Float64Array;
  readonly grid?: CandidateGrid;
  /** 2-D position of every candidate on the grid's axes, m x 2 row-major (for maps of explored points). */
  readonly coordinates?: Float64Array;
  /** 1 where a candidate breaks the instrument's limits: excluded from the search, greyed out on the dashboard (length m). */
  readonly infeasible?: Uint8Array;
  /** Extra figures of the preparation (e.g. the VAE's latent distribution) as specs, rendered beside the run's own as NAME.{svg,png,vl.json}. */
  readonly figures?: readonly { readonly name: string; readonly spec: VegaLiteSpec }[];
  /** Facts for the start document and the summary (e.g. VAE reconstruction error, cache hits). */
  readonly info: Readonly<Record<string, unknown>>;
}
