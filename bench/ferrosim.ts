// FerroSIM benchmark: single-thread cost of one 20×20, 950-step run per engine, and W2 sweep throughput.
// Usage: npm run bench -- ferrosim [--count N] [--workers W]
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { type SimOptions } from '../src/sim/sim-options.ts';
import { DEFAULT_SIM_SPEC, specToOptions } from '../src/sim/sim-spec.ts';
import { simulate } from '../src/sim/simulate.ts';
import { generateTrajectorySet } from '../src/sim/trajectories.ts';
import { runSweep } from '../src/sweep/run-sweep.ts';
import { trajectoryPlan } from '../src/sweep/sweep-plan.ts';

const SITES = 400;
const STEPS = 949; // 950 time points → 949 updates

/** Median ms per run of `simulate(options)` over `reps` runs after a warm-up. */
function timeRuns(options: SimOptions, reps: number): number {
  for (let i = 0; i < Math.min(20, reps); i++) simulate(options);
  const samples: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) simulate(options);
    samples.push((performance.now() - t0) / reps);
  }
  samples.sort((a, b) => a - b);
  return samples[2];
}

function row(label: string, ms: number, baselineMs: number): void {
  const ns = (ms * 1e6) / (SITES * STEPS);
  console.log(`  ${label.padEnd(34)} ${ms.toFixed(3).padStart(8)} ms/run ${ns.toFixed(2).padStart(7)} ns/site-step  ${(baselineMs / ms).toFixed(2)}x vs js`);
}

export async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { count: { type: 'string' }, workers: { type: 'string' } } });
  const count = Number(values.count ?? 10000);
  const workers = Number(values.workers ?? availableParallelism());
  const options = specToOptions(DEFAULT_SIM_SPEC); // W2 default: 20×20 tetragonal, 900 + 50 steps, field on y
  console.log('single thread, 20×20 lattice, 950 time points (W2 default run):');
  const js = timeRuns({ ...options, engine: 'js' }, 100);
  row('js engine (Float64Array loops)', js, js);
  row('wasm SIMD engine (default)', timeRuns({ ...options, engine: 'wasm' }, 300), js);
  row('rk4, field held per sample', timeRuns({ ...options, integrator: 'rk4' }, 10), js);
  row('stochastic (reference two-copy)', timeRuns({ ...options, update: { kind: 'stochastic', seed: 1 } }, 10), js);
  console.log('  anchors (same VM class): reference Python ~100000 ns/site-step, plain JS ~11, C -O3 -ffast-math 3.8; target ≤ 5');

  const set = generateTrajectorySet(count, 0);
  const plan = trajectoryPlan(DEFAULT_SIM_SPEC, set, 50, 1);
  const t0 = performance.now();
  await runSweep(plan.tasks, { workers });
  const seconds = (performance.now() - t0) / 1000;
  console.log(`sweep: ${count} W2 trajectories (20×20, 950 steps) on ${workers} workers: ${seconds.toFixed(2)} s, ${(count / seconds).toFixed(0)} runs/s (target: 10 000 in < 30 s on 2 cores)`);
}
