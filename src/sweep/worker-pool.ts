import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { FerroloopError } from '../errors.ts';

/** A task handler module's export: takes one task, returns a value (and buffers to transfer back). */
export type TaskHandler<TTask, TValue> = (task: TTask) => Promise<{ value: TValue; transfer?: ArrayBuffer[] }> | { value: TValue; transfer?: ArrayBuffer[] };

export interface WorkerPoolOptions {
  /** URL of the (TypeScript) module holding the handler. */
  readonly moduleUrl: URL;
  /** Name of the handler export. */
  readonly exportName: string;
  /** Number of worker threads (default: all cores). */
  readonly size?: number;
}

interface Pending {
  readonly task: unknown;
  readonly resolve: (v: unknown) => void;
  readonly reject: (e: unknown) => void;
}

interface Slot {
  readonly worker: Worker;
  ready: Promise<void>;
  busy: Pending | undefined;
}

/**
 * A fixed pool of worker threads running one handler; one task in flight per worker, FIFO queue.
 * Results never depend on the pool size: each task is computed alone, in isolation. The workers keep the
 * process alive until `close()`: every owner closes its pool in a `finally` (earlier, idle workers were
 * unref'd instead, and a pool being closed could let the event loop empty under a pending await).
 */
export class WorkerPool<TTask, TValue> {
  readonly size: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 0;
  private closed = false;

  constructor(private readonly options: WorkerPoolOptions) {
    this.size = Math.max(1, options.size ?? availableParallelism());
    for (let i = 0; i < this.size; i++) this.slots.push(this.spawn());
  }

  /** Runs one task on the next free worker. */
  run(task: TTask): Promise<TValue> {
    if (this.closed) return Promise.reject(new FerroloopError('SWEEP_CANCELLED', 'worker pool is closed'));
    return new Promise<TValue>((resolve, reject) => {
      this.queue.push({ task, resolve: resolve as (v: unknown) => void, reject });
      this.pump();
    });
  }

  /** Rejects every queued task and terminates the workers; tasks in flight are rejected too. */
  async close(reason = 'worker pool closed'): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const error = new FerroloopError('SWEEP_CANCELLED', reason);
    for (const p of this.queue.splice(0)) p.reject(error);
    for (const slot of this.slots) slot.busy?.reject(error);
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private spawn(): Slot {
    const worker = new Worker(new URL('./worker-entry.mjs', import.meta.url), {
      workerData: { moduleUrl: this.options.moduleUrl.href, exportName: this.options.exportName },
    });
    const slot: Slot = { worker, busy: undefined, ready: Promise.resolve() };
    slot.ready = new Promise<void>((resolve, reject) => {
      const onMessage = (msg: { ready?: boolean }): void => {
        if (msg.ready) {
          worker.off('message', onMessage);
          resolve();
        }
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
    worker.on('message', (msg: { id?: number; ok?: boolean; value?: unknown; error?: { code: string; message: string } }) => {
      if (msg.id === undefined || slot.busy === undefined) return;
      const done = slot.busy;
      slot.busy = undefined;
      if (msg.ok) done.resolve(msg.value);
      else done.reject(new FerroloopError('SWEEP_WORKER_FAILED', `${msg.error?.code}: ${msg.error?.message}`));
      this.pump();
    });
    worker.on('error', (err) => {
      slot.busy?.reject(new FerroloopError('SWEEP_WORKER_FAILED', `worker crashed: ${err.message}`, { cause: err }));
      slot.busy = undefined;
      if (!this.closed) void this.close(`worker crashed: ${err.message}`);
    });
    return slot;
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.busy !== undefined) continue;
      const job = this.queue.shift()!;
      slot.busy = job;
      const id = this.nextId++;
      slot.ready.then(
        () => slot.worker.postMessage({ id, task: job.task }),
        (err: Error) => job.reject(new FerroloopError('SWEEP_WORKER_FAILED', `worker failed to start: ${err.message}`, { cause: err })),
      );
    }
  }
}
