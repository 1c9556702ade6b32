// Batch BO (agent.batchSize = q), by default on W2 with ferroloop's default acquisition (log-EI, 10 random points): evaluations
// and loop wall time until 99 % of the true optimum, and the whole loop's wall time, for q = 1, 4, 8 (the proposals
// of a batch run on min(q, cores) simulator threads). Times are from the run log, from the first measurement (so the
// simulator threads' start-up, which grows with their number, is left out) to the event that first reached 99 %.
// Another campaign (e.g. W1 on a larger lattice, where an evaluation costs more than choosing a batch) with --config and --set.
// Usage: npm run bench -- batch-bo [--seeds 3] [--q 1,4,8] [--budget 150] [--selection kriging-believer|local-penalization]
//        [--config configs/param-bo.json] [--set path=value …]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runCampaign } from '../src/agents/campaign-runner.ts';
import { loadCampaignConfig } from '../src/config-loader.ts';
import { median } from './lib/campaign-report.ts';

/** Seconds from the first measurement to the primary event of `evaluation` (1-based), and to the stop. */
function loopTimes(logPath: string, evaluation: number | null): { to99: number | null; total: number } {
  const docs = readFileSync(logPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as [string, Record<string, unknown>]);
  const primary = (docs.find(([n, d]) => n === 'descriptor' && d.name === 'primary')![1]).uid;
  const events = docs.filter(([n, d]) => n === 'event' && d.descriptor === primary).map(([, d]) => d);
  const start = events[0].time as number;
  const stop = docs.find(([n]) => n === 'stop')![1].time as number;
  const at = evaluation === null ? undefined : events[evaluation - 1];
  return { to99: at ? (at.time as number) - start : null, total: stop - start };
}

export async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: {
    seeds: { type: 'string' }, q: { type: 'string' }, budget: { type: 'string' }, selection: { type: 'string' }, config: { type: 'string' }, set: { type: 'string', multiple: true },
  } });
  const seeds = Number(values.seeds ?? 3);
  const qs = (values.q ?? '1,4,8').split(',').map(Number);
  const budget = Number(values.budget ?? 150);
  const selection = values.selection ?? 'kriging-believer';
  const configFile = values.config ?? 'configs/latent-bo.json';
  const text = readFileSync(configFile, 'utf8');
  const w2Defaults = configFile.endsWith('latent-bo.json') ? ['acquisition={"kind":"log-ei"}', 'agent.initialPoints=10'] : [];
  const runsDir = mkdtempSync(join(tmpdir(), 'ferroloop-batch-bench-'));
  console.log(`${configFile} ${[...w2Defaults, ...(values.set ?? [])].join(' ')}, budget ${budget}, ${selection}; ${availableParallelism()} cores here, simulator threads = min(q, cores)`);
  const baseline: { to99: number[] } = { to99: [] };
  try {
    for (const q of qs) {
      const rows: { evals: number | null; to99: number | null; total: number }[] = [];
      for (let seed = 0; seed < seeds; seed++) {
        const config = loadCampaignConfig(text, configFile, [
          ...w2Defaults, `agent.budget=${budget}`, `agent.batchSize=${q}`, `agent.batchSelection="${selection}"`, `seed=${seed}`,
          'figures=false', 'agent.posteriorEvery=0', ...(values.set ?? []),
        ]);
        const s = await runCampaign({ config, runsDir });
        const t = loopTimes(s.log, s.evaluations_to_99 ?? null);
        rows.push({ evals: s.evaluations_to_99 ?? null, ...t });
        console.log(`  q=${q} seed ${seed}: evaluations to 99 % ${s.evaluations_to_99 ?? 'never'}, loop wall to 99 % ${t.to99 === null ? 'never' : `${t.to99.toFixed(2)} s`}, whole loop ${t.total.toFixed(2)} s (${budget} evaluations)`);
      }
      const to99 = median(rows.map((r) => r.to99));
      if (q === qs[0]) baseline.to99 = rows.map((r) => r.to99 ?? Infinity);
      const ratio = Number(median(baseline.to99)) / Number(to99);
      console.log(`q=${String(q).padEnd(3)} median of ${seeds}: evaluations to 99 % ${median(rows.map((r) => r.evals))}, loop wall to 99 % ${to99} s` +
        ` (${Number.isFinite(ratio) ? `${ratio.toFixed(2)}× faster than q=${qs[0]}` : 'n/a'}), whole loop ${median(rows.map((r) => r.total))} s`);
    }
  } finally {
    rmSync(runsDir, { recursive: true, force: true });
  }
}
