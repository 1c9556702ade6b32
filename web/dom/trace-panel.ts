import type { DashboardState } from '../dashboard-state.ts';
import { FieldPlot } from './line-plots.ts';
import { drawLoop } from './loop-view.ts';
import { byId } from './status-view.ts';

/**
 * The "last command" card: the applied field trajectory (pole / simulate commands) or, for microscope
 * workflows, the last switching loop drawn against its bias, whichever is newer.
 */
export class TracePanel {
  private readonly field = new FieldPlot(byId('plot-field'));

  changed(a: DashboardState, b: DashboardState): boolean {
    return a.field !== b.field || a.loop !== b.loop || a.fieldUnits !== b.fieldUnits;
  }

  render(s: DashboardState): void {
    const showLoop = s.loop !== null && (s.field === null || s.loop.step >= s.field.step);
    byId('plot-field').hidden = showLoop;
    byId('plot-loop').hidden = !showLoop;
    if (showLoop && s.loop) {
      drawLoop(byId<HTMLCanvasElement>('plot-loop'), s.loop, `switching loop at step ${s.loop.step}`);
      byId('trace-name').textContent = 'Switching loop (response vs bias)';
      byId('field-caption').textContent = `· step ${s.loop.step}, ${s.loop.bias.length} points`;
      return;
    }
    this.field.update(s.field, s.fieldUnits);
    byId('trace-name').textContent = 'Field trajectory';
    byId('field-caption').textContent = s.field ? `· step ${s.field.step}, ${s.field.values.length} time steps` : '';
  }
}
