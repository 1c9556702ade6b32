import { dirname, resolve } from 'node:path';
import type { CliCommand } from '../cli.ts';
import { runCampaign } from '../agents/campaign-runner.ts';
import { loadCampaignConfig } from '../config-loader.ts';
import { AbortError, InputError } from '../errors.ts';
import { abortOnSignals } from './abort-on-signals.ts';
import { resolveConfigArg } from '../shipped-configs.ts';
import { intFlag, parseCliArgs } from './cli-args.ts';
import { readConfigText } from './read-text-file.ts';
import { ProgressBar } from '../util/progress-bar.ts';
import { redisFlag } from './redis-flag.ts';

const HELP = `usage: ferroloop run CONFIG [--runs-dir DIR] [--set path=value ...] [--resume RUN_ID]

CONFIG is a path, else the name of a shipped config (ferroloop configs lists them; ferroloop init NAME copies one).

Runs a campaign: prepares its workflow (e.g. W2: trains or loads the VAE, decodes the latent grid,
computes the ground truth, all cached by content hash under .cache/ferroloop), connects the
instrument, and runs the agent. Every document is appended and flushed to DIR/<run-id>.jsonl
(Bluesky event-model [name, document] pairs); figures go to DIR/<run-id>/. Prints a JSON summary
with run_id, best, evaluations (and, with a ground truth, true_best, evaluations_to_99, r2 and the
random-search baseline).

options:
  --runs-dir DIR        where run logs go (default: runs)
  --set path=value      override any config key, e.g. --set agent.budget=50 --set acquisition.kind=ucb
                        (value parsed as JSON when it parses: numbers, booleans, objects)
  --resume RUN_ID       continue a run killed at any moment (SIGKILL included) or stopped with Ctrl-C
                        from DIR/RUN_ID.jsonl, with the run's own CONFIG and --sets (another config is
                        refused, naming the keys); it picks what the uninterrupted run would have
  --workers N           worker threads for ground-truth sweeps (default: all cores)
  --redis URL           compute the ground truth on the Redis queue instead (ferroloop worker processes on any
                        machine; overrides the config's compute.redis); same values and cache as computed locally
  --quiet               no progress bar
  -h, --help            this help

Ctrl-C (SIGINT) or SIGTERM stops within seconds in any phase: VAE training, ground-truth sweeps, model fits and
instrument waits are all cut short, the instrument is closed (HV output off). Once the run has started (its start
document is written) the log ends with an 'abort' stop document and the summary is printed; before that nothing is
written. Exit 130 either way (a second signal exits at once; a started run can still be resumed).
Exit 1: the run failed (instrument errors included: an instrument that does not answer fails within its timeoutMs).
A run stopped by Ctrl-C is continued with --resume RUN_ID: the abort stop is dropped and listed in the final
stop's 'interruptions'.
Configs: configs/latent-bo.json (W2 on the simulator), configs/latent-bo.rig.json (W2 on the serial rig).`;

export const runCommand: CliCommand = {
  summary: 'run (or resume) a campaign from a config; run log, figures and a JSON summary',
  async run(args) {
    const { values, positionals } = parseCliArgs(args, {
      'runs-dir': { type: 'string' }, set: { type: 'string', multiple: true }, resume: { type: 'string' },
      workers: { type: 'string' }, redis: { type: 'string' }, quiet: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    }, true);
    if (values.help) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    if (!positionals[0]) throw new InputError('CONFIG', 'a campaign config file is required (see ferroloop run --help)');
    const path = resolveConfigArg(positionals[0]);
    const config = loadCampaignConfig(await readConfigText(path, 'config'), positionals[0], values.set ?? []);
    const abort = abortOnSignals((sig) => `${sig}: stopping (${sig === 'SIGINT' ? 'Ctrl-C' : 'SIGTERM'} again to force)`);
    const quiet = values.quiet ?? false;
    let bar: ProgressBar | undefined;
    let lastStep = 0;
    let stage = '';
    const prepBars = new Map<string, ProgressBar>();
    try {
      const summary = await runCampaign({
        config, runsDir: values['runs-dir'] ?? 'runs', resumeId: values.resume, signal: abort.signal, configDir: dirname(resolve(path)),
        workers: values.workers ? intFlag('workers', values.workers, 1, 1, 256) : undefined, redis: redisFlag(values.redis),
        log: (m) => process.stderr.write(`${m}\n`),
        onPrepareProgress: quiet ? undefined : (s, done, total, detail) => {
          if (s !== stage) {
            prepBars.get(stage)?.finish();
            stage = s;
            prepBars.set(s, new ProgressBar({ label: s, total: Math.max(1, total) }));
          }
          prepBars.get(s)!.update(done, detail);
        },
        onEvent: (e) => {
          if (quiet || e.kind !== 'status' || e.type !== 'agent/progress') return;
          if (!bar) {
            prepBars.get(stage)?.finish();
            bar = new ProgressBar({ label: 'campaign', total: e.payload.budget });
          }
          lastStep = e.payload.step;
          // The bar counts measurements done; "step N" is the run log's 0-based event step, as in watch and the dashboard.
          bar.update(e.payload.step, `step ${e.payload.step - 1} best ${e.payload.best.toPrecision(5)}`);
        },
      });
      bar?.finish(lastStep);
      process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      return summary.exit_status === 'fail' ? 1 : summary.exit_status === 'abort' ? 130 : 0;
    } catch (err) {
      if (!(err instanceof AbortError)) throw err;
      process.stderr.write(`ferroloop run: ${err.message}; no run was started, nothing written to the run log\n`);
      return 130;
    } finally {
      abort.dispose();
    }
  },
};
