import { baseSimOptions, twinTimeVector } from '../../drivers/twin/twin-physics.ts';
import type { TwinConfig } from '../../drivers/twin/twin-config.ts';
import { createTwinSample } from '../../drivers/twin/twin-sample.ts';
import { fieldOnComponent, withEquilibration } from '../../sim/trajectories.ts';
import { runSweep } from '../../sweep/run-sweep.ts';
import type { SimTask } from '../../sweep/sim-task.ts';
import { contentHash, readCachedArray, writeCachedArray } from '../content-cache.ts';
import type { Matrix } from '../../models/surrogate.ts';
import { asAbort } from '../../util/abort.ts';

/**
 * Σ|curl| of every decoded trajectory run on the twin's pristine sample (exactly what the ferrosim
 * instrument measures), by a parallel sweep; cached by the content hash of curves, twin and hold.
 */
export async function latentGroundTruth(
  curves: Matrix, twin: TwinConfig, hold: number,
  opts: { cacheDir: string; workers?: number; signal?: AbortSignal; onProgress?: (done: number, total: number) => void },
): Promise<{ values: Float64Array; cached: boolean; key: string }> {
  const key = `ground-truth-${contentHash({ twin, hold, rows: curves.rows, cols: curves.cols }, curves.data)}`;
  const cached = readCachedArray(opts.cacheDir, key, curves.rows);
  if (cached) return { values: cached, cached: true, key };
  const sample = createTwinSample(twin);
  const base = baseSimOptions(twin, sample.defects);
  const steps = curves.cols + hold;
  const timeVec = twinTimeVector(twin.stepDt, steps);
  const component = twin.fieldComponent === 'x' ? 0 : 1;
  const tasks: SimTask[] = [];
  for (let i = 0; i < curves.rows; i++) {
    const curve = withEquilibration(curves.data.subarray(i * curves.cols, (i + 1) * curves.cols), hold);
    tasks.push({ options: { ...base, timeVec, field: fieldOnComponent(curve, component), init: { kind: 'explicit', p: sample.initial } } });
  }
  const summaries = await runSweep(tasks, { workers: opts.workers, signal: opts.signal, onProgress: opts.onProgress })
    .catch((err: unknown) => { throw asAbort(err, opts.signal, 'the ground-truth sweep'); });
  const values = Float64Array.from(summaries, (s) => s.curlAbsSum);
  writeCachedArray(opts.cacheDir, key, values);
  return { values, cached: false, key };
}
