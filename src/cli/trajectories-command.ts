import type { CliCommand } from '../cli.ts';
import { saveTrajectorySet, loadTrajectorySet } from '../data/trajectory-store.ts';
import { InputError } from '../errors.ts';
import { TRAJECTORY_BOX, generateTrajectorySet } from '../sim/trajectories.ts';
import { intFlag, parseCliArgs } from './cli-args.ts';

const HELP = `usage: ferroloop trajectories --out FILE [--count N] [--seed S]
       ferroloop trajectories --info FILE

Generates the lecture's field-trajectory family E(t) = A·exp(αt)·sin(ωt) + B on t_k = k/899
(900 samples), with A ∈ [${TRAJECTORY_BOX.A}], α ∈ [${TRAJECTORY_BOX.alpha}], ω ∈ [2π, 8π/3], B ∈ [${TRAJECTORY_BOX.B}]
drawn uniformly by a seeded RNG, and saves it as a compact file (parameters only, 32 bytes per
trajectory; the curves are recomputed exactly on load).

options:
  --out FILE     where to write (e.g. trajectories.fltrj)
  --count N      number of trajectories (default 7500, as in workflow W2)
  --seed S       RNG seed (default 0)
  --info FILE    print a JSON summary of an existing file
  -h, --help     this help`;

export const trajectoriesCommand: CliCommand = {
  summary: 'generate, save and inspect seeded field-trajectory sets (W2 data)',
  async run(args) {
    const { values } = parseCliArgs(args, {
      out: { type: 'string' }, count: { type: 'string' }, seed: { type: 'string' }, info: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    if (values.info) {
      const set = await loadTrajectorySet(values.info);
      process.stdout.write(`${JSON.stringify({ seed: set.seed, count: set.count, samples: set.samples })}\n`);
      return 0;
    }
    if (!values.out) throw new InputError('--out', 'is required (see ferroloop trajectories --help)');
    const set = generateTrajectorySet(intFlag('count', values.count, 7500, 1, 10_000_000), intFlag('seed', values.seed, 0));
    await saveTrajectorySet(values.out, set);
    process.stdout.write(`${JSON.stringify({ out: values.out, seed: set.seed, count: set.count, samples: set.samples })}\n`);
    return 0;
  },
};
