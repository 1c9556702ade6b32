// Calibration of W3 surrogates on the twin: fitted to n random pixels (the loop area from the cached exhaustive map),
// then scored on every other pixel. Per row and seed:
//   cov f  share of truths within ±2σ_f of the mean, σ_f² = the latent posterior variance (what the model reports)
//   cov y  the same with σ_y² = σ_f² + observation noise σ² (the truth is a measurement, noise included)
//   R²     of the mean against the held-out truths
//   |e|/σ  mean over held-out pixels of |truth − mean| / σ_y (a calibrated Gaussian gives √(2/π) ≈ 0.80)
//   RMSE/σ RMSE over the root-mean σ_y² (≈ 1 when calibrated on average)
//   max|z| the largest |truth − mean| / σ_y
// `--members M` averages M fits from seeds s·100 + k into one Gaussian (mean of means; mean variance + variance of
// the means; mean noise), a deep ensemble outside the model; `surrogate.options.ensemble` (`--ensemble`) is the same
// inside it.
// Usage: npm run bench -- w3-calibration [--rows dkl,gp,gp-xy] [--n 50] [--seeds 5] [--members 1]
//        [--noise-prior MEAN,STD] [--ensemble M] [--epochs E] [--set path=value …]
//        (--surrogate X = --rows X; --noise-prior/--ensemble/--epochs apply to the dkl row only, --set to every row)
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { surrogateFrom } from '../src/agents/factories.ts';
import { prepareWorkflow } from '../src/agents/workflows/prepare-workflow.ts';
import { loadCampaignConfig } from '../src/config-loader.ts';
import { createInstrument } from '../src/drivers/create-instrument.ts';
import { defaultCacheDir } from '../src/agents/content-cache.ts';
import { matrix, type FittedSurrogate } from '../src/models/surrogate.ts';
import { Rng } from '../src/sim/rng.ts';

const VARIANTS: Record<string, string[]> = {
  dkl: [],
  gp: ['surrogate={"kind":"gp"}'],
  'gp-xy': ['workflow.features=coordinates', 'surrogate={"kind":"gp"}'],
};

interface Scores { coverageF: number; coverageY: number; r2: number; absZ: number; rmseOverSigma: number; maxZ: number; noise: number }

/** Scores mean, latent variance and noise variance against the truths at the pixels not in `held`. */
export function score(truth: Float64Array, mean: Float64Array, latent: Float64Array, noise: number, held: ReadonlySet<number>): Scores {
  let count = 0;
  let average = 0;
  for (let i = 0; i < truth.length; i++) if (!held.has(i)) { average += truth[i]; count++; }
  average /= count;
  let insideF = 0;
  let insideY = 0;
  let residual = 0;
  let total = 0;
  let absZ = 0;
  let sumVar = 0;
  let maxZ = 0;
  for (let i = 0; i < truth.length; i++) {
    if (held.has(i)) continue;
    const e = Math.abs(truth[i] - mean[i]);
    const varY = latent[i] + noise;
    if (e <= 2 * Math.sqrt(latent[i])) insideF++;
    if (e <= 2 * Math.sqrt(varY)) insideY++;
    const z = e / Math.sqrt(varY);
    absZ += z;
    maxZ = Math.max(maxZ, z);
    sumVar += varY;
    residual += e * e;
    total += (truth[i] - average) ** 2;
  }
  return {
    coverageF: insideF / count, coverageY: insideY / count, r2: 1 - residual / total, absZ: absZ / count,
    rmseOverSigma: Math.sqrt(residual / sumVar), maxZ, noise,
  };
}

function observationNoise(fitted: FittedSurrogate): number {
  const f = fitted as FittedSurrogate & { observationNoise?: () => number };
  return f.observationNoise ? f.observationNoise() : 0;
}

export async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: {
    rows: { type: 'string' }, surrogate: { type: 'string' }, n: { type: 'string' }, seeds: { type: 'string' }, members: { type: 'string' },
    'noise-prior': { type: 'string' }, ensemble: { type: 'string' }, epochs: { type: 'string' }, set: { type: 'string', multiple: true },
  } });
  const rowNames = (values.rows ?? values.surrogate ?? 'dkl').split(',').map((s) => s.trim()).filter(Boolean);
  for (const r of rowNames) if (!(r in VARIANTS)) throw new Error(`--rows: each one of ${Object.keys(VARIANTS).join(', ')} (got ${r})`);
  const n = Number(values.n ?? 50);
  const seeds = Number(values.seeds ?? 5);
  const members = Number(values.members ?? 1);
  const dklSets: string[] = [];
  if (values['noise-prior'] !== undefined) {
    const [a, b] = values['noise-prior'].split(',').map(Number);
    dklSets.push(`surrogate.options.noisePrior=${JSON.stringify([a, b])}`);
  }
  if (values.ensemble !== undefined) dklSets.push(`surrogate.options.ensemble=${Number(values.ensemble)}`);
  if (values.epochs !== undefined) dklSets.push(`surrogate.options.epochs=${Number(values.epochs)}`);
  const summary: string[] = [];
  for (const variant of rowNames) {
    const overrides = [...VARIANTS[variant], ...(variant === 'dkl' ? dklSets : []), ...(values.set ?? [])];
    const config = loadCampaignConfig(readFileSync('configs/dkl-microscope.json', 'utf8'), 'dkl-microscope.json', overrides);
    const instrument = createInstrument(config.instrument);
    await instrument.connect();
    const prepared = await prepareWorkflow(config, { cacheDir: defaultCacheDir(), log: () => undefined }, instrument);
    await instrument.close();
    const X = prepared.space.candidates;
    const truth = prepared.groundTruth!;
    const label = `${variant}${overrides.length > VARIANTS[variant].length ? ` ${overrides.slice(VARIANTS[variant].length).join(' ')}` : ''}`;
    console.log(`W3 ${label}: ${n} random training pixels of ${X.rows}, ${members} member(s), ${seeds} seeds`);
    const rows: Scores[] = [];
    for (let seed = 0; seed < seeds; seed++) {
      const picks = Array.from(new Rng(100 + seed).sampleWithoutReplacement(X.rows, n));
      const train = matrix(n, X.cols);
      picks.forEach((c, i) => train.data.set(X.data.subarray(c * X.cols, (c + 1) * X.cols), i * X.cols));
      const y = Float64Array.from(picks, (c) => truth[c]);
      const t0 = performance.now();
      const mean = new Float64Array(X.rows);
      const second = new Float64Array(X.rows);
      const latent = new Float64Array(X.rows);
      let noise = 0;
      for (let k = 0; k < members; k++) {
        const fitted = await (await surrogateFrom(config.surrogate, seed * 100 + k)).fit({ X: train, y });
        const p = fitted.posterior(X);
        noise += observationNoise(fitted) / members;
        fitted.dispose();
        for (let i = 0; i < X.rows; i++) {
          mean[i] += p.mean[i] / members;
          second[i] += (p.mean[i] * p.mean[i]) / members;
          latent[i] += p.variance[i] / members;
        }
      }
      for (let i = 0; i < X.rows; i++) latent[i] += Math.max(0, second[i] - mean[i] * mean[i]);
      const s = score(truth, mean, latent, noise, new Set(picks));
      rows.push(s);
      console.log(`  seed ${seed}: cov f ${s.coverageF.toFixed(3)}, cov y ${s.coverageY.toFixed(3)}, R² ${s.r2.toFixed(3)}, |e|/σ ${s.absZ.toFixed(2)}, RMSE/σ ${s.rmseOverSigma.toFixed(2)}, max |z| ${s.maxZ.toFixed(1)}, σ² noise ${s.noise.toExponential(2)} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    }
    const med = (key: keyof Scores, digits: number) => median(rows.map((r) => r[key])).toFixed(digits);
    const line = `${label.padEnd(44)} median of ${seeds}: cov f ${med('coverageF', 3)}, cov y ${med('coverageY', 3)} (target ≥ 0.85), R² ${med('r2', 3)}, |e|/σ ${med('absZ', 2)}, RMSE/σ ${med('rmseOverSigma', 2)}`;
    console.log(line);
    summary.push(line);
  }
  if (summary.length > 1) console.log(`\n${summary.join('\n')}`);
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
