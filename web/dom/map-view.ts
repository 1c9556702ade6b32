import { axisToCell, cellOf, finiteRange, heatmapPixels } from '../grid-math.ts';
import type { GridInfo } from '../payloads.ts';
import { type PlotRect, drawAxes, drawColorBar, drawDot, drawMessage, drawPixels, drawTitle, prepareCanvas } from './canvas-kit.ts';

/** Margins (CSS px) around a map: room for the title, y ticks + label, x ticks + label and the colour bar. */
const MARGIN = { left: 60, right: 74, top: 32, bottom: 36 };

/** Which candidates to mark on a map: every measured one, the latest and the best. */
export interface MapMarks {
  readonly measured: readonly number[];
  readonly latest: number | null;
  readonly best: number | null;
}

export interface MapInput {
  readonly title: string;
  readonly values: Float64Array | null;
  readonly grid: GridInfo;
  /** Candidate positions on the grid axes (m x 2), or null to place candidates by their grid cell. */
  readonly coordinates: Float64Array | null;
  readonly marks: MapMarks;
  /** Candidates excluded by the instrument's limits, drawn grey. */
  readonly infeasible: readonly number[];
  readonly emptyText: string;
}

/** Draws one candidate-grid map (viridis, y up) with axes, a colour bar and the measured candidates. */
export function drawMap(canvas: HTMLCanvasElement, input: MapInput): void {
  const { ctx, width, height } = prepareCanvas(canvas);
  const { grid, values } = input;
  const rect: PlotRect = { x: MARGIN.left, y: MARGIN.top, w: width - MARGIN.left - MARGIN.right, h: height - MARGIN.top - MARGIN.bottom };
  if (!values || values.length !== grid.nx * grid.ny) {
    drawMessage(ctx, width, height, input.emptyText);
    return;
  }
  const [lo, hi] = finiteRange(values);
  drawTitle(ctx, rect, input.title);
  drawPixels(ctx, heatmapPixels(values, grid.nx, grid.ny, lo, hi, input.infeasible), grid.nx, grid.ny, rect);
  drawAxes(ctx, rect, cellEdges(grid.x, grid.nx), cellEdges(grid.y, grid.ny), grid.xLabel, grid.yLabel);
  if (Number.isFinite(lo)) drawColorBar(ctx, rect, lo, hi);
  drawMarks(ctx, rect, input);
}

/** The span of the cells' edges of an axis whose n cell centres run from c[0] to c[1] (the map fills it). */
function cellEdges(c: readonly [number, number], n: number): [number, number] {
  const half = n > 1 ? (c[1] - c[0]) / (2 * (n - 1)) : 0.5;
  return [c[0] - half, c[1] + half];
}

/** Screen position (CSS px) of candidate `index`: its coordinates when given, else its grid cell centre. */
function candidatePoint(rect: PlotRect, input: MapInput, index: number): [number, number] {
  const { grid, coordinates } = input;
  let col: number;
  let row: number;
  if (coordinates && coordinates.length >= 2 * (index + 1)) {
    col = axisToCell(coordinates[2 * index], grid.x[0], grid.x[1], grid.nx);
    row = axisToCell(coordinates[2 * index + 1], grid.y[0], grid.y[1], grid.ny);
  } else {
    ({ col, row } = cellOf(index, grid.nx));
  }
  return [rect.x + ((col + 0.5) / grid.nx) * rect.w, rect.y + rect.h - ((row + 0.5) / grid.ny) * rect.h];
}

function drawMarks(ctx: CanvasRenderingContext2D, rect: PlotRect, input: MapInput): void {
  const { measured, latest, best } = input.marks;
  ctx.lineWidth = 1;
  for (const c of measured) {
    drawDot(ctx, ...candidatePoint(rect, input, c), 3);
  }
  if (latest !== null) {
    const [x, y] = candidatePoint(rect, input, latest);
    ctx.beginPath();
    ctx.arc(x, y, 7, 0, 2 * Math.PI);
    ctx.strokeStyle = '#dc2626';
    ctx.lineWidth = 2.5;
    ctx.stroke();
  }
  if (best !== null) drawStar(ctx, ...candidatePoint(rect, input, best));
}

/** Five-pointed star (radius 8 px) marking the best candidate. */
function drawStar(ctx: CanvasRenderingContext2D, x: number, y: number): void {
  ctx.beginPath();
  for (let k = 0; k < 10; k++) {
    const r = k % 2 === 0 ? 8 : 3.5;
    const a = -Math.PI / 2 + (k * Math.PI) / 5;
    ctx.lineTo(x + r * Math.cos(a), y + r * Math.sin(a));
  }
  ctx.closePath();
  ctx.fillStyle = '#f59e0b';
  ctx.fill();
  ctx.strokeStyle = '#111827';
  ctx.lineWidth = 1;
  ctx.stroke();
}
