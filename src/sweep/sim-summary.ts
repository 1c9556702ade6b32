import { curlAbsSum, loopArea, meanPolarization } from '../sim/observables.ts';
import type { SimResult } from '../sim/simulate.ts';

/** Scalar responses of one run that sweeps and campaigns score (all dimensionless, code units). */
export interface SimSummary {
  /** Σ|curl| of the final state (the lecture's target). */
  readonly curlAbsSum: number;
  /** Final site-mean polarization ⟨px⟩, ⟨py⟩ and its norm |⟨P⟩|. */
  readonly meanPx: number;
  readonly meanPy: number;
  readonly meanPMagnitude: number;
  /** Σ|curl| / |⟨P⟩| (FerroSim_Env reward). */
  readonly curlOverPolarization: number;
  /** |∮⟨p⟩ dE| of the x and y hysteresis loops (Ec units). */
  readonly loopAreaX: number;
  readonly loopAreaY: number;
}

/** Names of the SimSummary fields, for CLI flags and CSV headers. */
export const SUMMARY_KEYS = [
  'curlAbsSum', 'meanPx', 'meanPy', 'meanPMagnitude', 'curlOverPolarization', 'loopAreaX', 'loopAreaY',
] as const satisfies readonly (keyof SimSummary)[];
export type SummaryKey = (typeof SUMMARY_KEYS)[number];

/** Computes the summary of a run driven by fieldEc (T × 2, Ec units). */
export function summarize(result: SimResult, fieldEc: ArrayLike<number>): SimSummary {
  const curl = curlAbsSum(result.pFinal, result.n, result.curlBoundary);
  const [meanPx, meanPy] = meanPolarization(result.pFinal, result.n);
  const meanPMagnitude = Math.hypot(meanPx, meanPy);
  return {
    curlAbsSum: curl,
    meanPx,
    meanPy,
    meanPMagnitude,
    curlOverPolarization: curl / meanPMagnitude,
    loopAreaX: loopArea(result.meanP, fieldEc, result.steps, 0),
    loopAreaY: loopArea(result.meanP, fieldEc, result.steps, 1),
  };
}
