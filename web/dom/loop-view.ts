import type { LoopView } from '../dashboard-state.ts';
import { finiteRange } from '../grid-math.ts';
import { type PlotRect, drawAxes, drawMessage, drawTitle, prepareCanvas } from './canvas-kit.ts';

const MARGIN = { left: 78, right: 150, top: 30, bottom: 38 };
const SERIES = [
  { key: 'on', label: 'on-field response', color: '#2563eb' },
  { key: 'off', label: 'off-field response', color: '#dc2626' },
] as const;

/** Draws a switching-spectroscopy loop as the hysteresis loop it is: response (a.u.) against the applied bias (V), in waveform order, closed dashed from the last sample back to the first. */
export function drawLoop(canvas: HTMLCanvasElement, loop: LoopView | null, title: string): void {
  const { ctx, width, height } = prepareCanvas(canvas);
  if (!loop || loop.bias.length < 2) {
    drawMessage(ctx, width, height, 'waiting for the first loop');
    return;
  }
  const rect: PlotRect = { x: MARGIN.left, y: MARGIN.top, w: width - MARGIN.left - MARGIN.right, h: height - MARGIN.top - MARGIN.bottom };
  const x = finiteRange(loop.bias);
  const both = new Float64Array(loop.on.length + loop.off.length);
  both.set(loop.on);
  both.set(loop.off, loop.on.length);
  let y = finiteRange(both);
  if (!(y[1] > y[0])) y = [y[0] - 1, y[0] + 1];
  const px = (v: number): number => rect.x + ((v - x[0]) / (x[1] - x[0] || 1)) * rect.w;
  const py = (v: number): number => rect.y + rect.h - ((v - y[0]) / (y[1] - y[0])) * rect.h;
  drawTitle(ctx, rect, title);
  ctx.strokeStyle = '#d1d5db';
  ctx.strokeRect(rect.x + 0.5, rect.y + 0.5, rect.w - 1, rect.h - 1);
  if (x[0] < 0 && x[1] > 0) {
    ctx.beginPath();
    ctx.moveTo(px(0), rect.y);
    ctx.lineTo(px(0), rect.y + rect.h);
    ctx.stroke();
  }
  drawAxes(ctx, rect, x, y, 'bias (V)', 'response (a.u.)');
  SERIES.forEach((s, k) => {
    const values = loop[s.key];
    ctx.beginPath();
    let pen = false;
    for (let i = 0; i < values.length; i++) {
      if (!Number.isFinite(values[i]) || !Number.isFinite(loop.bias[i])) { pen = false; continue; }
      if (pen) ctx.lineTo(px(loop.bias[i]), py(values[i]));
      else ctx.moveTo(px(loop.bias[i]), py(values[i]));
      pen = true;
    }
    ctx.strokeStyle = s.color;
    ctx.lineWidth = 2;
    ctx.stroke();
    const last = values.length - 1;
    if (last > 1 && [values[0], values[last], loop.bias[0], loop.bias[last]].every(Number.isFinite)) {
      ctx.beginPath(); // the closing segment, last sample back to the first, as the loop-area integral closes it
      ctx.moveTo(px(loop.bias[last]), py(values[last]));
      ctx.lineTo(px(loop.bias[0]), py(values[0]));
      ctx.setLineDash([5, 4]);
      ctx.lineWidth = 1.2;
      ctx.stroke();
      ctx.setLineDash([]);
    }
    const ly = rect.y + 8 + k * 18;
    ctx.fillStyle = s.color;
    ctx.fillRect(rect.x + rect.w + 12, ly - 1, 16, 3);
    ctx.fillStyle = '#374151';
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    ctx.fillText(s.label, rect.x + rect.w + 32, ly);
  });
}
