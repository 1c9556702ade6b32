import type { StructureView } from '../dashboard-state.ts';
import { finiteRange, heatmapPixels } from '../grid-math.ts';
import { type PlotRect, drawAxes, drawColorBar, drawDot, drawMessage, drawPixels, drawTitle, prepareCanvas } from './canvas-kit.ts';

const MARGIN = { left: 56, right: 74, top: 30, bottom: 36 };

/**
 * Draws a W3 run's structural scan (viridis, y up, axes in µm, colour bar in the channel's units) with the
 * measured pixels (`measured`: µm positions, k x 2 row-major) as white dots and the best one as a ring.
 */
export function drawStructure(canvas: HTMLCanvasElement, scan: StructureView | null, measured: Float64Array, best: readonly [number, number] | null, emptyText: string): void {
  const { ctx, width, height } = prepareCanvas(canvas);
  if (!scan) {
    drawMessage(ctx, width, height, emptyText);
    return;
  }
  const side = Math.min(width - MARGIN.left - MARGIN.right, height - MARGIN.top - MARGIN.bottom);
  const rect: PlotRect = { x: MARGIN.left, y: MARGIN.top, w: side, h: side };
  const [lo, hi] = finiteRange(scan.image);
  drawTitle(ctx, rect, `${scan.channel} scan (a.u.)`);
  drawPixels(ctx, heatmapPixels(scan.image, scan.nx, scan.ny, lo, hi), scan.nx, scan.ny, rect);
  drawAxes(ctx, rect, [0, scan.sizeUm], [0, scan.sizeUm], 'x (µm)', 'y (µm)');
  if (Number.isFinite(lo)) drawColorBar(ctx, rect, lo, hi);
  const at = (x: number, y: number): [number, number] => [rect.x + (x / scan.sizeUm) * rect.w, rect.y + rect.h - (y / scan.sizeUm) * rect.h];
  ctx.lineWidth = 1;
  for (let i = 0; i + 1 < measured.length; i += 2) {
    drawDot(ctx, ...at(measured[i], measured[i + 1]), 2.5);
  }
  if (best) {
    const [x, y] = at(best[0], best[1]);
    ctx.beginPath();
    ctx.arc(x, y, 7, 0, 2 * Math.PI);
    ctx.strokeStyle = '#f59e0b';
    ctx.lineWidth = 2.5;
    ctx.stroke();
  }
}
