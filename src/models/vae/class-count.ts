/**
 * Choosing the number of classes K of a discrete-latent VAE (jvae/jrvae) from ensembles: for each candidate K, M
 * members trained from different seeds should find the same partition when K matches the data. Stability of one K
 * is the mean pairwise adjusted Rand index of the members' hard assignments (alignment-free) and the mean per-sample
 * class dispersion after Hungarian alignment; the chosen K is the largest whose stability reaches a threshold (the
 * consensus-clustering rule: too many classes split a real class in member-dependent ways and lose stability).
 */
import { adjustedRandIndex, argmaxRows, ensembleClasses, type MemberProbabilities } from './ensemble-classes.ts';

/** Stability of an ensemble at one K. */
export interface ClassCountStability {
  readonly classes: number;
  readonly members: number;
  /** Mean ARI over member pairs (1 = every member finds the same partition). */
  readonly meanPairwiseAri: number;
  /** Mean over samples of the share of members disagreeing with the aligned majority (0…1 − 1/M). */
  readonly meanDispersion: number;
  /** Mean dispersion of the least stable majority class. */
  readonly worstClassDispersion: number;
}

/** Stability of M members' class probabilities (each count × k, row-major); needs M ≥ 2. */
export function classCountStability(members: readonly MemberProbabilities[], count: number, k: number): ClassCountStability {
  if (members.length < 2) throw new RangeError(`class-count stability needs at least 2 members, got ${members.length}`);
  const hard = members.map((p) => argmaxRows(p, count, k));
  let ari = 0;
  let pairs = 0;
  for (let a = 0; a < hard.length; a++) {
    for (let b = a + 1; b < hard.length; b++) {
      ari += adjustedRandIndex(hard[a], hard[b]);
      pairs++;
    }
  }
  const { classes, dispersion } = ensembleClasses(members, count, k);
  const sum = new Float64Array(k);
  const n = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < count; i++) {
    sum[classes[i]] += dispersion[i];
    n[classes[i]]++;
    total += dispersion[i];
  }
  let worst = 0;
  for (let c = 0; c < k; c++) if (n[c] > 0) worst = Math.max(worst, sum[c] / n[c]);
  return { classes: k, members: members.length, meanPairwiseAri: ari / pairs, meanDispersion: total / count, worstClassDispersion: worst };
}

/** The largest K whose mean pairwise ARI is ≥ `threshold` (default 0.8); else the most stable K. */
export function chooseClassCount(rows: readonly ClassCountStability[], threshold = 0.8): number {
  if (rows.length === 0) throw new RangeError('no class counts to choose from');
  const stable = rows.filter((r) => r.meanPairwiseAri >= threshold);
  if (stable.length > 0) return Math.max(...stable.map((r) => r.classes));
  return rows.reduce((best, r) => (r.meanPairwiseAri > best.meanPairwiseAri ? r : best)).classes;
}
