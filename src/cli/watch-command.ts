import { WebSocket } from 'ws';
import type { CliCommand } from '../cli.ts';
import { InputError } from '../errors.ts';
import { type Envelope, TOPICS, type Topic } from '../server/envelope.ts';
import { untilShutdown } from '../server/shutdown-signal.ts';
import { watchLine } from '../server/watch-lines.ts';
import { parseCliArgs } from './cli-args.ts';

const HELP = `usage: ferroloop watch URL [--topics run,agent] [--until-stop]

A terminal client of a ferroloop server (serve, start or replay): prints the campaign, the agent's state,
progress (step, y, best so far), and with --topics model,frames the latest posterior and measurement.
URL is the dashboard address (http://127.0.0.1:8765/) or the WebSocket (ws://127.0.0.1:8765/ws). On a lost
connection it reconnects (backoff 0.25 s → 5 s) and resumes with since=<last seq>, so nothing is missed
or printed twice.

options:
  --topics LIST   comma-separated topics: run, agent, model, frames (default run,agent)
  --until-stop    exit 0 once the current run's stop document arrives (default: watch until Ctrl-C)
  -h, --help      this help`;

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
    const { values, positionals } = parseCliArgs(args, { topics: { type: 'string' }, 'until-stop': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, true);
    if (values.help) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    if (positionals.length !== 1) throw new InputError('URL', 'exactly one server URL is required (see ferroloop watch --help)');
    const url = watchUrl(positionals[0]);
    const topics = (values.topics ?? 'run,agent').split(',').filter((t) => t !== '');
    const bad = topics.find((t) => !(TOPICS as readonly string[]).includes(t) || t === 'control');
    if (bad !== undefined || topics.length === 0) throw new InputError('--topics', `expected some of run, agent, model, frames, got '${values.topics}'`);
    const watcher = new Watcher(url, topics as Topic[], values['until-stop'] ?? false);
    const why = await untilShutdown(watcher.finished);
    watcher.close();
    return why === 'done' ? 0 : why === 'SIGINT' ? 130 : 0;
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
  private finish!: () => void;
  readonly finished = new Promise<void>((resolve) => { this.finish = resolve; });

  constructor(private readonly url: URL, private readonly topics: Topic[], private readonly untilStop: boolean) {
    this.connect();
  }

  close(): void {
    this.stopped = true;
    this.ws?.close();
  }

  private connect(): void {
    const ws = new WebSocket(this.url, { perMessageDeflate: false });
    this.ws = ws;
    this.replayed = false;
    ws.on('open', () => {
      this.backoffMs = 250;
      ws.send(JSON.stringify({ type: 'subscribe', id: 'watch', topics: this.topics, since: this.lastSeq }));
    });
    ws.on('message', (data) => this.onEnvelope(JSON.parse(data.toString()) as Envelope));
    ws.on('error', (err) => this.say(`ferroloop watch: ${err.message}`, true));
    ws.on('close', () => {
      if (this.stopped) return;
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
    this.finish();
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
