// Shared by the workflow reports: run one config variant over seeds, print per-seed lines and medians.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CampaignSummary, runCampaign } from '../../src/agents/campaign-runner.ts';
import { loadCampaignConfig } from '../../src/config-loader.ts';

/** Median of values (null = never reached, sorted last); 'never' when the median is unreached. */
export function median(values: readonly (number | null | undefined)[]): string {
  const v = values.map((x) => (x === null || x === undefined ? Infinity : x)).sort((a, b) => a - b);
  const m = v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  return Number.isFinite(m) ? String(Number(m.toPrecision(4))) : 'never';
}

/** Runs `configFile` with `overrides` for seeds 0…seeds−1 and prints a line per seed and the medians. */
export async function reportVariant(configFile: string, label: string, overrides: string[], seeds: number): Promise<CampaignSummary[]> {
  const text = readFileSync(configFile, 'utf8');
  const runsDir = mkdtempSync(join(tmpdir(), 'ferroloop-report-'));
  const rows: CampaignSummary[] = [];
  for (let seed = 0; seed < seeds; seed++) {
    const config = loadCampaignConfig(text, configFile, [...overrides, `seed=${seed}`, 'figures=false']);
    const t0 = performance.now();
    const s = await runCampaign({ config, runsDir });
    rows.push(s);
    console.log(`  ${label} seed ${seed}: best/true ${s.best_over_true?.toFixed(5)}, evals to 99 % ${s.evaluations_to_99 ?? 'never'}, R² ${s.r2?.toFixed(4)} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  }
  console.log(`${label.padEnd(44)} median of ${seeds}: best/true ${median(rows.map((r) => r.best_over_true))}, evaluations to 99 % ${median(rows.map((r) => r.evaluations_to_99))}, R² ${median(rows.map((r) => r.r2))}`);
  return rows;
}

/** Prints the random-search baseline carried in the summaries of one variant. */
export function reportRandom(rows: readonly CampaignSummary[], budget: string): void {
  console.log(`${`random search (${budget})`.padEnd(44)} median of ${rows.length}: best/true ${median(rows.map((r) => r.random_search?.best_over_true))}, evaluations to 99 % ${median(rows.map((r) => r.random_search?.evaluations_to_99))}`);
}
