import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hungarian } from '../../../src/models/numerics/hungarian.ts';
import { adjustedRandIndex, alignLabels, ensembleClasses } from '../../../src/models/vae/ensemble-classes.ts';
import { Rng } from '../../../src/sim/rng.ts';

/** Brute-force minimum over all permutations (n ≤ 6). */
function bruteForce(cost: Float64Array, n: number): number {
  let best = Infinity;
  const perm = Array.from({ length: n }, (_, i) => i);
  const visit = (k: number) => {
    if (k === n) best = Math.min(best, perm.reduce((s, c, r) => s + cost[r * n + c], 0));
    for (let i = k; i < n; i++) {
      [perm[k], perm[i]] = [perm[i], perm[k]];
      visit(k + 1);
      [perm[k], perm[i]] = [perm[i], perm[k]];
    }
  };
  visit(0);
  return best;
}

test('hungarian matches brute force on 200 seeded random matrices', () => {
  const rng = new Rng(9);
  for (let t = 0; t < 200; t++) {
    const n = 1 + (t % 6);
    const cost = Float64Array.from({ length: n * n }, () => Math.round(rng.uniform() * 20) - 5);
    const a = hungarian(cost, n);
    assert.deepEqual([...a].sort(), Array.from({ length: n }, (_, i) => i));
    assert.equal(Array.from(a).reduce((s, c, r) => s + cost[r * n + c], 0), bruteForce(cost, n));
  }
});

test('a relabelled member is aligned back and agrees everywhere', () => {
  const reference = Int32Array.from({ length: 40 }, (_, i) => i % 4);
  const relabelled = reference.map((c) => [2, 0, 3, 1][c]);
  const perm = alignLabels(reference, relabelled, 4);
  assert.deepEqual(Array.from(relabelled, (c) => perm[c]), Array.from(reference));
  assert.equal(adjustedRandIndex(reference, relabelled), 1);
});

test('dispersion is 0 where members agree up to relabelling and grows where they do not', () => {
  const count = 8;
  const k = 2;
  const oneHot = (labels: number[]) => Float32Array.from(labels.flatMap((c) => (c === 0 ? [1, 0] : [0, 1])));
  const a = oneHot([0, 0, 0, 0, 1, 1, 1, 1]);
  const b = oneHot([1, 1, 1, 1, 0, 0, 0, 0]); // the same partition, classes swapped
  const c = oneHot([0, 0, 0, 0, 1, 1, 0, 0]); // disagrees on the last two samples
  const e = ensembleClasses([a, b, c], count, k);
  assert.deepEqual(Array.from(e.classes), [0, 0, 0, 0, 1, 1, 1, 1]);
  assert.deepEqual(Array.from(e.dispersion, (d) => Math.round(d * 3)), [0, 0, 0, 0, 0, 0, 1, 1]);
});

test('adjusted Rand index is near 0 for independent labelings', () => {
  const rng = new Rng(1);
  const a = Int32Array.from({ length: 4000 }, () => rng.int(4));
  const b = Int32Array.from({ length: 4000 }, () => rng.int(4));
  // 4000 samples: the ARI of independent labels has a standard deviation of about 1e-3.
  assert.ok(Math.abs(adjustedRandIndex(a, b)) < 0.01);
});
