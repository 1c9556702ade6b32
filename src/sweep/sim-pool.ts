import { FerroloopError } from '../errors.ts';
import type { SimTask, SimTaskResult } from './sim-task.ts';
import { WorkerPool } from './worker-pool.ts';
import { siblingModule } from '../util/sibling-module.ts';

/** Progress of a batch: tasks done out of total. */
export type ProgressCallback = (done: number, total: number) => void;

export interface SimPoolOptions {
  /** Worker threads (default: all cores). */
  readonly size?: number;
  /** Tasks per worker message; larger chunks amortise messaging for short runs (default: autoChunkSize). */
  readonly chunkSize?: number;
}

/** Largest automatic chunk: 64 W2 runs are about 0.1 s of work, so the last chunks still balance across workers. */
const MAX_AUTO_CHUNK = 64;

/**
 * Tasks per message when none was asked for: about 8 messages per worker for small batches (so every worker gets
 * work), at most MAX_AUTO_CHUNK for large ones (fewer, larger messages: each one's shared arrays are cloned once).
 */
export function autoChunkSize(tasks: number, workers: number): number {
  return Math.max(1, Math.min(MAX_AUTO_CHUNK, Math.ceil(tasks / (8 * workers))));
}

/**
 * FerroSIM runs on worker threads, off the event loop. `run` does one simulation; `map` does many,
 * returning results in input order whatever the pool size, cancellable through an AbortSignal.
 */
export class SimPool {
  private readonly pool: WorkerPool<readonly SimTask[], SimTaskResult[]>;
  private readonly chunkSize: number | undefined;

  constructor(options: SimPoolOptions = {}) {
    this.pool = new WorkerPool({ moduleUrl: siblingModule(import.meta.url, './sim-task'), exportName: 'runSimTasks', size: options.size });
    this.chunkSize = options.chunkSize === undefined ? undefined : Math.max(1, options.chunkSize);
  }

  /** Worker threads in the pool. */
  get size(): number {
    return this.pool.size;
  }

  /** One simulation on a worker. */
  async run(task: SimTask, signal?: AbortSignal): Promise<SimTaskResult> {
    const [result] = await this.map([task], { signal, chunkSize: 1 });
    return result;
  }

  /** Many simulations, results in input order; rejects with SWEEP_CANCELLED when the signal aborts. */
  async map(
    tasks: readonly SimTask[],
    opts: { signal?: AbortSignal; onProgress?: ProgressCallback; chunkSize?: number } = {},
  ): Promise<SimTaskResult[]> {
    const { signal, onProgress } = opts;
    const chunk = Math.max(1, opts.chunkSize ?? this.chunkSize ?? autoChunkSize(tasks.length, this.pool.size));
    signal?.throwIfAborted();
    const results = new Array<SimTaskResult>(tasks.length);
    let done = 0;
    let aborted = false;
    const chunks: Promise<void>[] = [];
    for (let start = 0; start < tasks.length; start += chunk) {
      const slice = tasks.slice(start, start + chunk);
      chunks.push(this.pool.run(slice).then((out) => {
        if (aborted) return;
        out.forEach((r, i) => { results[start + i] = r; });
        done += slice.length;
        onProgress?.(done, tasks.length);
      }));
    }
    const cancelled = new Promise<never>((_, reject) => {
      signal?.addEventListener('abort', () => {
        aborted = true;
        reject(new FerroloopError('SWEEP_CANCELLED', 'sweep cancelled'));
      }, { once: true });
    });
    cancelled.catch(() => undefined);
    await Promise.race([Promise.all(chunks), cancelled]);
    return results;
  }

  /** Terminates the workers; pending tasks are rejected. */
  close(): Promise<void> {
    return this.pool.close();
  }
}
