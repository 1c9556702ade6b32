import { availableParallelism } from 'node:os';
import type { CliCommand } from '../cli.ts';
import { DEFAULT_SIM_SPEC, specToOptions } from '../sim/sim-spec.ts';
import { simulate } from '../sim/simulate.ts';
import { generateTrajectorySet, trajectoryParams } from '../sim/trajectories.ts';
import { runSweep } from '../sweep/run-sweep.ts';
import { summarize } from '../sweep/sim-summary.ts';
import { trajectoryPlan } from '../sweep/sweep-plan.ts';
import { intFlag, parseCliArgs } from './cli-args.ts';
import { ProgressBar } from '../util/progress-bar.ts';

const HELP = `usage: ferroloop start [--count N] [--seed S]

The default job on the embedded FerroSIM (what \`npm start\` runs): the W2 default run
(20×20 tetragonal lattice, k = 1, α_dep = 0.2, 900-sample field trajectory + 50 hold steps on y),
then a search over N seeded field trajectories on all cores for the largest Σ|curl| of the final
state. Prints a JSON summary (default run, best trajectories, timing).

options:
  --count N   trajectories to evaluate (default 2000)
  --seed S    trajectory seed (default 0)`;

export const startCommand: CliCommand = {
  summary: 'the default job: the W2 FerroSIM run and a parallel trajectory search (npm start)',
  async run(args) {
    const { values } = parseCliArgs(args, { count: { type: 'string' }, seed: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
    if (values.help) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    const count = intFlag('count', values.count, 2000, 1, 1_000_000);
    const seed = intFlag('seed', values.seed, 0);
    const options = specToOptions(DEFAULT_SIM_SPEC);
    const t0 = performance.now();
    const run = simulate(options);
    const single = summarize(run, options.field!);
    const singleMs = performance.now() - t0;
    const set = generateTrajectorySet(count, seed);
    const plan = trajectoryPlan(DEFAULT_SIM_SPEC, set, 50, 1);
    const workers = availableParallelism();
    const bar = new ProgressBar({ label: 'trajectory search', total: count });
    const t1 = performance.now();
    const results = await runSweep(plan.tasks, { workers, onProgress: (d) => bar.update(d) });
    bar.finish();
    const seconds = (performance.now() - t1) / 1000;
    const ranked = results.map((r, i) => ({ i, curl: r.curlAbsSum })).sort((a, b) => b.curl - a.curl).slice(0, 5);
    const summary = {
      defaultRun: { ...single, ms: Number(singleMs.toFixed(2)) },
      search: {
        trajectories: count, seed, workers, seconds: Number(seconds.toFixed(2)), runsPerSecond: Math.round(count / seconds),
        best: ranked.map(({ i, curl }) => ({ index: i, curlAbsSum: curl, ...trajectoryParams(set, i) })),
      },
    };
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return 0;
  },
};
