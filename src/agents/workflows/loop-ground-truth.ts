import type { TwinConfig } from '../../drivers/twin/twin-config.ts';
import { createTwinSample } from '../../drivers/twin/twin-sample.ts';
import type { TwinTask, TwinTaskResult } from '../../drivers/twin/twin-task.ts';
import type { SpectroscopyCommand } from '../../drivers/instrument.ts';
import type { ComputeConfig } from '../../config.ts';
import { WorkerPool } from '../../sweep/worker-pool.ts';
import { contentHash, readCachedArray, writeCachedArray } from '../content-cache.ts';
import type { LoopDescriptor } from '../spaces/loop-descriptors.ts';
import { siblingModule } from '../../util/sibling-module.ts';
import { asAbort } from '../../util/abort.ts';
import { FerroloopError } from '../../errors.ts';
import { loopTruthTask, loopTruthValue } from './loop-truth-task.ts';

type TruthOptions = { cacheDir: string; workers?: number; compute?: ComputeConfig; signal?: AbortSignal; onProgress?: (done: number, total: number) => void };

/**
 * The loop descriptor at every candidate, each spectroscopy run on the twin's pristine sample (what a 'reset'
 * ferrosim instrument measures), on all cores or, with `compute.redis`, on the queue's workers (bit-identical);
 * cached by the content hash of twin, commands and descriptor, whichever computed it.
 */
export async function loopGroundTruth(
  twin: TwinConfig, commands: readonly SpectroscopyCommand[], descriptor: LoopDescriptor, response: 'on' | 'off', opts: TruthOptions,
): Promise<{ values: Float64Array; cached: boolean }> {
  const positions = Float64Array.from(commands.flatMap((c) => [c.x, c.y]));
  const waveform = Float64Array.from(commands[0]?.waveform ?? []);
  const key = `loop-truth-${contentHash({ twin, descriptor, response }, positions, waveform)}`;
  const cached = readCachedArray(opts.cacheDir, key, commands.length);
  if (cached) return { values: cached, cached: true };
  let values: Float64Array;
  if (opts.compute?.redis) {
    if (commands.some((c) => c.waveform.length !== waveform.length || c.waveform.some((v, i) => !Object.is(v, waveform[i])))) {
      throw new FerroloopError('QUEUE_UNAVAILABLE', 'the queued W3 ground truth needs one bias waveform for every candidate');
    }
    const { remoteLoopTruth } = await import('../../distributed/remote-truths.ts');
    values = await remoteLoopTruth(twin, positions, waveform, descriptor, response, {
      url: opts.compute.redis, chunkSize: opts.compute.chunk, signal: opts.signal, onProgress: opts.onProgress,
    }).catch((err: unknown) => { throw asAbort(err, opts.signal, 'the ground-truth sweep'); });
  } else {
    values = await localTruth(twin, commands, descriptor, response, opts);
  }
  writeCachedArray(opts.cacheDir, key, values);
  return { values, cached: false };
}

async function localTruth(twin: TwinConfig, commands: readonly SpectroscopyCommand[], descriptor: LoopDescriptor, response: 'on' | 'off', opts: TruthOptions): Promise<Float64Array> {
  const sample = createTwinSample(twin);
  const pool = new WorkerPool<TwinTask, TwinTaskResult>({
    moduleUrl: siblingModule(import.meta.url, '../../drivers/twin/twin-task'), exportName: 'runTwinTask', size: opts.workers,
  });
  const m = commands[0]?.waveform.length ?? 0;
  const values = new Float64Array(commands.length);
  let done = 0;
  // An abort closes the pool, which rejects every task (SWEEP_CANCELLED) and terminates the workers.
  const onAbort = (): void => void pool.close('ground truth cancelled');
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    opts.signal?.throwIfAborted();
    await Promise.all(commands.map(async (c, i) => {
      const r = await pool.run(loopTruthTask(twin, sample, c.x, c.y, Float64Array.from(c.waveform)));
      values[i] = loopTruthValue(r, m, descriptor, response);
      opts.onProgress?.(++done, commands.length);
    }));
  } catch (err) {
    throw asAbort(err, opts.signal, 'the ground-truth sweep');
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    await pool.close();
  }
  return values;
}
