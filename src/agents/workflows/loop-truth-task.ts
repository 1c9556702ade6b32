import type { TwinConfig } from '../../drivers/twin/twin-config.ts';
import type { TwinSample } from '../../drivers/twin/twin-sample.ts';
import type { TwinTask, TwinTaskResult } from '../../drivers/twin/twin-task.ts';
import { type LoopDescriptor, loopDescriptor } from '../spaces/loop-descriptors.ts';

/** The W3 ground-truth spectroscopy at (x, y) µm with bias waveform (V, M points) on the pristine sample: the one task both the local pool and queue workers run. */
export function loopTruthTask(twin: TwinConfig, sample: TwinSample, xUm: number, yUm: number, waveform: Float64Array): TwinTask {
  return { op: 'spectroscopy', cfg: twin, defects: sample.defects, state: Float64Array.from(sample.initial), xUm, yUm, biasV: Float64Array.from(waveform) };
}

/** The descriptor of a spectroscopy result's 3 × M response (bias, on, off), on the on- or off-field loop. */
export function loopTruthValue(r: TwinTaskResult, m: number, descriptor: LoopDescriptor, response: 'on' | 'off'): number {
  const loop = r.response!;
  return loopDescriptor(descriptor, loop.subarray(0, m), response === 'on' ? loop.subarray(m, 2 * m) : loop.subarray(2 * m));
}
