import { WorkerPool } from '../../sweep/worker-pool.ts';
import type { ScanChannel } from '../instrument.ts';
import type { TwinConfig } from './twin-config.ts';
import { createTwinSample, type TwinSample } from './twin-sample.ts';
import { scanTwin } from './twin-scan.ts';
import { runTwinTask, type TwinTask, type TwinTaskResult } from './twin-task.ts';
import { siblingModule } from '../../util/sibling-module.ts';

/** What runs the heavy twin tasks: in-process (synchronous) or on worker threads. */
export type TwinExecution = 'inline' | 'worker';

/**
 * A digital-twin sample with state: a FerroSIM lattice that poling and spectroscopy evolve and scans read.
 * Poling either starts from the pristine state every time ('reset', as workflow W2 evaluates trajectories) or
 * from the current state ('persist', like a real sample).
 */
export class DigitalTwin {
  readonly sample: TwinSample;
  private state: Float64Array;
  private scans = 0;
  private pool: WorkerPool<TwinTask, TwinTaskResult> | undefined;

  constructor(
    readonly cfg: TwinConfig, private readonly execution: TwinExecution = 'inline',
    private readonly polePolicy: 'reset' | 'persist' = 'reset', private readonly spectroscopyPolicy: 'reset' | 'persist' = 'persist',
    /** Worker threads (execution 'worker'): concurrent calls run in parallel up to this many. */
    private readonly workers = 1,
    /** Runs the heavy tasks elsewhere instead (the simulation queue's workers), when given. */
    private readonly remote?: (task: TwinTask, signal?: AbortSignal) => Promise<TwinTaskResult>,
  ) {
    this.sample = createTwinSample(cfg);
    this.state = Float64Array.from(this.sample.initial);
  }

  /** Current lattice state, [comp][i][j] (a copy). */
  snapshot(): Float64Array {
    return Float64Array.from(this.state);
  }

  /** Restores the pristine state. */
  reset(): void {
    this.state = Float64Array.from(this.sample.initial);
  }

  /** Applies a uniform field trajectory (T values, Ec units) and returns the new state ([comp][i][j]). */
  async pole(fieldEc: Float64Array, signal?: AbortSignal): Promise<Float64Array> {
    const start = this.polePolicy === 'reset' ? this.sample.initial : this.state;
    const r = await this.exec({ op: 'pole', cfg: this.cfg, defects: this.sample.defects, state: Float64Array.from(start), fieldEc }, signal);
    this.state = r.state;
    return this.snapshot();
  }

  /**
   * Runs the model from the pristine sample with k and α_dep overridden (W1); the sample state is untouched.
   * Returns the final state ([comp][i][j]) and ⟨P⟩(t) ([comp][t]).
   */
  async simulate(params: { k?: number; depAlpha?: number }, fieldEc: Float64Array, signal?: AbortSignal): Promise<{ state: Float64Array; meanP: Float64Array }> {
    const cfg = { ...this.cfg, ...(params.k !== undefined ? { k: params.k } : {}), ...(params.depAlpha !== undefined ? { depAlpha: params.depAlpha } : {}) };
    const r = await this.exec({ op: 'simulate', cfg, defects: this.sample.defects, state: Float64Array.from(this.sample.initial), fieldEc }, signal);
    return { state: r.state, meanP: r.meanP! };
  }

  /** Runs switching spectroscopy at (x, y) µm; returns 3 × M (bias V, on-field, off-field response). */
  async spectroscopy(xUm: number, yUm: number, biasV: Float64Array, signal?: AbortSignal): Promise<Float64Array> {
    const start = this.spectroscopyPolicy === 'reset' ? Float64Array.from(this.sample.initial) : this.snapshot();
    const r = await this.exec({ op: 'spectroscopy', cfg: this.cfg, defects: this.sample.defects, state: start, xUm, yUm, biasV }, signal);
    this.state = r.state;
    return r.response!;
  }

  /** Scans the current state (each image ny × nx); every scan draws fresh, seeded noise. */
  scan(channels: readonly ScanChannel[], nx: number, ny: number, sizeUm: number): Record<ScanChannel, Float64Array> {
    const noiseSeed = this.cfg.seed * 7919 + ++this.scans;
    return scanTwin(this.cfg, this.state, this.sample.topography, { channels, nx, ny, sizeUm, noiseSeed });
  }

  /** Stops the worker thread, if any; the twin stays usable (a new worker starts on demand). */
  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.close('digital twin closed');
  }

  private async exec(task: TwinTask, signal?: AbortSignal): Promise<TwinTaskResult> {
    if (this.remote) return this.remote(task, signal);
    if (this.execution === 'inline') return runTwinTask(task).value;
    this.pool ??= new WorkerPool<TwinTask, TwinTaskResult>({ moduleUrl: siblingModule(import.meta.url, './twin-task'), exportName: 'runTwinTask', size: this.workers });
    return this.pool.run(task);
  }
}
