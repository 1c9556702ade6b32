import type { NamedDocument } from '../events/documents.ts';
import type { WireMessage } from './agent-envelopes.ts';
import type { CampaignStatus } from './campaign-manager.ts';
import type { ControlRequest } from './client-messages.ts';
import type { ControlTarget } from './control-dispatch.ts';
import type { EventHub } from './event-hub.ts';
import { type ReplayItem, deriveReplay, replayRunInfo } from './replay-derive.ts';
import type { RunStart } from '../events/documents.ts';
import { ServerError } from './server-error.ts';
import type { ReplayMaps } from './replay-prepared.ts';

export interface RunReplayOptions {
  readonly hub: EventHub;
  readonly docs: readonly NamedDocument[];
  /** Recorded time divided by this (Infinity: no waiting). */
  readonly speed: number;
  /** Longest wait between two documents (ms), so that slow preparation phases do not stall the replay. */
  readonly maxGapMs?: number;
  /** A `campaign/prepared` message to send after the start document (maps need the grid). */
  readonly prepared?: WireMessage;
  /** Refits the run's surrogate as data streams and publishes `model/posterior` on the run's cadence. */
  readonly maps?: Pick<ReplayMaps, 'posterior' | 'every' | 'initialPoints'>;
  /** The replay holds its first document until this settles (e.g. the first client connected). */
  readonly startWhen?: Promise<void>;
}

/**
 * Re-streams a finished run through the hub at `speed` × the recorded pace. As a ControlTarget it obeys
 * pause, resume and stop (stop ends the replay); start and swap are refused.
 */
export class RunReplay implements ControlTarget {
  readonly mode = 'replay' as const;
  private readonly items: ReplayItem[];
  private paused = false;
  private stopped = false;
  private wake: (() => void) | undefined;
  /** Ends the wait for startWhen (a stop before the first client). */
  private release: (() => void) | undefined;
  private state: CampaignStatus;
  /** Resolves when every item was sent (or the replay was stopped). */
  readonly done: Promise<void>;

  constructor(private readonly o: RunReplayOptions) {
    this.items = deriveReplay(o.docs);
    const start = o.docs.find((d) => d[0] === 'start')?.[1] as RunStart | undefined;
    const info = start ? replayRunInfo(start) : { runId: null, name: 'replay', budget: 0 };
    this.state = { runId: info.runId, name: info.name, state: 'running', step: 0, budget: info.budget, best: null };
    this.done = this.play();
  }

  status(): CampaignStatus {
    return this.state;
  }

  async handle(req: ControlRequest): Promise<{ name?: string }> {
    if (req.type === 'start' || req.type === 'swap') throw new ServerError('BAD_CONFIG', `a replay server cannot ${req.type} (it re-streams a finished run)`);
    if (this.stopped) throw new ServerError('NO_CAMPAIGN', 'the replay has ended');
    if (req.type === 'pause') this.paused = true;
    if (req.type === 'resume') this.paused = false;
    if (req.type === 'stop') this.stopped = true;
    const state = this.stopped ? 'finished' : this.paused ? 'paused' : 'running';
    this.state = { ...this.state, state };
    this.o.hub.publish('agent', 'agent/state', { state, step: this.state.step, reason: `replay ${req.type}` });
    this.wake?.();
    if (this.stopped) this.release?.();
    return {};
  }

  private async play(): Promise<void> {
    if (this.o.startWhen) {
      await Promise.race([this.o.startWhen, new Promise<void>((resolve) => { this.release = resolve; })]);
      this.release = undefined;
    }
    let last: number | undefined;
    const measured = { candidates: [] as number[], y: [] as number[] };
    for (const item of this.items) {
      if (last !== undefined) await this.wait(((item.time - last) * 1000) / this.o.speed);
      while (this.paused && !this.stopped) await this.wait(Infinity);
      if (this.stopped) break;
      last = item.time;
      for (const m of item.messages) {
        this.o.hub.publish(m.topic, m.type, m.payload);
        this.track(m);
        if (m.type === 'start' && this.o.prepared) this.o.hub.publish(this.o.prepared.topic, this.o.prepared.type, this.o.prepared.payload);
        if (m.type === 'agent/progress') await this.snapshot(m.payload as { step: number; candidate: number; y: number }, measured);
      }
    }
    this.stopped = true;
    this.state = { ...this.state, state: 'finished' };
  }

  /** After a measurement, refits the run's surrogate and publishes its posterior on the run's cadence. */
  private async snapshot(p: { step: number; candidate: number; y: number }, measured: { candidates: number[]; y: number[] }): Promise<void> {
    measured.candidates.push(p.candidate);
    measured.y.push(p.y);
    const maps = this.o.maps;
    const n = measured.y.length;
    if (!maps || maps.every <= 0 || n < Math.max(2, maps.initialPoints) || (n - maps.initialPoints) % maps.every !== 0) return;
    const { mean, std } = await maps.posterior(measured.candidates, measured.y);
    this.o.hub.publish('model', 'model/posterior', { step: p.step, mean, std });
  }

  private track(m: WireMessage): void {
    const p = m.payload as { state?: string; step?: number; best?: number };
    if (m.type === 'agent/progress') this.state = { ...this.state, step: p.step ?? 0, best: p.best ?? null };
    if (m.type === 'agent/state' && p.state) this.state = { ...this.state, state: p.state };
  }

  /** Waits `ms` (capped at maxGapMs) or until a control message wakes the replay. */
  private wait(ms: number): Promise<void> {
    const capped = Math.min(ms, this.paused ? Infinity : this.o.maxGapMs ?? 1000);
    if (!(capped > 0) && !this.paused) return new Promise((resolve) => setImmediate(resolve));
    return new Promise((resolve) => {
      const timer = Number.isFinite(capped) ? setTimeout(() => resolve(), capped) : undefined;
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
    });
  }
}
