import type { DashboardState } from '../dashboard-state.ts';
import { bestPoint } from '../series.ts';
import { drawMap, type MapMarks } from './map-view.ts';
import { drawMessage, prepareCanvas } from './canvas-kit.ts';
import { byId } from './status-view.ts';

/** True when anything a map shows changed between two states. */
export function mapsChanged(a: DashboardState, b: DashboardState): boolean {
  return a.grid !== b.grid || a.posterior !== b.posterior || a.points !== b.points || a.groundTruth !== b.groundTruth || a.coordinates !== b.coordinates || a.infeasible !== b.infeasible;
}

/** Draws the posterior mean, posterior σ and ground-truth maps of the candidate grid with the measured points. */
export function renderMaps(s: DashboardState): void {
  const canvases = ['map-mean', 'map-std', 'map-truth'].map((id) => byId<HTMLCanvasElement>(id));
  const grid = s.grid;
  if (!grid) {
    const text = s.run ? 'this workflow has no 2-D candidate grid' : 'waiting for a campaign';
    for (const c of canvases) {
      const { ctx, width, height } = prepareCanvas(c);
      drawMessage(ctx, width, height, text);
    }
    byId('map-caption').textContent = '';
    return;
  }
  const best = s.run ? bestPoint(s.points, s.run.direction) : null;
  const marks: MapMarks = { measured: s.points.map((p) => p.candidate), latest: s.points.at(-1)?.candidate ?? null, best: best?.candidate ?? null };
  const step = s.posterior ? ` (fit at step ${s.posterior.step})` : '';
  const what = s.run?.objective ? ` of ${s.run.objective.short}` : '';
  const common = { grid, coordinates: s.coordinates, marks, infeasible: s.infeasible };
  drawMap(canvases[0], { ...common, title: `posterior mean${what}${step}`, values: s.posterior?.mean ?? null, emptyText: 'waiting for the first posterior' });
  drawMap(canvases[1], { ...common, title: `posterior σ${what}${step}`, values: s.posterior?.std ?? null, emptyText: 'waiting for the first posterior' });
  drawMap(canvases[2], { ...common, title: `ground truth${what}`, values: s.groundTruth, emptyText: 'no ground truth for this campaign' });
  const excluded = s.infeasible.length ? `, ${s.infeasible.length} beyond the instrument's limits (grey)` : '';
  const colour = s.run?.objective ? `; colour: ${s.run.objective.title}` : '';
  byId('map-caption').textContent = `· ${grid.nx} × ${grid.ny} candidates, ${s.points.length} measured${excluded}${colour}`;
}
