import { viridis, cssColor } from '../colormap.ts';
import { formatNumber } from '../format.ts';
import { axisTicks } from '../grid-math.ts';

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
  ctx.textBaseline = 'top';
  const xt = axisTicks(x[0], x[1]);
  const yt = axisTicks(y[0], y[1]);
  for (const [k, f] of [0, 0.5, 1].entries()) {
    ctx.textAlign = f === 0 ? 'left' : f === 1 ? 'right' : 'center';
    ctx.fillText(formatNumber(xt[k]), rect.x + f * rect.w, rect.y + rect.h + 3);
  }
  ctx.textAlign = 'center';
  ctx.fillText(xLabel, rect.x + rect.w / 2, rect.y + rect.h + 17);
  ctx.textAlign = 'right';
  let widest = 0;
  for (const [k, f] of [0, 0.5, 1].entries()) {
    ctx.textBaseline = f === 0 ? 'bottom' : f === 1 ? 'top' : 'middle';
    const text = formatNumber(yt[k]);
    widest = Math.max(widest, ctx.measureText(text).width);
    ctx.fillText(text, rect.x - 4, rect.y + rect.h - f * rect.h);
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
