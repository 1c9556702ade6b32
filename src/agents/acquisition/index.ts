/** Acquisition functions (pure scores of a posterior) and candidate selection. */
export { bestObserved, stddev, type Acquisition, type Direction } from './acquisition.ts';
export { ucbScores, upperConfidenceBound, type UcbOptions } from './upper-confidence-bound.ts';
export { eiScores, logEiScores, expectedImprovement, logExpectedImprovement, type EiOptions } from './expected-improvement.ts';
export { piScores, probabilityOfImprovement, type PiOptions } from './probability-of-improvement.ts';
export { maxVarianceScores, maxVariance } from './max-variance.ts';
export { thompsonFromSamples, thompsonSampling } from './thompson-sampling.ts';
export { argmax, measuredMask } from './argmax.ts';
export { krigingBeliever, type KrigingBelieverOptions } from './kriging-believer.ts';
export { localPenalization, estimateLipschitz, type LocalPenalizationOptions } from './local-penalization.ts';
