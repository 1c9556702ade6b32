/** Runs digital-twin tasks on the simulation queue's workers: each task a one-run plan, awaited like a sweep chunk. */
import type { TwinConfig } from '../drivers/twin/twin-config.ts';
import type { TwinTask, TwinTaskResult } from '../drivers/twin/twin-task.ts';
import { FerroloopError } from '../errors.ts';
import { runRemoteChunks } from './remote-sweep.ts';
import { decodeTwinResult, TwinResultChunkSchema, twinTaskPlan } from './twin-task-plan.ts';

/** An executor of twin tasks on the queue at `url` for the sample built from `sample`. */
export function remoteTwinExecutor(url: string, sample: TwinConfig): (task: TwinTask, signal?: AbortSignal) => Promise<TwinTaskResult> {
  return async (task, signal) => {
    // Kept an hour: a batch resumed within it re-uses finished evaluations; later ones are recomputed (same values).
    const [chunk] = await runRemoteChunks(twinTaskPlan(sample, task), 1, { url, chunkSize: 1, signal, keepSeconds: 3600 });
    const parsed = TwinResultChunkSchema.safeParse(chunk);
    if (!parsed.success) throw new FerroloopError('QUEUE_UNAVAILABLE', 'a twin task on the queue returned no state');
    return decodeTwinResult(parsed.data);
  };
}
