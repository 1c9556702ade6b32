import { SimPool, type ProgressCallback } from './sim-pool.ts';
import type { SimSummary } from './sim-summary.ts';
import type { SimTask } from './sim-task.ts';

/** Runs every task on a fresh pool of `workers` threads; summaries in input order, whatever the pool size. */
export async function runSweep(
  tasks: readonly SimTask[],
  opts: { workers?: number; signal?: AbortSignal; onProgress?: ProgressCallback; chunkSize?: number } = {},
): Promise<SimSummary[]> {
  const pool = new SimPool({ size: opts.workers, chunkSize: opts.chunkSize });
  try {
    const results = await pool.map(tasks, { signal: opts.signal, onProgress: opts.onProgress });
    return results.map((r) => r.summary);
  } finally {
    await pool.close();
  }
}
