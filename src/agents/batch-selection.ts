/**
 * The q proposals of one model fit (q-batch BO): the acquisition's argmax first, then the rest by Kriging believer
 * (the model conditioned on each pick at its posterior mean, hyperparameters kept) or by local penalisation (one
 * posterior, scores damped around each pick). A model that cannot be conditioned falls back to local penalisation.
 */
import type { Dataset, FittedSurrogate, Matrix, Posterior } from '../models/surrogate.ts';
import type { Acquisition, Direction } from './acquisition/acquisition.ts';
import { argmax } from './acquisition/argmax.ts';
import { krigingBeliever } from './acquisition/kriging-believer.ts';
import { localPenalization } from './acquisition/local-penalization.ts';

export type BatchSelection = 'kriging-believer' | 'local-penalization';

export interface BatchRequest {
  readonly q: number;
  readonly selection: BatchSelection;
  readonly candidates: Matrix;
  readonly dataset: Dataset;
  readonly fitted: FittedSurrogate;
  /** The fitted model's posterior at the candidates, and the acquisition's scores there. */
  readonly posterior: Posterior;
  readonly scores: Float64Array;
  readonly acquisition: Acquisition;
  readonly direction: Direction;
  /** 1 for candidates never to pick (measured or infeasible). */
  readonly blocked: Uint8Array;
}

/**
 * Up to q distinct candidate indices in selection order (fewer when the eligible candidates run out); synchronous
 * unless a Kriging believer conditions the model (so single proposals stay in an agent's virtual time).
 */
export function selectBatch(r: BatchRequest): number[] | Promise<number[]> {
  if (r.q <= 1) {
    const best = argmax(r.scores, r.blocked);
    return best < 0 ? [] : [best];
  }
  const condition = r.fitted.condition?.bind(r.fitted);
  const chosen = (picks: Int32Array): number[] => Array.from(picks).filter((c) => c >= 0);
  if (r.selection === 'kriging-believer' && condition) {
    return krigingBeliever({ q: r.q, candidates: r.candidates, data: r.dataset, fitted: r.fitted, acquisition: r.acquisition, condition, exclude: r.blocked }).then(chosen);
  }
  return chosen(localPenalization({ q: r.q, candidates: r.candidates, posterior: r.posterior, scores: r.scores, direction: r.direction, exclude: r.blocked }));
}
