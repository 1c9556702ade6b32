import { baseSimOptions, twinTimeVector } from '../../drivers/twin/twin-physics.ts';
import type { TwinConfig } from '../../drivers/twin/twin-config.ts';
import { createTwinSample } from '../../drivers/twin/twin-sample.ts';
import { fieldOnComponent, withEquilibration } from '../../sim/trajectories.ts';
import type { SimTask } from '../../sweep/sim-task.ts';

/**
 * The W2 ground-truth run of one decoded curve (`cols` samples, Ec) on the twin's pristine sample, plus `hold`
 * equilibration steps: the one builder both the local pool and queue workers use, so their results are bit-identical.
 */
export function latentTruthTaskBuilder(twin: TwinConfig, hold: number, cols: number): (curve: Float64Array) => SimTask {
  const sample = createTwinSample(twin);
  const base = baseSimOptions(twin, sample.defects);
  const timeVec = twinTimeVector(twin.stepDt, cols + hold);
  const component = twin.fieldComponent === 'x' ? 0 : 1;
  return (curve) => ({ options: { ...base, timeVec, field: fieldOnComponent(withEquilibration(curve, hold), component), init: { kind: 'explicit', p: sample.initial } } });
}

/** Tasks of rows [start, end) of a row-major curve matrix (`data` holds at least those rows, from row `start`). */
export function latentTruthTasks(build: (curve: Float64Array) => SimTask, data: Float64Array, cols: number, rows: number): SimTask[] {
  return Array.from({ length: rows }, (_, i) => build(data.subarray(i * cols, (i + 1) * cols)));
}
