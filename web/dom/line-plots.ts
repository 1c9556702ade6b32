import uPlot from 'uplot';
import type { FieldView, LoopView, ObservedPoint } from '../dashboard-state.ts';
import { objectiveSeries } from '../series.ts';

const HEIGHT = 240;

/** Width of a plot container (CSS px), never below 200. */
function widthOf(el: HTMLElement): number {
  return Math.max(200, el.clientWidth - 4);
}

/** Keeps a uPlot sized to its container. */
function followWidth(plot: uPlot, el: HTMLElement): void {
  new ResizeObserver(() => plot.setSize({ width: widthOf(el), height: HEIGHT })).observe(el);
}

/** Objective y per step (points) and the best-so-far (stepped line). */
export class ObjectivePlot {
  private readonly plot: uPlot;

  constructor(el: HTMLElement) {
    this.plot = new uPlot({
      width: widthOf(el), height: HEIGHT,
      scales: { x: { time: false } },
      legend: { live: false },
      axes: [{ label: 'step' }, { label: 'objective', size: 60 }],
      series: [
        { label: 'step' },
        { label: 'measured y', stroke: '#2563eb', width: 0, paths: () => null, points: { show: true, size: 5, fill: '#2563eb' } },
        { label: 'best so far', stroke: '#dc2626', width: 2, paths: uPlot.paths.stepped!({ align: 1 }), points: { show: false } },
      ],
    }, [[], [], []], el);
    followWidth(this.plot, el);
  }

  update(points: readonly ObservedPoint[], direction: 'maximize' | 'minimize'): void {
    const s = objectiveSeries(points, direction);
    this.plot.setData([s.steps, s.y.map(finiteOrNull), s.best.map(finiteOrNull)]);
  }
}

/** The applied field trajectory: field value per time step. */
export class FieldPlot {
  private readonly plot: uPlot;

  constructor(el: HTMLElement) {
    this.plot = new uPlot({
      width: widthOf(el), height: HEIGHT,
      scales: { x: { time: false } },
      legend: { live: false },
      axes: [{ label: 'time step' }, { label: 'field', size: 60 }],
      series: [{ label: 'time step' }, { label: 'field', stroke: '#7c3aed', width: 1.5, points: { show: false } }],
    }, [[], []], el);
    followWidth(this.plot, el);
  }

  /** Draws a trajectory; `fallbackUnits` (from the run's descriptor) label the axis when the frame names none. */
  update(field: FieldView | null, fallbackUnits = ''): void {
    if (!field) return;
    const t = Array.from(field.values, (_, i) => i);
    const units = field.units || fallbackUnits;
    this.plot.axes[1].label = units ? `field (${units})` : 'field';
    this.plot.setData([t, Array.from(field.values, finiteOrNull)]);
  }
}

function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/** A switching-spectroscopy loop per waveform point: bias (V, left axis), on- and off-field response (a.u., right axis). */
export class LoopPlot {
  private readonly plot: uPlot;

  constructor(el: HTMLElement) {
    this.plot = new uPlot({
      width: widthOf(el), height: HEIGHT,
      scales: { x: { time: false }, V: {}, au: {} },
      legend: { live: false },
      axes: [
        { label: 'waveform point' },
        { scale: 'V', label: 'bias (V)', size: 60 },
        { scale: 'au', side: 1, label: 'response (a.u.)', size: 60, grid: { show: false } },
      ],
      series: [
        { label: 'point' },
        { label: 'bias', scale: 'V', stroke: '#6b7280', width: 1, dash: [4, 3], points: { show: false } },
        { label: 'on-field response', scale: 'au', stroke: '#2563eb', width: 2, points: { show: false } },
        { label: 'off-field response', scale: 'au', stroke: '#dc2626', width: 2, points: { show: false } },
      ],
    }, [[], [], [], []], el);
    followWidth(this.plot, el);
  }

  update(loop: LoopView): void {
    const t = Array.from(loop.bias, (_, i) => i);
    this.plot.setData([t, Array.from(loop.bias, finiteOrNull), Array.from(loop.on, finiteOrNull), Array.from(loop.off, finiteOrNull)]);
  }
}
