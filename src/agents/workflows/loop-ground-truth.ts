import type { TwinConfig } from '../../drivers/twin/twin-config.ts';
import { createTwinSample } from '../../drivers/twin/twin-sample.ts';
import type { TwinTask, TwinTaskResult } from '../../drivers/twin/twin-task.ts';
import type { SpectroscopyCommand } from '../../drivers/instrument.ts';
import { WorkerPool } from '../../sweep/worker-pool.ts';
import { contentHash, readCachedArray, writeCachedArray } from '../content-cache.ts';
import { type LoopDescriptor, loopDescriptor } from '../spaces/loop-descriptors.ts';
import { siblingModule } from '../../util/sibling-module.ts';
import { asAbort } from '../../util/abort.ts';

/**
 * The loop descriptor at every candidate, each spectroscopy run on the twin's pristine sample (what a
 * 'reset' ferrosim instrument measures), on all cores; cached by the content hash of twin, commands and descriptor.
 */
export async function loopGroundTruth(
  twin: TwinConfig, commands: readonly SpectroscopyCommand[], descriptor: LoopDescriptor, response: 'on' | 'off',
  opts: { cacheDir: string; workers?: number; signal?: AbortSignal; onProgress?: (done: number, total: number) => void },
): Promise<{ values: Float64Array; cached: boolean }> {
  const positions = Float64Array.from(commands.flatMap((c) => [c.x, c.y]));
  const waveform = commands[0]?.waveform ?? new Float64Array(0);
  const key = `loop-truth-${contentHash({ twin, descriptor, response }, positions, Float64Array.from(waveform))}`;
  const cached = readCachedArray(opts.cacheDir, key, commands.length);
  if (cached) return { values: cached, cached: true };
  const sample = createTwinSample(twin);
  const pool = new WorkerPool<TwinTask, TwinTaskResult>({
    moduleUrl: siblingModule(import.meta.url, '../../drivers/twin/twin-task'), exportName: 'runTwinTask', size: opts.workers,
  });
  const m = waveform.length;
  const values = new Float64Array(commands.length);
  let done = 0;
  // An abort closes the pool, which rejects every task (SWEEP_CANCELLED) and terminates the workers.
  const onAbort = (): void => void pool.close('ground truth cancelled');
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    opts.signal?.throwIfAborted();
    await Promise.all(commands.map(async (c, i) => {
      const r = await pool.run({
        op: 'spectroscopy', cfg: twin, defects: sample.defects, state: Float64Array.from(sample.initial),
        xUm: c.x, yUm: c.y, biasV: Float64Array.from(c.waveform),
      });
      const loop = r.response!;
      values[i] = loopDescriptor(descriptor, loop.subarray(0, m), response === 'on' ? loop.subarray(m, 2 * m) : loop.subarray(2 * m));
      opts.onProgress?.(++done, commands.length);
    }));
  } catch (err) {
    throw asAbort(err, opts.signal, 'the ground-truth sweep');
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    await pool.close();
  }
  writeCachedArray(opts.cacheDir, key, values);
  return { values, cached: false };
}
