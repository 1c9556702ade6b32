/**
 * A one-line terminal progress bar: `label [#####.....] 12/40 3.1s loss 0.042`. On a TTY it redraws in place
 * (carriage return); elsewhere it prints a line only every `everyPercent` percent and at the end, so logs
 * stay short.
 */

export interface ProgressBarOptions {
  readonly total: number;
  readonly label?: string;
  /** Bar width in characters (default 30). */
  readonly width?: number;
  /** Output stream (default process.stderr). */
  readonly stream?: { write(s: string): unknown; isTTY?: boolean };
  /** Non-TTY only: print every this many percent (default 25). */
  readonly everyPercent?: number;
  /** Clock in ms (default performance.now), injectable for tests. */
  readonly now?: () => number;
}

export class ProgressBar {
  private readonly started: number;
  private lastPercentPrinted = -1;
  private finished = false;

  constructor(private readonly opts: ProgressBarOptions) {
    if (!(opts.total > 0)) throw new RangeError(`ProgressBar: total must be > 0, got ${opts.total}`);
    this.started = this.now();
  }

  /** Renders the bar for `done` of total units, with an optional suffix (e.g. "loss 0.04"). */
  render(done: number, suffix = ''): string {
    const { total, width = 30, label = '' } = this.opts;
    const frac = Math.min(1, Math.max(0, done / total));
    const filled = Math.round(frac * width);
    const seconds = ((this.now() - this.started) / 1000).toFixed(1);
    const head = label ? `${label} ` : '';
    const tail = suffix ? ` ${suffix}` : '';
    return `${head}[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${seconds}s${tail}`;
  }

  /** Draws progress `done` (redraw on a TTY; a throttled line otherwise). */
  update(done: number, suffix = ''): void {
    if (this.finished) return;
    const stream = this.stream();
    if (stream.isTTY) {
      stream.write(`\r${this.render(done, suffix)}\x1b[K`);
      return;
    }
    const every = this.opts.everyPercent ?? 25;
    const percent = Math.floor((100 * done) / this.opts.total / every) * every;
    if (percent > this.lastPercentPrinted && done < this.opts.total) {
      this.lastPercentPrinted = percent;
      stream.write(`${this.render(done, suffix)}\n`);
    }
  }

  /** Draws the final state and ends the line. */
  finish(done = this.opts.total, suffix = ''): void {
    if (this.finished) return;
    this.finished = true;
    const stream = this.stream();
    stream.write(`${stream.isTTY ? '\r' : ''}${this.render(done, suffix)}${stream.isTTY ? '\x1b[K' : ''}\n`);
  }

  private stream(): { write(s: string): unknown; isTTY?: boolean } {
    return this.opts.stream ?? process.stderr;
  }

  private now(): number {
    return (this.opts.now ?? (() => performance.now()))();
  }
}
