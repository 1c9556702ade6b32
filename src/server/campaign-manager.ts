import { preparationReporter } from './preparation-reporter.ts';
import { readConfigText } from '../cli/read-text-file.ts';
import { InputError } from '../errors.ts';
import { join } from 'node:path';
import { Subject } from 'rxjs';
import { type CampaignRunOptions, type CampaignSummary, runCampaign } from '../agents/campaign-runner.ts';
import type { AgentEvent } from '../agents/agent-types.ts';
import type { CampaignConfig } from '../config.ts';
import { applyOverride, loadCampaignConfig, parseCampaignConfig } from '../config-loader.ts';
import type { ControlMessage } from '../events/control.ts';
import { agentEventMessage, preparedMessage } from './agent-envelopes.ts';
import type { EventHub } from './event-hub.ts';
import { ServerError } from './server-error.ts';

/** What `/api/state` reports about the campaign (null before the first one). */
export interface CampaignStatus {
  readonly runId: string | null;
  readonly name: string;
  readonly state: string;
  readonly step: number;
  readonly budget: number;
  readonly best: number | null;
}

export interface CampaignManagerOptions {
  readonly hub: EventHub;
  readonly runsDir: string;
  /** Where `start` finds config files by name (default: ./configs). */
  readonly configsDir: string;
  readonly cacheDir?: string;
  readonly workers?: number;
  /** Redis URL of the queue ground truths go to (overrides a config's compute.redis). */
  readonly redis?: string;
  readonly log: (message: string) => void;
  /** Extra runCampaign options (tests inject instruments). */
  readonly runOptions?: Partial<CampaignRunOptions>;
}

const CONFIG_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]*\.json$/;

/**
 * One campaign at a time, driven by control messages: wraps `runCampaign` with a Subject<ControlMessage>,
 * publishes every agent event through the hub (and `campaign/prepared` from the onPrepared hook).
 */
export class CampaignManager {
  private control$: Subject<ControlMessage> | undefined;
  /** Aborts the running campaign in any phase (preparation, fits, instrument waits), not only at a step boundary. */
  private abort: AbortController | undefined;
  private status: CampaignStatus | null = null;
  /** Settles when the running campaign ends (undefined when none runs). */
  current: Promise<CampaignSummary | undefined> | undefined;

  constructor(private readonly o: CampaignManagerOptions) {}

  get running(): boolean {
    return this.control$ !== undefined;
  }

  get state(): CampaignStatus | null {
    return this.status;
  }

  /** Resolves a config (a file name under configsDir, or an object) with `set` overrides; BAD_CONFIG on failure. */
  async resolveConfig(config: string | Record<string, unknown>, set: readonly string[] = []): Promise<CampaignConfig> {
    try {
      if (typeof config !== 'string') return parseCampaignConfig(set.reduce<unknown>((raw, s) => applyOverride(raw, s), config), 'config');
      if (!CONFIG_NAME.test(config)) throw new ServerError('BAD_CONFIG', `config: '${config}' is not a file name under configs/ (e.g. latent-bo.json)`);
      const text = await readConfigText(join(this.o.configsDir, config), 'config').catch((err: unknown) => {
        if (err instanceof InputError && err.code === 'CONFIG_INVALID') throw new ServerError('BAD_CONFIG', `config: configs/${config}: ${err.message.slice(err.message.indexOf(': ') + 2)}`);
        throw new ServerError('BAD_CONFIG', `config: no such file configs/${config}`);
      });
      return loadCampaignConfig(text, config, set);
    } catch (err) {
      if (err instanceof ServerError) throw err;
      throw new ServerError('BAD_CONFIG', (err as Error).message, { cause: err });
    }
  }

  /**
   * Starts a campaign (refused with CAMPAIGN_RUNNING while one runs); resolves once it is under way.
   * `configDir`: where relative plugin modules resolve (default: the configs folder).
   */
  async start(config: string | Record<string, unknown>, set: readonly string[] = [], configDir = this.o.configsDir): Promise<{ name: string }> {
    // A campaign whose loop has ended is only writing its figures: a start waits for that instead of refusing.
    if (this.running && this.status?.state === 'finished') await this.current;
    if (this.running) throw new ServerError('CAMPAIGN_RUNNING', 'a campaign is running: stop it first');
    const resolved = await this.resolveConfig(config, set);
    if (this.running) throw new ServerError('CAMPAIGN_RUNNING', 'a campaign is running: stop it first');
    const control$ = new Subject<ControlMessage>();
    const abort = new AbortController();
    this.control$ = control$;
    this.abort = abort;
    this.status = { runId: null, name: resolved.name, state: 'preparing', step: 0, budget: resolved.agent.budget, best: null };
    this.o.log(`campaign ${resolved.name}: starting`);
    this.current = this.run(resolved, control$, configDir, abort.signal).finally(() => {
      this.control$ = undefined;
      this.abort = undefined;
      control$.complete();
    });
    return { name: resolved.name };
  }

  /** Forwards pause/resume/stop/swap to the running campaign (NO_CAMPAIGN when none runs). */
  control(message: ControlMessage): void {
    if (!this.control$) throw new ServerError('NO_CAMPAIGN', `no campaign is running (${message.type} ignored)`);
    this.control$.next(message);
  }

  /**
   * Stops the running campaign (if any) and waits for its end. It is aborted, as Ctrl-C aborts `ferroloop run`: in
   * any phase within seconds, the instrument closed and an `abort` stop document written once a run has started.
   */
  async shutdown(reason = 'server shutting down'): Promise<void> {
    this.abort?.abort(reason);
    await this.current;
  }

  private async run(config: CampaignConfig, control$: Subject<ControlMessage>, configDir: string, signal: AbortSignal): Promise<CampaignSummary | undefined> {
    const { hub } = this.o;
    const preparing = preparationReporter({ name: config.name, publish: (p) => hub.publish('agent', 'campaign/preparing', p), log: (m) => this.o.log(m) });
    hub.publish('agent', 'campaign/preparing', { name: config.name, stage: 'starting', done: 0, total: 0 });
    try {
      const summary = await runCampaign({
        config, runsDir: this.o.runsDir, cacheDir: this.o.cacheDir, workers: this.o.workers, redis: this.o.redis, control$, configDir, signal,
        log: (m) => this.o.log(m), onPrepareProgress: preparing, ...this.o.runOptions,
        onPrepared: (prepared, runId, cfg) => {
          this.status = { ...this.status!, runId };
          const m = preparedMessage(prepared, runId, cfg);
          hub.publish(m.topic, m.type, m.payload);
        },
        onEvent: (e) => {
          this.track(e);
          const m = agentEventMessage(e);
          hub.publish(m.topic, m.type, m.payload);
        },
      });
      this.o.log(`campaign ${config.name}: ${summary.exit_status} (${summary.run_id}, best ${summary.best})`);
      return summary;
    } catch (err) {
      const reason = signal.aborted ? (err as Error).message : `failed: ${(err as Error).message}`;
      this.o.log(`campaign ${config.name}: ${reason}`);
      this.status = { ...this.status!, state: 'finished' };
      hub.publish('agent', 'agent/state', { state: 'finished', step: this.status.step, reason });
      return undefined;
    }
  }

  private track(e: AgentEvent): void {
    const s = this.status!;
    if (e.kind === 'document') {
      if (e.doc[0] === 'start' && typeof e.doc[1].run_id === 'string') this.status = { ...s, runId: e.doc[1].run_id };
    } else if (e.type === 'agent/state') {
      this.status = { ...s, state: e.payload.state, step: e.payload.step };
    } else if (e.type === 'agent/progress') {
      this.status = { ...s, step: e.payload.step, budget: e.payload.budget, best: e.payload.best };
    }
  }
}
