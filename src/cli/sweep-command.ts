import { writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import type { CliCommand } from '../cli.ts';
import { loadTrajectorySet } from '../data/trajectory-store.ts';
import { FerroloopError, InputError } from '../errors.ts';
import { formatPath } from '../sim/reference-case.ts';
import { DEFAULT_SIM_SPEC, type SimSpec, SimSpecSchema } from '../sim/sim-spec.ts';
import { EQUILIBRATION_STEPS, generateTrajectorySet } from '../sim/trajectories.ts';
import { parseAxis } from '../sweep/axis.ts';
import { runSweep } from '../sweep/run-sweep.ts';
import { SUMMARY_KEYS } from '../sweep/sim-summary.ts';
import { sweepMapSpec } from '../sweep/sweep-figure.ts';
import { renderFigure } from '../figures/render-figure.ts';
import { responseValues, sweepCsv, sweepJson } from '../sweep/sweep-output.ts';
import { type SweepPlan, gridPlan, trajectoryPlan } from '../sweep/sweep-plan.ts';
import { choiceFlag, intFlag, parseCliArgs } from './cli-args.ts';
import { readConfigText } from './read-text-file.ts';
import { parseUserJson } from '../safe-json.ts';
import { ProgressBar } from '../util/progress-bar.ts';
import { MAX_FIELD_STEPS, MAX_FORCED_SWEEP_RUNS, MAX_SWEEP_RUNS, MAX_TRAJECTORIES } from '../limits.ts';
import { gridDescription, trajectoryDescription, type PlanDescription } from '../distributed/plan-reference.ts';
import { redactRedisUrl } from '../distributed/redis-url.ts';

const HELP = `usage: ferroloop sweep grid --k MIN:MAX:N --dep-alpha MIN:MAX:N [options]
       ferroloop sweep trajectories (--trajectories FILE | --count N --seed S) [options]

Runs many FerroSIM simulations on all cores (worker threads) and writes one row per run.
  grid          coupling k (x axis) × depolarisation α_dep (y axis), e.g. --k 0.1:10:40 --dep-alpha 0:2:40
  trajectories  one run per field trajectory E(t) = A·exp(αt)·sin(ωt) + B (900 samples + hold steps)

options:
  --base FILE           JSON sim spec for everything not swept (default: the W2 run, n = 20, tetragonal,
                        k = 1, α_dep = 0.2, Euler, field on y, 40 seeded defects U(−3, 3))
  --k-scale S           linear (default) | log;  --dep-scale S likewise
  --trajectories FILE   trajectory file written by 'ferroloop trajectories'
  --count N --seed S    generate N trajectories with seed S instead (default seed 0)
  --hold N              equilibration steps held at the final value (default ${EQUILIBRATION_STEPS})
  --component C         field component the trajectory drives: y (default) | x
  --out FILE            results: .csv or .json (default: CSV on stdout)
  --png FILE.png        grid only: heat map of --response over k (x) × α_dep (y) with a colour bar;
                        FILE.svg and FILE.vl.json (the Vega-Lite spec) are written beside it
  --response KEY        ${SUMMARY_KEYS.join(' | ')} (default curlAbsSum)
  --workers N           worker threads (default: all ${availableParallelism()} cores); results do not depend on it
  --redis URL           run on the Redis queue instead: chunks go to 'ferroloop worker' processes on any
                        machine; the output is identical bit for bit (see README, "Running on many machines")
  --chunk N             with --redis: runs per job (default 64, about 0.05 s of W2 runs on one core; each
                        job costs the queue milliseconds, so raise it for slow links or many workers)
  --force               allow more than ${MAX_SWEEP_RUNS} runs (up to ${MAX_FORCED_SWEEP_RUNS})
  --quiet               no progress bar
  -h, --help            this help

Ctrl-C cancels the sweep (exit code 130, nothing written). Example (workflow W1 ground truth):
  ferroloop sweep grid --k 0.1:10:40 --k-scale log --dep-alpha 0:2:40 --out w1.csv --png w1.png`;

export const sweepCommand: CliCommand = {
  summary: 'parallel parameter-grid or trajectory sweeps, CSV/JSON results and PNG heat maps',
  async run(args) {
    const { values, positionals } = parseCliArgs(args, {
      base: { type: 'string' }, k: { type: 'string' }, 'dep-alpha': { type: 'string' },
      'k-scale': { type: 'string' }, 'dep-scale': { type: 'string' }, trajectories: { type: 'string' },
      count: { type: 'string' }, seed: { type: 'string' }, hold: { type: 'string' }, component: { type: 'string' },
      out: { type: 'string' }, png: { type: 'string' }, response: { type: 'string' }, workers: { type: 'string' },
      redis: { type: 'string' }, chunk: { type: 'string' },
      quiet: { type: 'boolean' }, force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    }, true);
    if (values.help) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    const mode = positionals[0];
    if (mode !== 'grid' && mode !== 'trajectories') throw new InputError('sweep', `expected 'grid' or 'trajectories' (see ferroloop sweep --help), got '${mode ?? ''}'`);
    const base = values.base ? await readSpec(values.base) : DEFAULT_SIM_SPEC;
    const response = choiceFlag('response', values.response, SUMMARY_KEYS, 'curlAbsSum');
    const workers = intFlag('workers', values.workers, availableParallelism(), 1, 256);
    let plan: SweepPlan;
    let description: PlanDescription;
    if (mode === 'grid') {
      if (!values.k || !values['dep-alpha']) throw new InputError('--k/--dep-alpha', 'a grid sweep needs both axes');
      const kAxis = parseAxis('k', values.k, choiceFlag('k-scale', values['k-scale'], ['linear', 'log'] as const, 'linear'));
      const depAxis = parseAxis('dep-alpha', values['dep-alpha'], choiceFlag('dep-scale', values['dep-scale'], ['linear', 'log'] as const, 'linear'));
      checkRuns('--k × --dep-alpha', kAxis.count * depAxis.count, values.force === true);
      plan = gridPlan(base, kAxis, depAxis);
      description = gridDescription(base, kAxis, depAxis);
    } else {
      const set = values.trajectories
        ? await loadTrajectorySet(values.trajectories)
        : generateTrajectorySet(intFlag('count', values.count, 100, 1, MAX_TRAJECTORIES), intFlag('seed', values.seed, 0));
      checkRuns(values.trajectories ? '--trajectories' : '--count', set.count, values.force === true);
      const component = choiceFlag('component', values.component, ['x', 'y'] as const, 'y') === 'x' ? 0 : 1;
      const hold = intFlag('hold', values.hold, EQUILIBRATION_STEPS, 0, MAX_FIELD_STEPS);
      plan = trajectoryPlan(base, set, hold, component);
      description = trajectoryDescription(base, set, hold, component);
    }
    if (values.png && !plan.axes) throw new InputError('--png', 'a heat map needs a grid sweep');
    if (values.png && !values.png.endsWith('.png')) throw new InputError('--png', `expected a file name ending in .png, got '${values.png}'`);
    const abort = new AbortController();
    const onSigint = (): void => abort.abort();
    process.once('SIGINT', onSigint);
    const chunk = intFlag('chunk', values.chunk, 64, 1, 1_000_000);
    if (values.chunk !== undefined && !values.redis) throw new InputError('--chunk', 'applies to --redis sweeps');
    const where = values.redis ? `the queue at ${redactRedisUrl(values.redis)} in chunks of ${chunk}` : `${workers} workers`;
    process.stderr.write(`ferroloop sweep: ${plan.tasks.length} runs on ${where} (Ctrl-C cancels)\n`);
    const bar = values.quiet ? undefined : new ProgressBar({ label: `sweep ${mode}`, total: plan.tasks.length });
    let done = 0;
    const started = performance.now();
    try {
      const onProgress = (d: number) => { done = d; bar?.update(d); };
      const results = values.redis
        ? await (await import('../distributed/remote-sweep.ts')).runRemoteSweep(description, plan.tasks.length, { url: values.redis, chunkSize: chunk, signal: abort.signal, onProgress })
        : await runSweep(plan.tasks, { workers, signal: abort.signal, onProgress });
      bar?.finish();
      const seconds = (performance.now() - started) / 1000;
      await writeResults(plan, results, values.out, { base, workers, seconds, response });
      if (values.png && plan.axes) {
        const runs = `${plan.tasks.length} runs, ${base.n} × ${base.n} lattice, ${base.mode}`;
        await renderFigure(await sweepMapSpec(plan.axes, responseValues(results, response), response, runs), values.png.slice(0, -'.png'.length));
      }
      process.stderr.write(`${plan.tasks.length} runs in ${seconds.toFixed(2)} s on ${values.redis ? 'the queue' : `${workers} workers`} (${(plan.tasks.length / seconds).toFixed(1)} runs/s)\n`);
      return 0;
    } catch (err) {
      bar?.finish(done);
      if (err instanceof FerroloopError && err.code === 'SWEEP_CANCELLED') {
        process.stderr.write('ferroloop sweep: cancelled, nothing written\n');
        return 130;
      }
      throw err;
    } finally {
      process.off('SIGINT', onSigint);
    }
  },
};

/** Refuses a sweep of more than MAX_SWEEP_RUNS runs (MAX_FORCED_SWEEP_RUNS with --force) before anything is planned. */
function checkRuns(flag: string, runs: number, force: boolean): void {
  if (runs > MAX_FORCED_SWEEP_RUNS) throw new InputError(flag, `${runs} runs exceed the limit of ${MAX_FORCED_SWEEP_RUNS} runs, even with --force`);
  if (runs > MAX_SWEEP_RUNS && !force) throw new InputError(flag, `${runs} runs exceed the limit of ${MAX_SWEEP_RUNS} runs (--force allows up to ${MAX_FORCED_SWEEP_RUNS})`);
}

async function readSpec(path: string): Promise<SimSpec> {
  const text = await readConfigText(path, 'sim spec');
  const json = parseUserJson(text);
  if (!json.ok) throw new InputError(path, json.reason);
  const parsed = SimSpecSchema.safeParse(json.value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`${path}: ${formatPath(issue.path)}`, issue.message);
  }
  return parsed.data;
}

async function writeResults(plan: SweepPlan, results: Parameters<typeof sweepCsv>[1], out: string | undefined, meta: Record<string, unknown>): Promise<void> {
  const text = out?.endsWith('.json') ? sweepJson(plan, results, meta) : sweepCsv(plan, results);
  if (out) await writeFile(out, text);
  else process.stdout.write(text);
}
