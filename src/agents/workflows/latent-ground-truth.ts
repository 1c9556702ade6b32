import type { TwinConfig } from '../../drivers/twin/twin-config.ts';
import { runSweep } from '../../sweep/run-sweep.ts';
import type { ComputeConfig } from '../../config.ts';
import { latentTruthTaskBuilder, latentTruthTasks } from './latent-truth-tasks.ts';
import { contentHash, readCachedArray, writeCachedArray } from '../content-cache.ts';
import type { Matrix } from '../../models/surrogate.ts';
import { asAbort } from '../../util/abort.ts';

/**
 * Σ|curl| of every decoded trajectory run on the twin's pristine sample (exactly what the ferrosim
 * instrument measures), by a parallel sweep on the local threads or, with `compute.redis`, on the queue's workers
 * (bit-identical); cached by the content hash of curves, twin and hold, whichever computed it.
 */
export async function latentGroundTruth(
  curves: Matrix, twin: TwinConfig, hold: number,
  opts: { cacheDir: string; workers?: number; compute?: ComputeConfig; signal?: AbortSignal; onProgress?: (done: number, total: number) => void },
): Promise<{ values: Float64Array; cached: boolean; key: string }> {
  const key = `ground-truth-${contentHash({ twin, hold, rows: curves.rows, cols: curves.cols }, curves.data)}`;
  const cached = readCachedArray(opts.cacheDir, key, curves.rows);
  if (cached) return { values: cached, cached: true, key };
  const values = opts.compute?.redis
    ? await (await import('../../distributed/remote-truths.ts')).remoteLatentTruth(curves, twin, hold, {
      url: opts.compute.redis, chunkSize: opts.compute.chunk, signal: opts.signal, onProgress: opts.onProgress,
    }).catch((err: unknown) => { throw asAbort(err, opts.signal, 'the ground-truth sweep'); })
    : await localTruth(curves, twin, hold, opts);
  writeCachedArray(opts.cacheDir, key, values);
  return { values, cached: false, key };
}

async function localTruth(curves: Matrix, twin: TwinConfig, hold: number, opts: { workers?: number; signal?: AbortSignal; onProgress?: (done: number, total: number) => void }): Promise<Float64Array> {
  const tasks = latentTruthTasks(latentTruthTaskBuilder(twin, hold, curves.cols), curves.data, curves.cols, curves.rows);
  const summaries = await runSweep(tasks, { workers: opts.workers, signal: opts.signal, onProgress: opts.onProgress })
    .catch((err: unknown) => { throw asAbort(err, opts.signal, 'the ground-truth sweep'); });
  return Float64Array.from(summaries, (s) => s.curlAbsSum);
}
