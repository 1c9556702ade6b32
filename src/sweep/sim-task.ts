import { resolveSimOptions, type SimOptions } from '../sim/sim-options.ts';
import { runSetup } from '../sim/simulate.ts';
import { SetupMemo } from '../sim/setup-memo.ts';
import { type SimSummary, summarize } from './sim-summary.ts';

/** One simulation for a worker: its options, and whether to send back the final state and ⟨p⟩(t). */
export interface SimTask {
  readonly options: SimOptions;
  readonly keepFinalState?: boolean;
  readonly keepMeanP?: boolean;
}

/** What a worker sends back: the summary, plus the arrays asked for ([comp][i][j] and [comp][t]). */
export interface SimTaskResult {
  readonly summary: SimSummary;
  readonly pFinal?: Float64Array;
  readonly meanP?: Float64Array;
}

/** Runs a batch of simulation tasks in order (the worker-side handler; also usable in-process). */
export function runSimTasks(tasks: readonly SimTask[]): { value: SimTaskResult[]; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = [];
  const memo = new SetupMemo(); // the batch's shared inputs (time grid, field, defects, init) resolved once
  const value = tasks.map((task) => {
    const setup = resolveSimOptions(task.options, memo);
    const result = runSetup(setup);
    const out: SimTaskResult = {
      summary: summarize(result, setup.fieldEc),
      pFinal: task.keepFinalState ? result.pFinal : undefined,
      meanP: task.keepMeanP ? result.meanP : undefined,
    };
    if (out.pFinal) transfer.push(out.pFinal.buffer as ArrayBuffer);
    if (out.meanP) transfer.push(out.meanP.buffer as ArrayBuffer);
    return out;
  });
  return { value, transfer };
}
