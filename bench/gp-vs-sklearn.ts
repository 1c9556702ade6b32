// ferroloop's GP against scikit-learn on the same designs (issue 12, item 7): the gp-accuracy bench's seeded
// problems are written to a temp file, fitted by ferroloop (Matérn-5/2, maximum likelihood, the default) here and by
// scikit-learn's GaussianProcessRegressor in python3 (bench/gp-accuracy/sklearn-fit.py), and the held-out RMSEs
// against the noise-free truth are printed side by side (mean over 3 designs). Needs python3 with scikit-learn
// (Debian: apt-get install python3-sklearn); skipped with a message otherwise.
// Usage: npm run bench -- gp-vs-sklearn [--python /usr/bin/python3]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { GpSurrogate } from '../src/models/gp/index.ts';
import { Rng } from '../src/sim/rng.ts';
import { branin, forrester, hartmann6, problem } from './gp-accuracy/test-functions.ts';

const CASES = [[branin, 100], [branin, 120], [branin, 300], [hartmann6, 100], [hartmann6, 300], [forrester, 100], [forrester, 300]] as const;
const SEEDS = [1, 2, 3];

export async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { python: { type: 'string' } } });
  const python = values.python ?? '/usr/bin/python3';
  const check = spawnSync(python, ['-c', 'import sklearn; print(sklearn.__version__)'], { encoding: 'utf8' });
  if (check.status !== 0) {
    console.log(`skipped: ${python} has no scikit-learn (apt-get install python3-sklearn, or --python PATH)`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'ferroloop-gp-sklearn-'));
  try {
    const designs: Record<string, unknown>[] = [];
    const ours = new Map<string, number[]>();
    for (const [fn, n] of CASES) {
      for (const seed of SEEDS) {
        // The same seeded design as `npm run bench -- gp-accuracy`.
        const { train, test, truth } = problem(fn, n, 2000, new Rng(1000 * seed + n + fn.d));
        const p = (await new GpSurrogate({ seed }).fit(train)).posterior(test);
        let se = 0;
        for (let i = 0; i < truth.length; i++) se += (truth[i] - p.mean[i]) ** 2;
        const key = `${fn.name}/${n}`;
        ours.set(key, [...(ours.get(key) ?? []), Math.sqrt(se / truth.length)]);
        designs.push({ key, seed, d: fn.d, X: Array.from(train.X.data), y: Array.from(train.y), T: Array.from(test.data), truth: Array.from(truth) });
      }
    }
    const file = join(dir, 'designs.json');
    writeFileSync(file, JSON.stringify(designs));
    const script = fileURLToPath(new URL('./gp-accuracy/sklearn-fit.py', import.meta.url));
    const run = spawnSync(python, [script, file], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (run.status !== 0) throw new Error(`sklearn-fit.py failed: ${run.stderr}`);
    const theirs = new Map<string, { matern: number[]; rbf: number[] }>();
    for (const line of run.stdout.trim().split('\n')) {
      const r = JSON.parse(line) as { key: string; matern: number; rbf: number };
      const t = theirs.get(r.key) ?? { matern: [], rbf: [] };
      t.matern.push(r.matern);
      t.rbf.push(r.rbf);
      theirs.set(r.key, t);
    }
    const avg = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    console.log(`scikit-learn ${check.stdout.trim()}: GaussianProcessRegressor, ARD kernel + WhiteKernel, MLE, 10 restarts, normalize_y; mean over ${SEEDS.length} designs`);
    console.log(`${'function/n'.padEnd(18)} ${'ferroloop'.padStart(10)} ${'sk Matérn'.padStart(10)} ${'sk RBF'.padStart(10)}  ferroloop / sk Matérn`);
    for (const [key, rmse] of ours) {
      const t = theirs.get(key)!;
      console.log(`${key.padEnd(18)} ${avg(rmse).toPrecision(4).padStart(10)} ${avg(t.matern).toPrecision(4).padStart(10)} ${avg(t.rbf).toPrecision(4).padStart(10)}  ${(avg(rmse) / avg(t.matern)).toFixed(3)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
