/** A one-line terminal progress bar on stderr: `label [#####.....] 52% 5200/10000 12.3/s eta 6s`. Silent when stderr is not a TTY unless forced. */
export class TerminalProgress {
  private readonly started = performance.now();
  private lastDraw = 0;
  private readonly enabled: boolean;

  constructor(private readonly label: string, private readonly total: number, opts: { force?: boolean; stream?: NodeJS.WriteStream } = {}) {
    this.stream = opts.stream ?? process.stderr;
    this.enabled = opts.force ?? Boolean(this.stream.isTTY);
  }

  private readonly stream: NodeJS.WriteStream;

  /** Redraws at most every 100 ms (and always at the end); `extra` is appended (e.g. "best 41.2"). */
  update(done: number, extra = ''): void {
    if (!this.enabled) return;
    const now = performance.now();
    if (done < this.total && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const width = 28;
    const frac = this.total === 0 ? 1 : Math.min(1, done / this.total);
    const filled = Math.round(frac * width);
    const seconds = (now - this.started) / 1000;
    const rate = done / Math.max(seconds, 1e-9);
    const eta = rate > 0 ? (this.total - done) / rate : Infinity;
    const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
    const line = `${this.label} [${bar}] ${(frac * 100).toFixed(0).padStart(3)}% ${done}/${this.total} ${rate.toFixed(1)}/s eta ${formatSeconds(eta)}${extra ? ` ${extra}` : ''}`;
    this.stream.write(`\r${line}\x1b[K`);
  }

  /** Ends the line. */
  finish(): void {
    if (this.enabled) this.stream.write('\n');
  }
}

function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${s.toFixed(0)}s`;
  return `${Math.floor(s / 60)}m${Math.round(s % 60).toString().padStart(2, '0')}s`;
}
