import type { CliCommand } from '../cli.ts';
import { InputError } from '../errors.ts';
import type { RunStart } from '../events/documents.ts';
import { readRunLog } from '../runlog/run-log-reader.ts';
import { EventHub } from '../server/event-hub.ts';
import { startLiveServer } from '../server/live-server.ts';
import { replayMaps } from '../server/replay-prepared.ts';
import { RunReplay } from '../server/run-replay.ts';
import { parseAllowedOrigin } from '../server/origin-policy.ts';
import { resolveToken, shownToken } from '../server/server-token.ts';
import { untilShutdown } from '../server/shutdown-signal.ts';
import { intFlag, numberFlag, parseCliArgs } from './cli-args.ts';

const HELP = `usage: ferroloop replay RUNLOG [--port 8765] [--speed 10] [--host 127.0.0.1] [--token T] [--no-maps] [--exit]
                        [--wait-for-client] [--allow-origin ORIGIN ...] [--insecure-token]

Serves a finished run log (runs/<run-id>.jsonl) to the dashboard and to ferroloop watch as if it were live:
every document on the run topic, plus agent state, progress (best so far) and the measured frames derived
from it. For simulator runs the grid and ground truth are rebuilt from the config in the start document
(cached VAE / ground truth), and since posterior snapshots are not in a run log, the run's own surrogate is
refitted as the data streams and its mean/σ maps are sent on the run's posteriorEvery cadence (--no-maps
skips all of it). Prints one line: ferroloop replay: dashboard http://HOST:PORT/ token=TOKEN. With the token,
pause, resume and stop control the replay.

options:
  --speed X     X times the recorded pace (default 10; 0 = as fast as possible); gaps capped at 1 s
  --wait-for-client  hold the stream until the first client (a dashboard, ferroloop watch) connects, so a short
                run is not over before the browser has loaded
  --port P      TCP port (default 8765; 0 picks a free one)
  --host H      address (default 127.0.0.1)
  --token T     control token, ≥ 16 characters (default: env FERROLOOP_TOKEN, else generated; a supplied
                one is never printed); --insecure-token and --allow-origin O as in ferroloop serve
  --no-maps     do not rebuild the grid, ground truth and posterior maps
  --exit        exit when the replay has been sent (default: keep serving it until Ctrl-C)
  -h, --help    this help`;

export const replayCommand: CliCommand = {
  summary: 're-stream a finished run log to the dashboard (and watch clients)',
  async run(args) {
    const { values, positionals } = parseCliArgs(args, {
      port: { type: 'string' }, host: { type: 'string' }, speed: { type: 'string' }, token: { type: 'string' },
      'no-maps': { type: 'boolean' }, exit: { type: 'boolean' }, 'wait-for-client': { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      'allow-origin': { type: 'string', multiple: true }, 'insecure-token': { type: 'boolean' },
    }, true);
    if (values.help) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    if (positionals.length !== 1) throw new InputError('RUNLOG', 'exactly one run log is required (see ferroloop replay --help)');
    const speedValue = numberFlag('speed', values.speed, 10);
    if (speedValue < 0) throw new InputError('--speed', `expected a number ≥ 0, got '${values.speed}'`);
    const port = intFlag('port', values.port, 8765, 0, 65535);
    const docs = readRunLog(positionals[0]).documents;
    const start = docs.find((d) => d[0] === 'start')?.[1] as RunStart | undefined;
    if (!start) throw new InputError(positionals[0], 'the run log has no start document');
    const log = (m: string): void => { process.stderr.write(`ferroloop replay: ${m}\n`); };
    const maps = values['no-maps'] ? undefined : await replayMaps(start, log);
    const resolved = resolveToken(values.token, process.env, values['insecure-token'] ?? false);
    const { token } = resolved;
    const allowOrigins = (values['allow-origin'] ?? []).map(parseAllowedOrigin);
    const hub = new EventHub();
    // The replay starts at once (or at the first connection); clients that connect later get the retained documents first.
    let firstClient: () => void = () => {};
    const startWhen = values['wait-for-client'] ? new Promise<void>((resolve) => { firstClient = resolve; }) : undefined;
    const replay = new RunReplay({ hub, docs, speed: speedValue === 0 ? Infinity : speedValue, prepared: maps?.prepared, maps, startWhen });
    const server = await startLiveServer({ hub, control: replay, token, host: values.host, port, log, allowOrigins });
    if (startWhen) {
      server.wss.once('connection', () => firstClient());
      log('waiting for the first client before replaying');
    }
    process.stdout.write(`ferroloop replay: dashboard ${server.url} token=${shownToken(resolved)}\n`);
    replay.done.then(() => log(`replay of ${docs.length} documents sent${values.exit ? '' : '; serving it until Ctrl-C'}`));
    const why = await untilShutdown(values.exit ? replay.done : undefined);
    await server.close();
    return why === 'SIGINT' ? 130 : 0;
  },
};
