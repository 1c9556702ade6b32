// GP accuracy bench (issue 12, item 7): held-out RMSE against the noise-free truth, ±2σ coverage of the latent
// posterior and fit + predict time, for the shipped GP before the fix (MAP with LogNormal priors, s² ≤ 100) and
// after it (maximum likelihood, the default), on Branin (σ = 2), Hartmann-6 (σ = 0.05) and Forrester 1-D (σ = 1).
// `npm run bench -- gp-accuracy [--quick] [--seeds K]`. Anchors are recorded values (no Python here).
import { GpSurrogate, type GpOptions } from '../src/models/gp/index.ts';
import { Rng } from '../src/sim/rng.ts';
import { branin, forrester, hartmann6, problem, type TestFunction } from './gp-accuracy/test-functions.ts';

/**
 * Recorded anchors, issue 12 item 7 (scikit-learn GaussianProcessRegressor, MLE; BoTorch SingleTaskGP): Branin,
 * 120 points, σ = 2: ferroloop (before) 1.57, sklearn Matérn-5/2 1.20, sklearn RBF 1.06. The issue also gives
 * n = 100: 0.66 vs 0.48 and n = 300: 0.30 vs 0.25 (ferroloop vs sklearn) without their noise level, and says
 * ferroloop was 1.2–1.3× worse than BoTorch at n ≥ 1000; no BoTorch timings and no Hartmann-6 / 1-D values were
 * recorded. Those runs used their own random designs, so compare ratios, not digits.
 */
const ANCHORS: Record<string, string> = {
  'branin/120': 'issue: before 1.57, sklearn Matérn 1.20, sklearn RBF 1.06',
  'branin/100': 'issue (σ not recorded): before 0.66, sklearn 0.48',
  'branin/300': 'issue (σ not recorded): before 0.30, sklearn 0.25',
  'branin/1000': 'issue: before 1.2–1.3× BoTorch',
  'branin/2000': 'issue: before 1.2–1.3× BoTorch',
};

const BEFORE: GpOptions = { priors: 'botorch', outputscaleBounds: [1e-3, 1e2] };
const HELD_OUT = 2000;

interface Score {
  readonly rmse: number;
  readonly coverage: number;
  readonly seconds: number;
}

async function score(fn: TestFunction, n: number, seed: number, options: GpOptions): Promise<Score> {
  const { train, test, truth } = problem(fn, n, HELD_OUT, new Rng(1000 * seed + n + fn.d));
  const t0 = performance.now();
  const fitted = await new GpSurrogate({ ...options, seed }).fit(train);
  const p = fitted.posterior(test);
  const seconds = (performance.now() - t0) / 1000;
  let se = 0;
  let inside = 0;
  for (let i = 0; i < truth.length; i++) {
    const e = truth[i] - p.mean[i];
    se += e * e;
    if (Math.abs(e) <= 2 * Math.sqrt(p.variance[i])) inside++;
  }
  return { rmse: Math.sqrt(se / truth.length), coverage: inside / truth.length, seconds };
}

async function mean(fn: TestFunction, n: number, seeds: number, options: GpOptions): Promise<Score> {
  let r = 0;
  let c = 0;
  let s = 0;
  for (let k = 0; k < seeds; k++) {
    const x = await score(fn, n, k + 1, options);
    r += x.rmse;
    c += x.coverage;
    s += x.seconds;
  }
  return { rmse: r / seeds, coverage: c / seeds, seconds: s / seeds };
}

const fmt = (x: Score) => `${x.rmse.toPrecision(3).padStart(7)} ${x.coverage.toFixed(3)} ${x.seconds.toFixed(2).padStart(6)} s`;

export async function main(args: string[]): Promise<void> {
  const quick = args.includes('--quick');
  const k = args.indexOf('--seeds');
  const seedsSmall = k >= 0 ? Number(args[k + 1]) : quick ? 1 : 3;
  const sizes = quick ? [100, 120, 300] : [100, 120, 300, 1000, 2000];
  console.log(`GP accuracy: Matérn-5/2, ${HELD_OUT} held-out points, RMSE vs noise-free truth, 2σ coverage (nominal 0.954),`);
  console.log(`  fit + predict seconds; mean over ${seedsSmall} seeded designs for n ≤ 300, 1 above.`);
  console.log(`${'function/n'.padEnd(18)} ${'before: rmse  cov   time'.padEnd(28)} ${'after: rmse  cov   time'.padEnd(28)} ratio  anchors`);
  for (const fn of [branin, hartmann6, forrester]) {
    for (const n of sizes) {
      if (n === 120 && fn !== branin) continue;
      const seeds = n <= 300 ? seedsSmall : 1;
      const before = await mean(fn, n, seeds, BEFORE);
      const after = await mean(fn, n, seeds, {});
      const key = `${fn.name}/${n}`;
      const ratio = (after.rmse / before.rmse).toFixed(2);
      console.log(`${key.padEnd(18)} ${fmt(before).padEnd(28)} ${fmt(after).padEnd(28)} ${ratio.padStart(5)}  ${ANCHORS[key] ?? ''}`);
    }
  }
}
