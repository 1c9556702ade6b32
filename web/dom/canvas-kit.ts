import { viridis, cssColor } from '../colormap.ts';
import { formatNumber } from '../format.ts';
import { niceTicks } from '../grid-math.ts';

/** Plot rectangle inside a canvas, in CSS pixels. */
export interface PlotRect {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** Sizes the canvas backing store for the device pixel ratio and returns a context in CSS pixels. */
export function prepareCanvas(canvas: HTMLCanvasElement): { ctx: CanvasRenderingContext2D; width: number; height: number } {
  const width = canvas.clientWidth || canvas.width;
  const height = canvas.clientHeight || canvas.height;
  const ratio = window.devicePixelRatio || 1;
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
  }
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  ctx.font = '12px system-ui, "DejaVu Sans", sans-serif';
  return { ctx, width, height };
}

/** Draws RGBA pixels (w x h, top row first) scaled into a rectangle without smoothing. */
export function drawPixels(ctx: CanvasRenderingContext2D, pixels: Uint8ClampedArray, w: number, h: number, rect: PlotRect): void {
  const off = document.createElement('canvas');
  off.width = w;
  off.height = h;
  off.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(pixels), w, h), 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(off, rect.x, rect.y, rect.w, rect.h);
  ctx.strokeStyle = '#9ca3af';
  ctx.lineWidth = 1;
  ctx.strokeRect(rect.x + 0.5, rect.y + 0.5, rect.w - 1, rect.h - 1);
}

/** Centred message in a canvas (e.g. "waiting for the first posterior"). */
export function drawMessage(ctx: CanvasRenderingContext2D, width: number, height: number, text: string): void {
  ctx.fillStyle = '#f9fafb';
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = '#6b7280';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(text, width / 2, height / 2);
}

/** Title above the plot rectangle. */
export function drawTitle(ctx: CanvasRenderingContext2D, rect: PlotRect, text: string): void {
  ctx.fillStyle = '#1f2937';
  ctx.font = '600 13px system-ui, "DejaVu Sans", sans-serif';
  ctx.textAlign = 'left';
  ctx.textBaseline = 'bottom';
  ctx.fillText(text, rect.x, rect.y - 12);
  ctx.font = '12px system-ui, "DejaVu Sans", sans-serif';
}

/** Axis ticks (ends and middle) and labels for an x range along the bottom and a y range along the left. */
export function drawAxes(ctx: CanvasRenderingContext2D, rect: PlotRect, x: readonly [number, number], y: readonly [number, number], xLabel: string, yLabel: string): void {
  ctx.fillStyle = '#374151';
  ctx.strokeStyle = '#374151';
  ctx.lineWidth = 1;
  ctx.textBaseline = 'top';
  ctx.textAlign = 'center';
  const fx = (v: number): number => (x[1] > x[0] ? (v - x[0]) / (x[1] - x[0]) : 0.5);
  const fy = (v: number): number => (y[1] > y[0] ? (v - y[0]) / (y[1] - y[0]) : 0.5);
  // Round values at their places (the axis ends are data, not ticks), each with a short tick mark.
  for (const v of niceTicks(x[0], x[1], Math.max(2, Math.floor(rect.w / 80)))) {
    const px = rect.x + fx(v) * rect.w;
    ctx.beginPath();
    ctx.moveTo(px, rect.y + rect.h);
    ctx.lineTo(px, rect.y + rect.h + 3);
    ctx.stroke();
    ctx.fillText(formatNumber(v), px, rect.y + rect.h + 4);
  }
  ctx.fillText(xLabel, rect.x + rect.w / 2, rect.y + rect.h + 18);
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  let widest = 0;
  for (const v of niceTicks(y[0], y[1], Math.max(2, Math.floor(rect.h / 50)))) {
    const py = rect.y + rect.h - fy(v) * rect.h;
    ctx.beginPath();
    ctx.moveTo(rect.x - 3, py);
    ctx.lineTo(rect.x, py);
    ctx.stroke();
    const text = formatNumber(v);
    widest = Math.max(widest, ctx.measureText(text).width);
    ctx.fillText(text, rect.x - 5, py);
  }
  ctx.save();
  // The y title clears the widest tick label (long numbers such as -0.05458 would run into it).
  ctx.translate(rect.x - Math.max(46, widest + 10), rect.y + rect.h / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  ctx.fillText(yLabel, 0, 0);
  ctx.restore();
}

/** Vertical viridis colour bar right of the plot with its min and max values. */
export function drawColorBar(ctx: CanvasRenderingContext2D, rect: PlotRect, lo: number, hi: number): void {
  const x = rect.x + rect.w + 10;
  const w = 12;
  for (let i = 0; i < rect.h; i++) {
    ctx.fillStyle = cssColor(viridis(1 - i / Math.max(1, rect.h - 1)));
    ctx.fillRect(x, rect.y + i, w, 1);
  }
  ctx.strokeStyle = '#9ca3af';
  ctx.strokeRect(x + 0.5, rect.y + 0.5, w - 1, rect.h - 1);
  ctx.fillStyle = '#374151';
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  ctx.fillText(formatNumber(hi), x + w + 3, rect.y);
  ctx.textBaseline = 'bottom';
  ctx.fillText(formatNumber(lo), x + w + 3, rect.y + rect.h);
}

/** A measured-point marker: a white dot of radius r (CSS px) with a dark outline. */
export function drawDot(ctx: CanvasRenderingContext2D, x: number, y: number, r: number): void {
  ctx.beginPath();
  ctx.arc(x, y, r, 0, 2 * Math.PI);
  ctx.fillStyle = 'rgba(255,255,255,0.88)';
  ctx.fill();
  ctx.strokeStyle = '#111827';
  ctx.lineWidth = 1;
  ctx.stroke();
}
