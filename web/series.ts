import type { ObservedPoint } from './dashboard-state.ts';

/** Objective series for plotting: steps, y and the best-so-far (by direction), each of length n (NaN y is skipped for best). */
export function objectiveSeries(points: readonly ObservedPoint[], direction: 'maximize' | 'minimize'): { steps: number[]; y: number[]; best: number[] } {
  const steps: number[] = [];
  const y: number[] = [];
  const best: number[] = [];
  let current = Number.NaN;
  for (const p of points) {
    if (Number.isFinite(p.y) && (Number.isNaN(current) || (direction === 'maximize' ? p.y > current : p.y < current))) current = p.y;
    steps.push(p.step);
    y.push(p.y);
    best.push(current);
  }
  return { steps, y, best };
}

/** The best observed point (by direction), or null when none has a finite y. */
export function bestPoint(points: readonly ObservedPoint[], direction: 'maximize' | 'minimize'): ObservedPoint | null {
  let best: ObservedPoint | null = null;
  for (const p of points) {
    if (!Number.isFinite(p.y)) continue;
    if (!best || (direction === 'maximize' ? p.y > best.y : p.y < best.y)) best = p;
  }
  return best;
}
