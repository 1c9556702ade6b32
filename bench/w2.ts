// Workflow W2 as in the lecture, over several seeds: the lecture's μ + 10σ, ferroloop's default acquisition with
// the lecture's 100 random points, and ferroloop's default config (10 random points); random search from the
// ground truth. Prints best/true max, evaluations to 99 % of the max, R² of the reconstructed surface.
// Usage: npm run bench -- w2 [--seeds 5] [--budget 600]
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runCampaign, type CampaignSummary } from '../src/agents/campaign-runner.ts';
import { loadCampaignConfig } from '../src/config-loader.ts';

const VARIANTS: [string, string[]][] = [
  ['lecture: 100 random + μ+10σ', ['acquisition={"kind":"ucb","kappa":10}', 'agent.initialPoints=100']],
  ['default acquisition (log-EI), 100 random', ['acquisition={"kind":"log-ei"}', 'agent.initialPoints=100']],
  ['default config: log-EI, 10 random', ['acquisition={"kind":"log-ei"}', 'agent.initialPoints=10']],
];

function median(values: (number | null)[]): string {
  const v = values.map((x) => (x === null ? Infinity : x)).sort((a, b) => a - b);
  const m = v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  return Number.isFinite(m) ? String(Number(m.toPrecision(4))) : 'never';
}

export async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { seeds: { type: 'string' }, budget: { type: 'string' }, config: { type: 'string' } } });
  const seeds = Number(values.seeds ?? 5);
  const text = readFileSync(values.config ?? 'configs/latent-bo.json', 'utf8');
  const runsDir = mkdtempSync(join(tmpdir(), 'ferroloop-w2-'));
  const randomRows: CampaignSummary[] = [];
  for (const [label, overrides] of VARIANTS) {
    const rows: CampaignSummary[] = [];
    for (let seed = 0; seed < seeds; seed++) {
      const config = loadCampaignConfig(text, 'latent-bo.json', [...overrides, `seed=${seed}`, ...(values.budget ? [`agent.budget=${values.budget}`] : []), 'figures=false']);
      const t0 = performance.now();
      const s = await runCampaign({ config, runsDir });
      rows.push(s);
      if (label.startsWith('lecture')) randomRows.push(s);
      console.log(`  ${label} seed ${seed}: best/true ${s.best_over_true?.toFixed(5)}, evals to 99 % ${s.evaluations_to_99 ?? 'never'}, R² ${s.r2?.toFixed(4)} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    }
    console.log(`${label.padEnd(42)} median over ${seeds} seeds: best/true ${median(rows.map((r) => r.best_over_true ?? null))}, evaluations to 99 % ${median(rows.map((r) => r.evaluations_to_99 ?? null))}, R² ${median(rows.map((r) => r.r2 ?? null))}`);
  }
  console.log(`${'random search (same budget)'.padEnd(42)} median over ${seeds} seeds: best/true ${median(randomRows.map((r) => r.random_search?.best_over_true ?? null))}, evaluations to 99 % ${median(randomRows.map((r) => r.random_search?.evaluations_to_99 ?? null))}`);
}
