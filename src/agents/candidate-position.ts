import type { SearchSpace } from './search-space.ts';

/** Candidate `index` by parameter name in user units: the space's own `position`, else its feature row keyed by `featureNames`. */
export function candidatePosition(space: SearchSpace, index: number): Record<string, number> {
  if (space.position) return { ...space.position(index) };
  const X = space.candidates;
  const out: Record<string, number> = {};
  for (let j = 0; j < X.cols; j++) out[space.featureNames[j] ?? `x${j + 1}`] = X.data[index * X.cols + j];
  return out;
}
