/**
 * Class agreement across an ensemble of discrete-latent models: each member's classes are relabelled to match the
 * reference member (Hungarian matching on the confusion of hard assignments), then per sample the dispersion is
 * the share of members whose class differs from the majority — 0 when all agree, up to 1 − 1/M.
 */
import { hungarian } from '../numerics/hungarian.ts';

/** Probabilities of one member: count × classes, row-major. */
export type MemberProbabilities = Float32Array;

export interface EnsembleClasses {
  /** Majority class per sample (reference labelling). */
  readonly classes: Int32Array;
  /** Member-averaged aligned probabilities, count × K. */
  readonly probabilities: Float32Array;
  /** Share of members disagreeing with the majority, per sample. */
  readonly dispersion: Float64Array;
  /** permutation[m][k] = reference class of member m's class k. */
  readonly permutations: Int32Array[];
}

/** Hard assignment (argmax) per sample. */
export function argmaxRows(p: ArrayLike<number>, count: number, k: number): Int32Array {
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (p[i * k + c] > p[i * k + best]) best = c;
    out[i] = best;
  }
  return out;
}

/** The permutation of `labels` classes that best matches `reference` (maximal agreement). */
export function alignLabels(reference: Int32Array, labels: Int32Array, k: number): Int32Array {
  const agree = new Float64Array(k * k);
  for (let i = 0; i < labels.length; i++) agree[labels[i] * k + reference[i]]++;
  return hungarian(agree.map((a) => -a), k);
}

export function ensembleClasses(members: readonly MemberProbabilities[], count: number, k: number): EnsembleClasses {
  const reference = argmaxRows(members[0], count, k);
  const permutations = members.map((p) => alignLabels(reference, argmaxRows(p, count, k), k));
  const probabilities = new Float32Array(count * k);
  const votes = new Int32Array(count * k);
  members.forEach((p, m) => {
    const perm = permutations[m];
    for (let i = 0; i < count; i++) {
      let best = 0;
      for (let c = 0; c < k; c++) {
        probabilities[i * k + perm[c]] += p[i * k + c] / members.length;
        if (p[i * k + c] > p[i * k + best]) best = c;
      }
      votes[i * k + perm[best]]++;
    }
  });
  const classes = argmaxRows(votes, count, k);
  const dispersion = Float64Array.from(classes, (c, i) => 1 - votes[i * k + c] / members.length);
  return { classes, probabilities, dispersion, permutations };
}

/** Adjusted Rand index of two labelings (Hubert & Arabie 1985): 1 for identical partitions, ~0 for chance. */
export function adjustedRandIndex(a: Int32Array, b: Int32Array): number {
  const n = a.length;
  const table = new Map<string, number>();
  const rows = new Map<number, number>();
  const cols = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const key = `${a[i]},${b[i]}`;
    table.set(key, (table.get(key) ?? 0) + 1);
    rows.set(a[i], (rows.get(a[i]) ?? 0) + 1);
    cols.set(b[i], (cols.get(b[i]) ?? 0) + 1);
  }
  const pairs = (x: number) => (x * (x - 1)) / 2;
  let index = 0;
  for (const v of table.values()) index += pairs(v);
  let sa = 0;
  let sb = 0;
  for (const v of rows.values()) sa += pairs(v);
  for (const v of cols.values()) sb += pairs(v);
  const expected = (sa * sb) / pairs(n);
  const max = (sa + sb) / 2;
  return max === expected ? 1 : (index - expected) / (max - expected);
}
