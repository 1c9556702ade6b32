import type { DashboardState } from '../dashboard-state.ts';
import { FieldPlot, LoopPlot } from './line-plots.ts';
import { byId } from './status-view.ts';

/**
 * The "last command" card: the applied field trajectory (pole / simulate commands) or, for microscope
 * workflows, the last spectroscopy loop, whichever is newer. The loop plot is created on first use.
 */
export class TracePanel {
  private readonly field = new FieldPlot(byId('plot-field'));
  private loopPlot: LoopPlot | null = null;

  changed(a: DashboardState, b: DashboardState): boolean {
    return a.field !== b.field || a.loop !== b.loop || a.fieldUnits !== b.fieldUnits;
  }

  render(s: DashboardState): void {
    const showLoop = s.loop !== null && (s.field === null || s.loop.step >= s.field.step);
    byId('plot-field').hidden = showLoop;
    byId('plot-loop').hidden = !showLoop;
    if (showLoop && s.loop) {
      this.loopPlot ??= new LoopPlot(byId('plot-loop'));
      this.loopPlot.update(s.loop);
      byId('trace-name').textContent = 'Spectroscopy loop';
      byId('field-caption').textContent = `· step ${s.loop.step}, ${s.loop.bias.length} points`;
      return;
    }
    this.field.update(s.field, s.fieldUnits);
    byId('trace-name').textContent = 'Field trajectory';
    byId('field-caption').textContent = s.field ? `· step ${s.field.step}, ${s.field.values.length} time steps` : '';
  }
}
