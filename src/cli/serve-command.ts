import { dirname, resolve } from 'node:path';
import type { CliCommand } from '../cli.ts';
import { InputError } from '../errors.ts';
import { resolveConfigArg } from '../shipped-configs.ts';
import { startCampaignServer } from '../server/campaign-server.ts';
import { ServerError } from '../server/server-error.ts';
import { parseAllowedOrigin } from '../server/origin-policy.ts';
import { resolveToken, shownToken } from '../server/server-token.ts';
import { untilShutdown } from '../server/shutdown-signal.ts';
import { intFlag, parseCliArgs } from './cli-args.ts';
import { readConfigText } from './read-text-file.ts';
import { parseUserJson } from '../safe-json.ts';
import { redisFlag } from './redis-flag.ts';

const HELP = `usage: ferroloop serve [--host 127.0.0.1] [--port 8765] [--token T] [--campaign CONFIG] [--set path=value ...]
                       [--runs-dir runs] [--allow-origin ORIGIN ...] [--insecure-token] [--once]

The live server: the dashboard at http://HOST:PORT/, the WebSocket at /ws (envelopes {v, seq, ts, topic,
type, payload}; topics run, agent, model, frames, control; resume with ?since=SEQ), GET /api/state and
POST /api/control (Authorization: Bearer TOKEN). Clients without the token are read-only observers; with
it they start, pause, resume, stop and swap campaigns. When listening it prints one line:
  ferroloop serve: dashboard http://HOST:PORT/ token=TOKEN
(a token you supplied is never printed: the line shows token=(--token) or token=(FERROLOOP_TOKEN)).

Security: browser pages may open /ws only from the server's own origin (http://HOST:PORT; for a loopback
or 0.0.0.0 address also localhost, 127.0.0.1, [::1], the host name and the interface addresses) or an
--allow-origin; clients without an Origin header (scripts, ferroloop watch) are not browsers and may
connect. Observers (no token) receive every envelope with filesystem paths replaced by <path>. Failed
tokens are throttled per address (3 free, then a lockout of 1 s doubling to 60 s, forgotten after 10 min
without failures; POST /api/control answers 429 meanwhile); a connection is closed (1008) after 5 failed
attempts. Frames are at most 1 MiB (1009) and JSON nested at most 64 levels.

options:
  --host H            address to listen on (default 127.0.0.1; 0.0.0.0 exposes it to the network)
  --port P            TCP port (default 8765; 0 picks a free one, printed)
  --token T           control token, at least 16 characters (default: env FERROLOOP_TOKEN, else a random
                      one of 48 hex digits, printed)
  --insecure-token    accept a --token/FERROLOOP_TOKEN shorter than 16 characters (tests, demos)
  --allow-origin O    also accept browser pages of origin O (scheme://host[:port]; repeatable)
  --campaign CONFIG   start this campaign at once: a path, else a shipped config name (latent-bo.json;
                      ferroloop configs lists them)
  --set path=value    override a key of that campaign's config (repeatable), as in ferroloop run
  --runs-dir DIR      where run logs go (default: runs)
  --workers N         worker threads for ground-truth sweeps (default: all cores)
  --redis URL         compute ground truths on the Redis queue (ferroloop worker processes on any machine;
                      overrides a config's compute.redis); same results and cache as computed locally
  --once              exit when the campaign ends (exit 0 on success, 1 otherwise) instead of serving on

When the --campaign run ends (budget, stop, or aborted by Ctrl-C/SIGTERM once started) its JSON summary is printed
on stdout after the dashboard line, the same summary ferroloop run prints.
  -h, --help          this help

Ctrl-C (or SIGTERM) aborts a running campaign in any phase within seconds, as in ferroloop run (its instrument
closed, an abort stop document written once the run started; ferroloop run --resume continues it), closes
every client and exits (130 after Ctrl-C, 0 after SIGTERM).`;

/** What `serve` and `start` share. */
export interface ServeOptions {
  readonly host?: string;
  readonly port: number;
  readonly token?: string;
  readonly campaign?: string;
  readonly set: readonly string[];
  readonly runsDir: string;
  readonly workers?: number;
  readonly redis?: string;
  readonly once: boolean;
  readonly allowOrigins?: readonly string[];
  readonly insecureToken?: boolean;
}

/** Serves until Ctrl-C/SIGTERM (or, with `once`, until the campaign ends); returns the exit code. */
export async function serve(o: ServeOptions): Promise<number> {
  const resolved = resolveToken(o.token, process.env, o.insecureToken ?? false);
  const { token } = resolved;
  const log = (m: string): void => { process.stderr.write(`ferroloop serve: ${m}\n`); };
  const server = await startCampaignServer({ token, host: o.host, port: o.port, runsDir: o.runsDir, workers: o.workers, redis: o.redis, log, allowOrigins: o.allowOrigins }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'EADDRINUSE' || err.code === 'EADDRNOTAVAIL' || err.code === 'EACCES') throw new InputError('--port', `cannot listen on ${o.host}:${o.port} (${err.code})`);
    throw err;
  });
  // The --campaign run's JSON summary goes to stdout when it ends (budget, stop, SIGTERM/Ctrl-C abort), as `ferroloop run` prints it.
  let printed: Promise<unknown> = Promise.resolve();
  try {
    if (o.campaign !== undefined) {
      const { raw, configDir } = await campaignSource(o.campaign);
      await server.manager.start(raw, o.set, configDir);
      printed = (server.manager.current ?? Promise.resolve(undefined)).then((summary) => {
        if (summary) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      }, () => undefined);
    }
  } catch (err) {
    await server.close();
    if (err instanceof ServerError) throw new InputError('--campaign', err.message);
    throw err;
  }
  process.stdout.write(`ferroloop serve: dashboard ${server.url} token=${shownToken(resolved)}\n`);
  const why = await untilShutdown(o.once ? server.manager.current : undefined);
  if (why !== 'done') log(`${why}: shutting down`);
  await server.manager.shutdown(`${why}: server shutting down`);
  const summary = await server.manager.current;
  await printed;
  await server.close();
  if (why === 'SIGINT') return 130;
  if (why === 'done') return summary?.exit_status === 'success' ? 0 : 1;
  return 0;
}

/** The campaign `--campaign` names (a path, else a shipped config name, as for `run`), read and parsed as JSON. */
async function campaignSource(campaign: string): Promise<{ raw: Record<string, unknown>; configDir: string }> {
  const path = resolveConfigArg(campaign);
  const parsed = parseUserJson(await readConfigText(path, 'config'));
  if (!parsed.ok) throw new InputError(campaign, parsed.reason, { code: 'CONFIG_INVALID' });
  if (typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) {
    throw new InputError(campaign, 'a config must be a JSON object', { code: 'CONFIG_INVALID' });
  }
  return { raw: parsed.value as Record<string, unknown>, configDir: dirname(resolve(path)) };
}

export const serveCommand: CliCommand = {
  summary: 'the live server: dashboard, WebSocket stream, token-gated control of campaigns',
  async run(args) {
    const { values } = parseCliArgs(args, {
      host: { type: 'string' }, port: { type: 'string' }, token: { type: 'string' }, campaign: { type: 'string' },
      set: { type: 'string', multiple: true }, 'runs-dir': { type: 'string' }, workers: { type: 'string' }, redis: { type: 'string' },
      once: { type: 'boolean' }, 'allow-origin': { type: 'string', multiple: true }, 'insecure-token': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    if (values.once && values.campaign === undefined) throw new InputError('--once', 'needs --campaign');
    if (values.set && values.campaign === undefined) throw new InputError('--set', 'needs --campaign');
    return serve({
      host: values.host ?? '127.0.0.1', port: intFlag('port', values.port, 8765, 0, 65535), token: values.token,
      campaign: values.campaign, set: values.set ?? [], runsDir: values['runs-dir'] ?? 'runs',
      workers: values.workers ? intFlag('workers', values.workers, 1, 1, 256) : undefined, redis: redisFlag(values.redis), once: values.once ?? false,
      allowOrigins: (values['allow-origin'] ?? []).map(parseAllowedOrigin), insecureToken: values['insecure-token'] ?? false,
    });
  },
};
