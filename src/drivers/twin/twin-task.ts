import type { TwinConfig } from './twin-config.ts';
import { simulate } from '../../sim/simulate.ts';
import { poleTwin, spectroscopyTwin, twinRunOptions } from './twin-physics.ts';

/** A heavy twin computation, self-contained so it can run on a worker thread (state: [comp][i][j], 2·n²). */
export type TwinTask =
  | { readonly op: 'pole'; readonly cfg: TwinConfig; readonly defects: Float64Array; readonly state: Float64Array; readonly fieldEc: Float64Array }
  | {
    readonly op: 'simulate'; readonly cfg: TwinConfig; readonly defects: Float64Array; readonly state: Float64Array; readonly fieldEc: Float64Array;
  }
  | {
    readonly op: 'spectroscopy'; readonly cfg: TwinConfig; readonly defects: Float64Array; readonly state: Float64Array;
    readonly xUm: number; readonly yUm: number; readonly biasV: Float64Array;
  };

/** The new state, and for spectroscopy the 3 × M response (bias, on-field, off-field). */
export interface TwinTaskResult {
  readonly state: Float64Array;
  readonly response?: Float64Array;
  /** simulate only: ⟨P⟩(t), [comp][t] (2 × T). */
  readonly meanP?: Float64Array;
}

/** Runs one twin task (worker handler for WorkerPool; also called in-process). */
export function runTwinTask(task: TwinTask): { value: TwinTaskResult; transfer: ArrayBuffer[] } {
  if (task.op === 'simulate') {
    const r = simulate(twinRunOptions(task.cfg, task.defects, task.state, task.fieldEc));
    return { value: { state: r.pFinal, meanP: r.meanP }, transfer: [r.pFinal.buffer as ArrayBuffer, r.meanP.buffer as ArrayBuffer] };
  }
  if (task.op === 'pole') {
    const state = poleTwin(task.cfg, task.defects, task.state, task.fieldEc);
    return { value: { state }, transfer: [state.buffer as ArrayBuffer] };
  }
  const r = spectroscopyTwin(task.cfg, task.defects, task.state, task.xUm, task.yUm, task.biasV);
  const m = r.bias.length;
  const response = new Float64Array(3 * m);
  response.set(r.bias, 0);
  response.set(r.on, m);
  response.set(r.off, 2 * m);
  return { value: { state: r.state, response }, transfer: [r.state.buffer as ArrayBuffer, response.buffer as ArrayBuffer] };
}
