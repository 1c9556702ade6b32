import { SUMMARY_KEYS, type SimSummary, type SummaryKey } from './sim-summary.ts';
import type { SweepPlan } from './sweep-plan.ts';

/** CSV text: coordinate columns, then every summary key; one row per point in plan order. */
export function sweepCsv(plan: SweepPlan, results: readonly SimSummary[]): string {
  const header = [...plan.coordinateNames, ...SUMMARY_KEYS].join(',');
  const rows = results.map((r, i) => [...plan.coordinates[i], ...SUMMARY_KEYS.map((k) => r[k])].map(formatNumber).join(','));
  return `${header}\n${rows.join('\n')}\n`;
}

/** JSON document of a sweep: what was swept, the base spec, and one record per point. */
export function sweepJson(plan: SweepPlan, results: readonly SimSummary[], meta: Record<string, unknown>): string {
  const points = results.map((r, i) => ({
    ...Object.fromEntries(plan.coordinateNames.map((name, c) => [name, plan.coordinates[i][c]])),
    ...r,
  }));
  return `${JSON.stringify({ kind: plan.kind, axes: plan.axes, ...meta, points })}\n`;
}

/** The response of every point as one array (plan order): for a grid, rows = α_dep, cols = k. */
export function responseValues(results: readonly SimSummary[], key: SummaryKey): Float64Array {
  return Float64Array.from(results, (r) => r[key]);
}

/** Shortest text that reads back to the same double. */
function formatNumber(v: number): string {
  return String(v);
}
