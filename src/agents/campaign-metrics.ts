import type { CampaignConfig } from '../config.ts';
import { bestSoFar, evaluationsToReach, extremum, randomSearch, rSquared } from './campaign-report.ts';
import { type Surrogate, matrix } from '../models/surrogate.ts';
import type { PreparedWorkflow } from './workflows/prepared-workflow.ts';

/** What a finished run achieved, and (with a ground truth) how that compares with the truth and random search. */
export interface CampaignMetrics {
  readonly evaluations: number;
  readonly best: number | null;
  readonly best_candidate: number | null;
  readonly best_x: number[] | null;
  /** The truth's optimum over the feasible candidates (those the instrument's limits allow). */
  readonly true_best?: number;
  readonly best_over_true?: number;
  /** Evaluations after which 99 % of the true optimum was first reached (null: never). */
  readonly evaluations_to_99?: number | null;
  /** R² of the final model mean over every candidate against the truth. */
  readonly r2?: number;
  readonly random_search?: { readonly best: number; readonly best_over_true: number; readonly evaluations_to_99: number | null };
  /** The final model mean over every candidate (for the figures; not printed). */
  readonly reconstruction?: Float64Array;
}

/** Scores a run from its measured candidates and values. */
export async function campaignMetrics(a: {
  config: CampaignConfig; prepared: PreparedWorkflow; candidates: readonly number[]; y: readonly number[]; surrogate: Surrogate;
}): Promise<CampaignMetrics> {
  const { config, prepared, candidates, y } = a;
  const direction = config.agent.direction;
  if (y.length === 0) return { evaluations: 0, best: null, best_candidate: null, best_x: null };
  const best = extremum(y, direction);
  const X = prepared.space.candidates;
  const bestCandidate = candidates[best.index];
  const base: CampaignMetrics = {
    evaluations: y.length, best: best.value, best_candidate: bestCandidate,
    best_x: Array.from(X.data.subarray(bestCandidate * X.cols, (bestCandidate + 1) * X.cols)),
  };
  const reconstruction = y.length >= 2 ? await modelMean(a.surrogate, prepared, candidates, y) : undefined;
  const truth = prepared.groundTruth;
  if (!truth) return { ...base, reconstruction };
  // The reachable optimum: candidates the instrument's limits exclude are out of the race (for random search too).
  const infeasible = prepared.infeasible;
  const reachable = infeasible && infeasible.some((v) => v === 1) ? truth.filter((_, i) => !infeasible[i]) : truth;
  const trueBest = extremum(reachable, direction).value;
  const random = randomSearch(reachable, y.length, config.seed + 1, direction);
  return {
    ...base,
    true_best: trueBest,
    best_over_true: best.value / trueBest,
    evaluations_to_99: evaluationsToReach(bestSoFar(y, direction), trueBest),
    r2: reconstruction ? rSquared(truth, reconstruction) : undefined,
    random_search: { best: random.best, best_over_true: random.best / trueBest, evaluations_to_99: random.evaluationsTo99 },
    reconstruction,
  };
}

/** Posterior mean over every candidate of the surrogate fitted on all measurements. */
async function modelMean(surrogate: Surrogate, prepared: PreparedWorkflow, candidates: readonly number[], y: readonly number[]): Promise<Float64Array> {
  const X = prepared.space.candidates;
  const train = matrix(candidates.length, X.cols);
  candidates.forEach((c, i) => train.data.set(X.data.subarray(c * X.cols, (c + 1) * X.cols), i * X.cols));
  const fitted = await surrogate.fit({ X: train, y: Float64Array.from(y) });
  try {
    return fitted.posterior(X).mean;
  } finally {
    fitted.dispose();
  }
}
