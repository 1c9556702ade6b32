// GP benchmark: fit (MAP hyperparameters with restarts) + posterior mean and std on 10 000 candidates at
// n = 100, 300, 600 training points, 2-D (Branin) and 4-D inputs. Anchors (scikit-learn
// GaussianProcessRegressor on this kind of machine, from issue 4): fit with optimisation at n = 600 ≈ 0.56 s,
// mean+std on 10 000 points ≈ 0.3 s. Run alone: node --import tsx -e "import('./bench/models/gp.ts').then(m=>m.benchGp())"
import { cpus, loadavg } from 'node:os';
import { GpSurrogate, type GpOptions } from '../../src/models/gp/index.ts';
import { matrix, type Dataset, type Matrix } from '../../src/models/surrogate.ts';
import { Rng } from '../../src/sim/rng.ts';
import { wasmLinalg } from '../../src/models/numerics/wasm-linalg.ts';

const SKLEARN_FIT_600_S = 0.56;
const SKLEARN_PREDICT_10K_S = 0.3;
const CANDIDATES = 10_000;

function branin(u: number, v: number): number {
  const x = 15 * u - 5;
  const y = 15 * v;
  return (y - (5.1 / (4 * Math.PI ** 2)) * x * x + (5 / Math.PI) * x - 6) ** 2 + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x) + 10;
}

/** A smooth 4-D test function on the unit box. */
function smooth4(x: Float64Array, o: number): number {
  return Math.sin(5 * x[o]) + Math.cos(3 * x[o + 1]) * x[o + 2] + (x[o + 3] - 0.5) ** 2;
}

function problem(n: number, d: 2 | 4, rng: Rng): { data: Dataset; candidates: Matrix } {
  const X = Float64Array.from({ length: n * d }, () => rng.uniform());
  const y = Float64Array.from({ length: n }, (_, i) => (d === 2 ? branin(X[2 * i], X[2 * i + 1]) : smooth4(X, 4 * i)));
  const C = Float64Array.from({ length: CANDIDATES * d }, () => rng.uniform());
  return { data: { X: matrix(n, d, X), y }, candidates: matrix(CANDIDATES, d, C) };
}

interface Timing {
  readonly fit: number;
  readonly predict: number;
  /** Process CPU seconds of the same two phases (less sensitive than wall time to other load on the machine). */
  readonly fitCpu: number;
  readonly predictCpu: number;
}

const cpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

async function time(n: number, d: 2 | 4, options: GpOptions): Promise<Timing> {
  const { data, candidates } = problem(n, d, new Rng(n * 10 + d));
  const c0 = cpuSeconds();
  const t0 = performance.now();
  const fitted = await new GpSurrogate(options).fit(data);
  const t1 = performance.now();
  const c1 = cpuSeconds();
  const p = fitted.posterior(candidates);
  const std = p.variance.map(Math.sqrt);
  const t2 = performance.now();
  const c2 = cpuSeconds();
  if (!Number.isFinite(std[0] + p.mean[0])) throw new Error('non-finite posterior');
  return { fit: (t1 - t0) / 1000, predict: (t2 - t1) / 1000, fitCpu: c1 - c0, predictCpu: c2 - c1 };
}

function row(label: string, r: Timing, anchors: boolean): string {
  const base = `${label.padEnd(44)} fit ${r.fit.toFixed(3)} s   mean+std(10k) ${r.predict.toFixed(3)} s   total ${(r.fit + r.predict).toFixed(3)} s`
    + `   [cpu ${r.fitCpu.toFixed(3)} + ${r.predictCpu.toFixed(3)} s]`;
  if (!anchors) return base;
  const ratio = (r.fit + r.predict) / (SKLEARN_FIT_600_S + SKLEARN_PREDICT_10K_S);
  return `${base}   (sklearn ${SKLEARN_FIT_600_S} + ${SKLEARN_PREDICT_10K_S} s; ours/sklearn ${ratio.toFixed(2)})`;
}

/** Prints the GP figures (median of `repeats` runs per configuration). */
export async function benchGp(repeats = 3): Promise<void> {
  const engine = wasmLinalg() ? 'WebAssembly SIMD linear algebra' : 'TypeScript linear algebra (FERROLOOP_LINALG=js or no SIMD)';
  console.log(`GP (float64, ${engine}, one thread): fit = MAP hyperparameters (L-BFGS after scoring 9 seeded starts,`);
  console.log(`  on a seeded subset of ≤ 512 points) + final factorisation on all n; predict = mean+std on ${CANDIDATES} candidates;`);
  console.log(`  median of ${repeats} runs; the machine is shared, so expect noise (load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores)`);
  await time(50, 2, {}); // warm-up (JIT)
  const median = async (n: number, d: 2 | 4, o: GpOptions) => {
    const runs: Timing[] = [];
    for (let r = 0; r < repeats; r++) runs.push(await time(n, d, o));
    const mid = (k: keyof Timing) => runs.map((x) => x[k]).sort((a, b) => a - b)[Math.floor(runs.length / 2)];
    return { fit: mid('fit'), predict: mid('predict'), fitCpu: mid('fitCpu'), predictCpu: mid('predictCpu') };
  };
  for (const d of [2, 4] as const) {
    for (const kernel of ['matern52', 'rbf'] as const) {
      for (const n of [100, 300, 600]) {
        console.log(row(`n=${n} d=${d} ${kernel} (defaults)`, await median(n, d, { kernel }), n === 600));
      }
    }
  }
  // Hyperparameters from all points instead of the default ≤ 512-point subset: the cost of exactness.
  console.log(row('n=600 d=2 matern52, maxFitPoints 600, 1 restart', await median(600, 2, { maxFitPoints: 600, restarts: 1 }), true));
}
