// Does a shipped config's random phase (agent.initialPoints) already reach 99 % of the true optimum? Replays the
// agent's own seeded initial draws (stepRng(seed, n), infeasible candidates skipped) over the cached ground truth
// for seeds 0…S−1 — no surrogate, no instrument measurements — and prints, per config, the evaluation at which pure
// random draws first reach 99 % (median over seeds) beside the config's initialPoints.
// Usage: npm run bench -- random-phase [--seeds 21] [--draws 400] [--config configs/latent-bo.json ...] [--set path=value ...]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { bestSoFar, evaluationsToReach, extremum } from '../src/agents/campaign-report.ts';
import { defaultCacheDir } from '../src/agents/content-cache.ts';
import { blockedMask } from '../src/agents/feasibility.ts';
import { randomUnmeasured, stepRng } from '../src/agents/step-rng.ts';
import { prepareWorkflow } from '../src/agents/workflows/prepare-workflow.ts';
import { requiredCapabilities } from '../src/agents/workflows/required-capabilities.ts';
import { withFeasibility } from '../src/agents/workflows/with-feasibility.ts';
import { loadCampaignConfig } from '../src/config-loader.ts';
import { openInstrumentConfig } from '../src/drivers/create-instrument.ts';
import { parseInstrumentConfig } from '../src/drivers/instrument-config.ts';
import { median } from './lib/campaign-report.ts';

const SHIPPED = ['configs/param-bo.json', 'configs/latent-bo.json', 'configs/dkl-microscope.json'];

export async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { seeds: { type: 'string' }, draws: { type: 'string' }, config: { type: 'string', multiple: true }, set: { type: 'string', multiple: true } } });
  const seeds = Number(values.seeds ?? 21);
  const draws = Number(values.draws ?? 400);
  for (const file of values.config ?? SHIPPED) {
    const t0 = performance.now();
    const config = loadCampaignConfig(readFileSync(file, 'utf8'), file, [...(values.set ?? []), 'figures=false']);
    const { instrument } = await openInstrumentConfig(parseInstrumentConfig(config.instrument as unknown as Record<string, unknown>), { requires: requiredCapabilities(config.workflow.kind) });
    await instrument.connect();
    try {
      const prepared = withFeasibility(await prepareWorkflow(config, { cacheDir: defaultCacheDir() }, instrument), instrument, config.agent.budget);
      const truth = prepared.groundTruth;
      if (!truth) {
        console.log(`${file}: no ground truth; skipped`);
        continue;
      }
      const infeasible = prepared.infeasible;
      const reachable = infeasible ? truth.filter((_, i) => !infeasible[i]) : truth;
      const target = extremum(reachable, config.agent.direction).value;
      const hits = Array.from({ length: seeds }, (_, seed) => firstHit(truth, infeasible, config.seed + seed, Math.min(draws, reachable.length), config.agent.direction, target));
      const p = config.agent.initialPoints;
      const within = hits.filter((h) => h !== null && h <= p).length;
      const share = reachable.filter((v) => v >= 0.99 * target).length / reachable.length;
      console.log(`${file}: initialPoints ${p}; random draws reach 99 % at evaluation ${hits.map((h) => h ?? 'never').join(' ')} (seeds ${config.seed}…${config.seed + seeds - 1})`);
      console.log(`  median ${median(hits)}; within the random phase for ${within}/${seeds} seeds; ${(100 * share).toFixed(2)} % of the ${reachable.length} candidates are ≥ 99 % (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    } finally {
      await instrument.close();
    }
  }
}

/** 1-based evaluation at which the agent's random draws for `seed` first reach 99 % of `target` (null: not within `draws`). */
function firstHit(truth: Float64Array, infeasible: Uint8Array | undefined, seed: number, draws: number, direction: 'maximize' | 'minimize', target: number): number | null {
  const measured = new Uint8Array(truth.length);
  const y: number[] = [];
  for (let n = 0; n < draws; n++) {
    const c = randomUnmeasured(blockedMask(measured, infeasible), stepRng(seed, n));
    if (c < 0) break;
    measured[c] = 1;
    y.push(truth[c]);
  }
  return evaluationsToReach(bestSoFar(y, direction), target);
}
