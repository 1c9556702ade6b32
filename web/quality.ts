import type { DashboardState } from './dashboard-state.ts';

/** How good the campaign is so far, against the ground truth (simulator runs); every field null when unknown. */
export interface QualityView {
  /** Best measured value over the truth's optimum among feasible candidates (1 = found). */
  readonly bestOverTrue: number | null;
  readonly trueBest: number | null;
  /** Measurements until the best so far first reached 99 % of the true optimum (null: not yet). */
  readonly evaluationsTo99: number | null;
  /** R² of the latest posterior mean over every candidate against the truth. */
  readonly r2: number | null;
  /**
   * Expected measurements random search (without replacement) needs to hit a candidate within 99 % of the optimum:
   * (m + 1) / (g + 1) for m feasible candidates of which g are that good.
   */
  readonly randomExpected: number | null;
}

const NONE: QualityView = { bestOverTrue: null, trueBest: null, evaluationsTo99: null, r2: null, randomExpected: null };

/**
 * The campaign's quality, as the run summary scores it (best_over_true, evaluations_to_99, r2, random_search), but
 * live. Maximisation or minimisation as the run's direction; "within 99 %" means y ≥ 0.99·best when maximising
 * and y ≤ best / 0.99 when minimising (positive objectives, as every shipped one is).
 */
export function campaignQuality(s: DashboardState): QualityView {
  const truth = s.groundTruth;
  if (!truth || !s.run) return NONE;
  const max = s.run.direction === 'maximize';
  const excluded = new Set(s.infeasible);
  let trueBest = Number.NaN;
  for (let i = 0; i < truth.length; i++) {
    if (excluded.has(i) || !Number.isFinite(truth[i])) continue;
    if (Number.isNaN(trueBest) || (max ? truth[i] > trueBest : truth[i] < trueBest)) trueBest = truth[i];
  }
  if (Number.isNaN(trueBest)) return NONE;
  const good = (v: number): boolean => (max ? v >= 0.99 * trueBest : v <= trueBest / 0.99);
  let feasible = 0;
  let close = 0;
  for (let i = 0; i < truth.length; i++) {
    if (excluded.has(i) || !Number.isFinite(truth[i])) continue;
    feasible += 1;
    if (good(truth[i])) close += 1;
  }
  let best = Number.NaN;
  let evaluationsTo99: number | null = null;
  s.points.forEach((p, i) => {
    if (!Number.isFinite(p.y)) return;
    if (Number.isNaN(best) || (max ? p.y > best : p.y < best)) best = p.y;
    if (evaluationsTo99 === null && good(best)) evaluationsTo99 = i + 1;
  });
  return {
    trueBest,
    bestOverTrue: Number.isNaN(best) ? null : best / trueBest,
    evaluationsTo99,
    r2: s.posterior && s.posterior.mean.length === truth.length ? rSquared(truth, s.posterior.mean) : null,
    randomExpected: (feasible + 1) / (close + 1),
  };
}

/** 1 − SS_res / SS_tot over the finite pairs; null when the truth is constant. */
export function rSquared(truth: ArrayLike<number>, predicted: ArrayLike<number>): number | null {
  let n = 0;
  let mean = 0;
  for (let i = 0; i < truth.length; i++) if (Number.isFinite(truth[i]) && Number.isFinite(predicted[i])) { n += 1; mean += truth[i]; }
  if (n === 0) return null;
  mean /= n;
  let res = 0;
  let tot = 0;
  for (let i = 0; i < truth.length; i++) {
    if (!Number.isFinite(truth[i]) || !Number.isFinite(predicted[i])) continue;
    res += (truth[i] - predicted[i]) ** 2;
    tot += (truth[i] - mean) ** 2;
  }
  return tot > 0 ? 1 - res / tot : null;
}
