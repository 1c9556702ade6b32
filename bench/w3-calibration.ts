// Calibration of W3 surrogates on the twin: fitted to n random pixels (the loop area from the cached exhaustive map),
// then scored on every other pixel: coverage (share of truths within ±2σ of the mean), R², and the largest |z|.
// `--members M` averages M fits from seeds s·100 + k into one Gaussian (mean of means; mean variance + variance of
// the means), a deep ensemble.
// Usage: npm run bench -- w3-calibration [--surrogate dkl|gp|gp-xy] [--n 50] [--seeds 5] [--members 1] [--set path=value …]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { surrogateFrom } from '../src/agents/factories.ts';
import { prepareWorkflow } from '../src/agents/workflows/prepare-workflow.ts';
import { loadCampaignConfig } from '../src/config-loader.ts';
import { createInstrument } from '../src/drivers/create-instrument.ts';
import { defaultCacheDir } from '../src/agents/content-cache.ts';
import { matrix } from '../src/models/surrogate.ts';
import { Rng } from '../src/sim/rng.ts';

const VARIANTS: Record<string, string[]> = {
  dkl: [],
  gp: ['surrogate={"kind":"gp"}'],
  'gp-xy': ['workflow.features=coordinates', 'surrogate={"kind":"gp"}'],
};

export async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: {
    surrogate: { type: 'string' }, n: { type: 'string' }, seeds: { type: 'string' }, members: { type: 'string' }, set: { type: 'string', multiple: true },
  } });
  const variant = values.surrogate ?? 'dkl';
  if (!(variant in VARIANTS)) throw new Error(`--surrogate: one of ${Object.keys(VARIANTS).join(', ')}`);
  const n = Number(values.n ?? 50);
  const seeds = Number(values.seeds ?? 5);
  const members = Number(values.members ?? 1);
  const config = loadCampaignConfig(readFileSync('configs/dkl-microscope.json', 'utf8'), 'dkl-microscope.json', [...VARIANTS[variant], ...(values.set ?? [])]);
  const instrument = createInstrument(config.instrument);
  await instrument.connect();
  const prepared = await prepareWorkflow(config, { cacheDir: defaultCacheDir(), log: () => undefined }, instrument);
  await instrument.close();
  const X = prepared.space.candidates;
  const truth = prepared.groundTruth!;
  console.log(`W3 ${variant} ${(values.set ?? []).join(' ')}: ${n} random training pixels of ${X.rows}, ${members} member(s), ${seeds} seeds`);
  const rows: { coverage: number; r2: number }[] = [];
  for (let seed = 0; seed < seeds; seed++) {
    const picks = Array.from(new Rng(100 + seed).sampleWithoutReplacement(X.rows, n));
    const train = matrix(n, X.cols);
    picks.forEach((c, i) => train.data.set(X.data.subarray(c * X.cols, (c + 1) * X.cols), i * X.cols));
    const y = Float64Array.from(picks, (c) => truth[c]);
    const t0 = performance.now();
    const mean = new Float64Array(X.rows);
    const second = new Float64Array(X.rows);
    const variance = new Float64Array(X.rows);
    for (let k = 0; k < members; k++) {
      const fitted = await (await surrogateFrom(config.surrogate, seed * 100 + k)).fit({ X: train, y });
      const p = fitted.posterior(X);
      fitted.dispose();
      for (let i = 0; i < X.rows; i++) {
        mean[i] += p.mean[i] / members;
        second[i] += (p.mean[i] * p.mean[i]) / members;
        variance[i] += p.variance[i] / members;
      }
    }
    const held = new Set(picks);
    let inside = 0;
    let count = 0;
    let average = 0;
    for (let i = 0; i < X.rows; i++) if (!held.has(i)) { average += truth[i]; count++; }
    average /= count;
    let residual = 0;
    let total = 0;
    let worst = 0;
    for (let i = 0; i < X.rows; i++) {
      if (held.has(i)) continue;
      const sd = Math.sqrt(variance[i] + Math.max(0, second[i] - mean[i] * mean[i]));
      const z = Math.abs(truth[i] - mean[i]) / sd;
      worst = Math.max(worst, z);
      if (z <= 2) inside++;
      residual += (truth[i] - mean[i]) ** 2;
      total += (truth[i] - average) ** 2;
    }
    rows.push({ coverage: inside / count, r2: 1 - residual / total });
    console.log(`  seed ${seed}: coverage ${(inside / count).toFixed(3)}, R² ${(1 - residual / total).toFixed(3)}, max |z| ${worst.toFixed(1)} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  }
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
  console.log(`median of ${seeds}: coverage ${median(rows.map((r) => r.coverage)).toFixed(3)} (target ≥ 0.85), R² ${median(rows.map((r) => r.r2)).toFixed(3)}`);
}
