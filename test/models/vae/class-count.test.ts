import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chooseClassCount, classCountStability } from '../../../src/models/vae/class-count.ts';
import { parseClassList } from '../../../src/cli/vae/classes-command.ts';
import { Rng } from '../../../src/sim/rng.ts';

/** One-hot probabilities (count × k) of hard labels. */
const oneHot = (labels: readonly number[], k: number): Float32Array => {
  const p = new Float32Array(labels.length * k);
  labels.forEach((l, i) => (p[i * k + l] = 1));
  return p;
};

describe('choosing the number of classes from ensembles', () => {
  // 4 true groups of 50. At K = 4 every member finds them (under its own permutation of names); at K = 6 each
  // member splits two groups at random points, so members disagree on those samples.
  const truth = Array.from({ length: 200 }, (_, i) => Math.floor(i / 50));
  const rng = new Rng(7);
  const permuted = (perm: number[]) => truth.map((t) => perm[t]);
  const atFour = [permuted([0, 1, 2, 3]), permuted([2, 0, 3, 1]), permuted([3, 2, 1, 0])].map((l) => oneHot(l, 4));
  const atSix = [0, 1, 2].map(() => oneHot(truth.map((t) => (t < 2 && rng.uniform() < 0.5 ? t + 4 : t)), 6));
  const atTwo = [0, 1, 2].map(() => oneHot(truth.map((t) => (t < 2 ? 0 : 1)), 2));

  it('a partition found by every member (up to renaming) has ARI 1 and no dispersion', () => {
    const s = classCountStability(atFour, 200, 4);
    assert.equal(s.meanPairwiseAri, 1);
    assert.equal(s.meanDispersion, 0);
    assert.equal(s.worstClassDispersion, 0);
  });

  it('random splits lose stability; the least stable class carries the largest dispersion', () => {
    const s = classCountStability(atSix, 200, 6);
    assert.ok(s.meanPairwiseAri < 0.8, String(s.meanPairwiseAri));
    assert.ok(s.meanDispersion > 0);
    assert.ok(s.worstClassDispersion >= s.meanDispersion);
  });

  it('chooses the largest stable K (merged classes are stable too, so "most stable" alone would pick 2)', () => {
    const rows = [classCountStability(atTwo, 200, 2), classCountStability(atFour, 200, 4), classCountStability(atSix, 200, 6)];
    assert.equal(chooseClassCount(rows), 4);
    // Nothing reaches the bar: the most stable K.
    assert.equal(chooseClassCount([rows[2]], 0.99), 6);
    assert.throws(() => classCountStability(atFour.slice(0, 1), 200, 4), /at least 2 members/);
  });

  it('parses candidate lists and refuses bad ones naming the flag', () => {
    assert.deepEqual(parseClassList('2:5'), [2, 3, 4, 5]);
    assert.deepEqual(parseClassList('3, 6'), [3, 6]);
    for (const bad of ['5:2', '1,2', '2:40', '3,3', 'x']) assert.throws(() => parseClassList(bad), /--classes/, bad);
  });
});
