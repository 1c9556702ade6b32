import { writeFileAtomic } from '../util/write-file-atomic.ts';
import { join } from 'node:path';
import { heatmapPlot, linePlot, row } from '../figures/plots.ts';
import type { Rgb } from '../figures/raster.ts';
import type { Direction } from './acquisition/acquisition.ts';
import { bestSoFar } from './campaign-report.ts';
import type { CandidateGrid } from './workflows/prepared-workflow.ts';

const RED: Rgb = [220, 40, 40];
const WHITE: Rgb = [255, 255, 255];
const BLUE: Rgb = [31, 119, 180];

/** What the figures show: measured candidates and values, the grid, truth and model mean over it. */
export interface FigureInputs {
  readonly dir: string;
  readonly title: string;
  readonly direction: Direction;
  readonly candidates: readonly number[];
  readonly y: readonly number[];
  readonly grid?: CandidateGrid;
  /** Candidate coordinates, m x 2 row-major (for the explored-points overlay). */
  readonly coordinates?: Float64Array;
  readonly truth?: Float64Array;
  readonly reconstruction?: Float64Array;
}

/**
 * Writes the run's PNG figures into `dir`: the true surface beside the model's reconstruction with the
 * explored points (when there is a grid), and the objective vs step with the best so far. Returns paths.
 */
export function writeCampaignFigures(f: FigureInputs): string[] {
  const written: string[] = [];
  const steps = f.y.map((_, i) => i + 1);
  const best = bestSoFar(f.y, f.direction);
  const series = [
    { label: 'objective', y: f.y, color: BLUE },
    { label: 'best so far', y: best, color: RED },
  ];
  if (f.truth) {
    const max = f.truth.reduce((a, v) => (f.direction === 'maximize' ? Math.max(a, v) : Math.min(a, v)));
    series.push({ label: 'true optimum', y: steps.map(() => max), color: [40, 160, 60] });
  }
  const objective = linePlot(520, 320, `${f.title}: objective vs step`, steps, series, 'evaluation', 'objective');
  written.push(save(f.dir, 'objective.png', objective.toPng()));
  if (f.grid && f.coordinates) {
    const g = f.grid;
    const points = f.candidates.map((c, i) => ({
      x: f.coordinates![2 * c], y: f.coordinates![2 * c + 1], color: i === f.candidates.length - 1 ? RED : WHITE, radius: i === f.candidates.length - 1 ? 3 : 1,
    }));
    const panels = [];
    const range = f.truth ? rangeOf(f.truth) : f.reconstruction ? rangeOf(f.reconstruction) : undefined;
    if (f.truth) panels.push(heatmapPlot(420, 360, 'ground truth', f.truth, g.ny, g.nx, g.x, g.y, g.xLabel, g.yLabel, points, range));
    if (f.reconstruction) panels.push(heatmapPlot(420, 360, 'model mean', f.reconstruction, g.ny, g.nx, g.x, g.y, g.xLabel, g.yLabel, points, range));
    if (panels.length > 0) written.push(save(f.dir, 'surface.png', row(panels).toPng()));
  }
  return written;
}

function rangeOf(v: Float64Array): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of v) {
    if (Number.isFinite(x)) {
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
  }
  return [lo, hi];
}

function save(dir: string, name: string, bytes: Buffer): string {
  const path = join(dir, name);
  writeFileAtomic(path, bytes);
  return path;
}
