import type { CampaignConfig } from '../config.ts';
import { bestSoFar, evaluationsToReach, evaluationsToReachAfter, extremum, randomSearch, rSquared } from './campaign-report.ts';
import { candidatePosition } from './candidate-position.ts';
import { type Surrogate, matrix } from '../models/surrogate.ts';
import type { PreparedWorkflow } from './workflows/prepared-workflow.ts';

/** What a finished run achieved, and (with a ground truth) how that compares with the truth and random search. */
export interface CampaignMetrics {
  readonly evaluations: number;
  readonly best: number | null;
  readonly best_candidate: number | null;
  /** The best candidate by parameter name in user units: W1 {k, depAlpha}, W2 {z1, z2}, W3 {x_um, y_um} (pixel centre, µm). */
  readonly best_x: Readonly<Record<string, number>> | null;
  /** The first `agent.initialPoints` evaluations (seeded random draws before the model chooses) and what they reached. */
  readonly random_phase?: RandomPhase;
  /** The truth's optimum over the feasible candidates (those the instrument's limits allow). */
  readonly true_best?: number;
  readonly best_over_true?: number;
  /** Evaluations after which 99 % of the true optimum was first reached (null: never). */
  readonly evaluations_to_99?: number | null;
  /**
   * Evaluations after the random phase (1 = the first the model chose) until 99 % of the true optimum was first
   * reached: what measures the acquisition. Null when never reached, and null too when the random phase had already
   * reached it (`random_phase.reached_99`), since the acquisition then had nothing left to find.
   */
  readonly evaluations_to_99_after_random?: number | null;
  /** R² of the final model mean over every candidate against the truth. */
  readonly r2?: number;
  /** Random search on the same budget (seed + 1), scored as the run, with the same random-phase length. */
  readonly random_search?: {
    readonly best: number; readonly best_over_true: number; readonly evaluations_to_99: number | null; readonly evaluations_to_99_after_random: number | null;
  };
  /** The final model mean over every candidate (for the figures; not printed). */
  readonly reconstruction?: Float64Array;
}

/** The random phase of a run: its length, best value and (with a ground truth) whether it already reached 99 %. */
export interface RandomPhase {
  readonly evaluations: number;
  readonly best: number;
  readonly best_over_true?: number;
  readonly reached_99?: boolean;
}

/** Scores a run from its measured candidates and values. */
export async function campaignMetrics(a: {
  config: CampaignConfig; prepared: PreparedWorkflow; candidates: readonly number[]; y: readonly number[]; surrogate: Surrogate;
}): Promise<CampaignMetrics> {
  const { config, prepared, candidates, y } = a;
  const direction = config.agent.direction;
  if (y.length === 0) return { evaluations: 0, best: null, best_candidate: null, best_x: null };
  const best = extremum(y, direction);
  const bestCandidate = candidates[best.index];
  const curve = bestSoFar(y, direction);
  const randomCount = Math.min(config.agent.initialPoints, y.length);
  const randomBest = randomCount > 0 ? curve[randomCount - 1] : undefined;
  const base: CampaignMetrics = {
    evaluations: y.length, best: best.value, best_candidate: bestCandidate, best_x: candidatePosition(prepared.space, bestCandidate),
    ...(randomBest !== undefined ? { random_phase: { evaluations: randomCount, best: randomBest } } : {}),
  };
  const reconstruction = y.length >= 2 ? await modelMean(a.surrogate, prepared, candidates, y) : undefined;
  const truth = prepared.groundTruth;
  if (!truth) return { ...base, reconstruction };
  // The reachable optimum: candidates the instrument's limits exclude are out of the race (for random search too).
  const infeasible = prepared.infeasible;
  const reachable = infeasible && infeasible.some((v) => v === 1) ? truth.filter((_, i) => !infeasible[i]) : truth;
  const trueBest = extremum(reachable, direction).value;
  const random = randomSearch(reachable, y.length, config.seed + 1, direction);
  const to99 = evaluationsToReach(curve, trueBest);
  return {
    ...base,
    ...(randomBest !== undefined ? { random_phase: { evaluations: randomCount, best: randomBest, best_over_true: randomBest / trueBest, reached_99: to99 !== null && to99 <= randomCount } } : {}),
    true_best: trueBest,
    best_over_true: best.value / trueBest,
    evaluations_to_99: to99,
    evaluations_to_99_after_random: evaluationsToReachAfter(curve, trueBest, randomCount),
    r2: reconstruction ? rSquared(truth, reconstruction) : undefined,
    random_search: {
      best: random.best, best_over_true: random.best / trueBest, evaluations_to_99: random.evaluationsTo99,
      evaluations_to_99_after_random: evaluationsToReachAfter(random.curve, trueBest, randomCount),
    },
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
