import uPlot from 'uplot';
import type { FieldView, ObservedPoint } from '../dashboard-state.ts';
import { objectiveSeries } from '../series.ts';

const HEIGHT = 240;

/** Tick spacings for axes that count things (steps, time steps): never fractional. */
const INTEGER_INCRS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10_000, 20_000, 50_000, 100_000];

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
      // Steps are whole numbers: ticks at integer increments only (1, 2, 5, 10, … steps apart).
      axes: [{ label: 'step', incrs: INTEGER_INCRS }, { label: 'objective', size: 60 }],
      series: [
        { label: 'step' },
        { label: 'measured y', stroke: '#2563eb', width: 0, paths: () => null, points: { show: true, size: 5, fill: '#2563eb' } },
        { label: 'best so far', stroke: '#dc2626', width: 2, paths: uPlot.paths.stepped!({ align: 1 }), points: { show: false } },
      ],
    }, [[], [], []], el);
    followWidth(this.plot, el);
  }

  /** `title`: the objective with its units, for the y axis. */
  update(points: readonly ObservedPoint[], direction: 'maximize' | 'minimize', title = 'objective'): void {
    const s = objectiveSeries(points, direction);
    if (this.plot.axes[1].label !== title) {
      this.plot.axes[1].label = title;
      this.plot.redraw(false, true);
    }
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
      axes: [{ label: 'time step', incrs: INTEGER_INCRS }, { label: 'field', size: 60 }],
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
