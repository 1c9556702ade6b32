import { angleColor, cssColor } from '../colormap.ts';
import type { PolarizationView } from '../dashboard-state.ts';
import { arrowField, polarizationPixels } from '../grid-math.ts';
import { type PlotRect, drawMessage, drawPixels, prepareCanvas } from './canvas-kit.ts';

/** Arrows along the longer side of the map. */
const ARROWS_PER_AXIS = 12;
/** Room (CSS px) right of the map for the colour-wheel legend. */
const LEGEND_W = 78;

/** Draws the last PX/PY map: hue = direction, brightness = |P|, block-averaged arrows, and a colour-wheel legend. */
export function drawPolarization(canvas: HTMLCanvasElement, pol: PolarizationView | null, emptyText: string): void {
  const { ctx, width, height } = prepareCanvas(canvas);
  if (!pol) {
    drawMessage(ctx, width, height, emptyText);
    return;
  }
  const side = Math.min((width - LEGEND_W - 12) / pol.nx, (height - 12) / pol.ny);
  const rect: PlotRect = { x: 6, y: 6, w: side * pol.nx, h: side * pol.ny };
  drawPixels(ctx, polarizationPixels(pol.px, pol.py, pol.nx, pol.ny), pol.nx, pol.ny, rect);
  drawArrows(ctx, rect, pol);
  drawWheel(ctx, rect.x + rect.w + 12 + LEGEND_W / 2 - 6, 48, 28);
}

function drawArrows(ctx: CanvasRenderingContext2D, rect: PlotRect, pol: PolarizationView): void {
  const arrows = arrowField(pol.px, pol.py, pol.nx, pol.ny, ARROWS_PER_AXIS);
  const cell = rect.w / pol.nx;
  const block = Math.max(1, Math.ceil(Math.max(pol.nx, pol.ny) / ARROWS_PER_AXIS)) * cell;
  ctx.strokeStyle = 'rgba(255,255,255,0.9)';
  ctx.fillStyle = 'rgba(255,255,255,0.9)';
  ctx.lineWidth = 1.5;
  for (const a of arrows) {
    const cx = rect.x + (a.col + 0.5) * cell;
    const cy = rect.y + rect.h - (a.row + 0.5) * cell;
    const len = 0.45 * block;
    const dx = a.ux * len;
    const dy = -a.uy * len;
    if (Math.hypot(dx, dy) < 1) continue;
    ctx.beginPath();
    ctx.moveTo(cx - dx, cy - dy);
    ctx.lineTo(cx + dx, cy + dy);
    ctx.stroke();
    const ang = Math.atan2(dy, dx);
    ctx.beginPath();
    ctx.moveTo(cx + dx, cy + dy);
    ctx.lineTo(cx + dx - 5 * Math.cos(ang - 0.45), cy + dy - 5 * Math.sin(ang - 0.45));
    ctx.lineTo(cx + dx - 5 * Math.cos(ang + 0.45), cy + dy - 5 * Math.sin(ang + 0.45));
    ctx.closePath();
    ctx.fill();
  }
}

/** Colour wheel legend: direction of P → hue (+x to the right, +y up), with its caption. */
function drawWheel(ctx: CanvasRenderingContext2D, cx: number, cy: number, r: number): void {
  for (let y = -r; y <= r; y++) {
    for (let x = -r; x <= r; x++) {
      const m = Math.hypot(x, y);
      if (m > r) continue;
      ctx.fillStyle = cssColor(angleColor(x, -y, r));
      ctx.fillRect(cx + x, cy + y, 1, 1);
    }
  }
  ctx.fillStyle = '#374151';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  ctx.fillText('P direction', cx, cy + r + 6);
  ctx.fillText('+x →, +y ↑', cx, cy + r + 20);
}
