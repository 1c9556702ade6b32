import { Rng } from '../../sim/rng.ts';

/** Seeded faults of an emulated controller (all off by default). Rates are probabilities per response / command. */
export interface FaultOptions {
  readonly seed?: number;
  /** Added before every response (ms). */
  readonly latencyMs?: number;
  readonly dropRate?: number;
  readonly garbageRate?: number;
  /** Block responses cut in half (the rest never comes). */
  readonly truncateRate?: number;
  /** State-changing commands refused with -200 instead of executed. */
  readonly errorRate?: number;
  /** Drop the link once, after this many commands (the next one is never executed). */
  readonly disconnectAfter?: number;
}

/** What to do with one response. */
export type ResponseFault = 'none' | 'drop' | 'garbage' | 'truncate';

/** Draws the faults from one seeded stream, so a run with the same commands fails the same way. */
export class FaultInjector {
  private readonly rng: Rng;
  private commands = 0;

  constructor(public opts: FaultOptions = {}) {
    this.rng = new Rng(opts.seed ?? 0);
  }

  get latencyMs(): number {
    return this.opts.latencyMs ?? 0;
  }

  /** Counts a command; true (once) when the link must drop instead of executing it: the (disconnectAfter + 1)-th command. */
  disconnectNow(): boolean {
    this.commands++;
    return this.opts.disconnectAfter !== undefined && this.commands === this.opts.disconnectAfter + 1;
  }

  /** Restarts the command count (after changing opts). */
  resetCount(): void {
    this.commands = 0;
  }

  /** Whether to refuse a state-changing command with an injected -200. */
  injectError(): boolean {
    return this.roll(this.opts.errorRate);
  }

  /** The fault for one response (a block response can be truncated; any can be dropped or garbled). */
  responseFault(isBlock: boolean): ResponseFault {
    if (this.roll(this.opts.dropRate)) return 'drop';
    if (this.roll(this.opts.garbageRate)) return 'garbage';
    if (isBlock && this.roll(this.opts.truncateRate)) return 'truncate';
    return 'none';
  }

  /** 4–11 bytes outside printable ASCII. */
  garbage(): Uint8Array {
    const out = new Uint8Array(4 + this.rng.int(8));
    for (let i = 0; i < out.length; i++) out[i] = 0x80 + this.rng.int(128);
    return out;
  }

  private roll(rate: number | undefined): boolean {
    return rate !== undefined && rate > 0 && this.rng.uniform() < rate;
  }
}
