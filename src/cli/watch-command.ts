import { WebSocket } from 'ws';
import type { CliCommand } from '../cli.ts';
import { InputError } from '../errors.ts';
import { type Envelope, TOPICS, type Topic } from '../server/envelope.ts';
import { untilShutdown } from '../server/shutdown-signal.ts';
import { watchLine } from '../server/watch-lines.ts';
import { parseCliArgs } from './cli-args.ts';

const HELP = `usage: ferroloop watch URL [--topics run,agent] [--until-stop] [--retry-for S]

A terminal client of a ferroloop server (serve, start or replay): prints the campaign, the agent's state,
progress (step, y, best so far), and with --topics model,frames the latest posterior and measurement.
URL is the dashboard address (http://127.0.0.1:8765/) or the WebSocket (ws://127.0.0.1:8765/ws). On a lost
connection it reconnects (backoff 0.25 s → 5 s) and resumes with since=<last seq>, so nothing is missed
or printed twice. A server that refuses, or accepts the connection but never completes the WebSocket
handshake (10 s at most per attempt), is retried for --retry-for seconds without a connection; then watch
gives up with exit 1.

options:
  --topics LIST   comma-separated topics: run, agent, model, frames (default run,agent)
  --until-stop    exit 0 once the current run's stop document arrives (default: watch until Ctrl-C)
  --retry-for S   give up (exit 1) after S seconds without a connection, at start or after a loss (default 30)
  -h, --help      this help`;

/** Longest wait (ms) for one WebSocket handshake: a server that accepts TCP but never answers is retried. */
const HANDSHAKE_MS = 10_000;

/** A number flag in [lo, hi] (InputError naming the flag otherwise). */
function numberFlag(flag: string, raw: string | undefined, fallback: number, lo: number, hi: number): number {
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v) || v < lo || v > hi) throw new InputError(flag, `must be a number of seconds in [${lo}, ${hi}], got '${raw}'`);
  return v;
}

/** ws://host:port/ws from an http(s):// or ws(s):// URL. */
export function watchUrl(url: string): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new InputError('URL', `not a URL: '${url}'`);
  }
  if (u.protocol === 'http:' || u.protocol === 'https:') u.protocol = u.protocol === 'http:' ? 'ws:' : 'wss:';
  if (u.protocol !== 'ws:' && u.protocol !== 'wss:') throw new InputError('URL', `expected http://, https://, ws:// or wss://, got '${u.protocol}'`);
  if (u.pathname === '/' || u.pathname === '') u.pathname = '/ws';
  return u;
}

export const watchCommand: CliCommand = {
  summary: 'terminal client: progress and latest values of a remote run (reconnects, resumes)',
  async run(args) {
    const { values, positionals } = parseCliArgs(args, {
      topics: { type: 'string' }, 'until-stop': { type: 'boolean' }, 'retry-for': { type: 'string' }, help: { type: 'boolean', short: 'h' },
    }, true);
    if (values.help) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    if (positionals.length !== 1) throw new InputError('URL', 'exactly one server URL is required (see ferroloop watch --help)');
    const url = watchUrl(positionals[0]);
    const topics = (values.topics ?? 'run,agent').split(',').filter((t) => t !== '');
    const bad = topics.find((t) => !(TOPICS as readonly string[]).includes(t) || t === 'control');
    if (bad !== undefined || topics.length === 0) throw new InputError('--topics', `expected some of run, agent, model, frames, got '${values.topics}'`);
    const retryForMs = 1000 * numberFlag('--retry-for', values['retry-for'], 30, 0, 1e6);
    const watcher = new Watcher(url, topics as Topic[], values['until-stop'] ?? false, retryForMs);
    const why = await untilShutdown(watcher.finished);
    watcher.close();
    if (why === 'done') return (await watcher.finished) === 'gave up' ? 1 : 0;
    return why === 'SIGINT' ? 130 : 0;
  },
};

/** The reconnecting client: prints lines, remembers the last seq, resumes with since=. */
class Watcher {
  private lastSeq = 0;
  private lastRun: string | undefined;
  private replayed = false;
  private ws: WebSocket | undefined;
  private backoffMs = 250;
  private stopped = false;
  private progressShown = false;
  /** performance.now() since when no connection has been open (undefined while one is). */
  private downSince: number | undefined = performance.now();
  private finish!: (how: 'stopped' | 'gave up') => void;
  readonly finished = new Promise<'stopped' | 'gave up'>((resolve) => { this.finish = resolve; });

  constructor(private readonly url: URL, private readonly topics: Topic[], private readonly untilStop: boolean, private readonly retryForMs: number) {
    this.connect();
  }

  close(): void {
    this.stopped = true;
    this.ws?.close();
  }

  private connect(): void {
    const left = this.retryForMs - (performance.now() - (this.downSince ?? performance.now()));
    const ws = new WebSocket(this.url, { perMessageDeflate: false, handshakeTimeout: Math.max(250, Math.min(HANDSHAKE_MS, left)) });
    this.ws = ws;
    this.replayed = false;
    ws.on('open', () => {
      this.downSince = undefined;
      this.backoffMs = 250;
      ws.send(JSON.stringify({ type: 'subscribe', id: 'watch', topics: this.topics, since: this.lastSeq }));
    });
    ws.on('message', (data) => this.onEnvelope(JSON.parse(data.toString()) as Envelope));
    ws.on('error', (err) => this.say(`ferroloop watch: ${err.message}`, true));
    ws.on('close', () => {
      if (this.stopped) return;
      const now = performance.now();
      this.downSince ??= now;
      if (now - this.downSince >= this.retryForMs) {
        this.say(`ferroloop watch: no connection to ${this.url.href} for ${((now - this.downSince) / 1000).toFixed(1)} s (--retry-for ${this.retryForMs / 1000}); giving up`, true);
        this.stopped = true;
        this.finish('gave up');
        return;
      }
      this.say(`ferroloop watch: connection lost; reconnecting in ${this.backoffMs} ms (since=${this.lastSeq})`, true);
      setTimeout(() => { if (!this.stopped) this.connect(); }, this.backoffMs);
      this.backoffMs = Math.min(5000, this.backoffMs * 2);
    });
  }

  private onEnvelope(e: Envelope): void {
    if (e.topic === 'control' && e.type === 'control/ack' && (e.payload as { id?: string }).id === 'watch') {
      this.replayed = true;
      if (this.untilStop && this.lastRun === 'stop') this.done();
      return;
    }
    if (e.topic !== 'control') this.lastSeq = Math.max(this.lastSeq, e.seq);
    if (e.topic === 'run') this.lastRun = e.type;
    const line = watchLine(e);
    if (line) this.say(line.text, e.type === 'error', line.progress);
    if (this.untilStop && this.replayed && e.topic === 'run' && e.type === 'stop') this.done();
  }

  private done(): void {
    this.stopped = true;
    this.ws?.close();
    this.finish('stopped');
  }

  /** Prints a line; on a TTY progress lines overwrite each other. */
  private say(text: string, toStderr = false, progress = false): void {
    const tty = process.stdout.isTTY === true;
    if (toStderr) {
      process.stderr.write(`${text}\n`);
      return;
    }
    if (tty && progress) {
      process.stdout.write(`\r\x1b[2K${text}`);
      this.progressShown = true;
      return;
    }
    process.stdout.write(`${this.progressShown && tty ? '\n' : ''}${text}\n`);
    this.progressShown = false;
  }
}
