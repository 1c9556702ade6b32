import type { CliCommand } from '../cli.ts';
import { parseAllowedOrigin } from '../server/origin-policy.ts';
import { intFlag, parseCliArgs } from './cli-args.ts';
import { serve } from './serve-command.ts';
import { redisFlag } from './redis-flag.ts';

/** The default campaign of `ferroloop start`: W2 (configs/latent-bo.json) with log-EI, 10 initial points, 150 measurements. */
export const START_CAMPAIGN = 'latent-bo.json';
export const START_OVERRIDES: readonly string[] = ['acquisition={"kind":"log-ei"}', 'agent.initialPoints=10', 'agent.budget=150'];

const HELP = `usage: ferroloop start [--host 127.0.0.1] [--port 8765] [--token T] [--set path=value ...] [--runs-dir runs] [--once]

What \`npm start\` runs: the live server (as ferroloop serve) with the default campaign started at once —
workflow W2 on the embedded FerroSIM (configs/latent-bo.json: 7 500 field trajectories → VAE → 100×100
latent grid, objective Σ|curl|) with log-EI, 10 random initial points and a budget of 150 measurements.
Prints the dashboard URL (open it in a browser) and the control token, then serves until Ctrl-C.

The first run generates the trajectories, trains the VAE and computes the 10 000-point ground truth on
all cores: about a minute on 2 cores (46 s measured here). All of it is cached under .cache/ferroloop
(FERROLOOP_CACHE_DIR), so later runs are ready in a few seconds; the 150 measurements themselves take
seconds. The run log goes to runs/<run-id>.jsonl; the server keeps serving the finished run until Ctrl-C
(start another campaign from the dashboard with the token, or replay a log with ferroloop replay).

options:
  --host H, --port P, --token T, --runs-dir DIR, --workers N   as in ferroloop serve (--port 0: a free port)
  --redis URL                                                   ground truth on the Redis queue, as in ferroloop serve
  --allow-origin O, --insecure-token                            as in ferroloop serve (see its --help: security)
  --set path=value    further overrides of the campaign config (after the defaults above)
  --once              exit when the campaign ends instead of serving on
  -h, --help          this help`;

export const startCommand: CliCommand = {
  summary: 'the default: serve the dashboard and run the W2 campaign (npm start)',
  async run(args) {
    const { values } = parseCliArgs(args, {
      host: { type: 'string' }, port: { type: 'string' }, token: { type: 'string' }, set: { type: 'string', multiple: true },
      'runs-dir': { type: 'string' }, workers: { type: 'string' }, redis: { type: 'string' }, once: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      'allow-origin': { type: 'string', multiple: true }, 'insecure-token': { type: 'boolean' },
    });
    if (values.help) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    return serve({
      host: values.host ?? '127.0.0.1', port: intFlag('port', values.port, 8765, 0, 65535), token: values.token,
      campaign: START_CAMPAIGN, set: [...START_OVERRIDES, ...(values.set ?? [])], runsDir: values['runs-dir'] ?? 'runs',
      workers: values.workers ? intFlag('workers', values.workers, 1, 1, 256) : undefined, redis: redisFlag(values.redis), once: values.once ?? false,
      allowOrigins: (values['allow-origin'] ?? []).map(parseAllowedOrigin), insecureToken: values['insecure-token'] ?? false,
    });
  },
};
