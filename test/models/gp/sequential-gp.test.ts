import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GpSurrogate } from '../../../src/models/gp/gp-surrogate.ts';
import { SequentialGpSurrogate, lastRefitPoint } from '../../../src/models/gp/sequential-gp.ts';
import { type Matrix, matrix } from '../../../src/models/surrogate.ts';
import { Rng } from '../../../src/sim/rng.ts';

const f = (x: number, y: number): number => Math.sin(3 * x) * Math.cos(2 * y) + 0.3 * x;

function grid(k: number): Matrix {
  const C = matrix(k * k, 2);
  for (let j = 0; j < k; j++) for (let i = 0; i < k; i++) C.data.set([i / (k - 1), j / (k - 1)], 2 * (j * k + i));
  return C;
}

function dataset(C: Matrix, picks: number[]): { X: Matrix; y: Float64Array } {
  const X = matrix(picks.length, 2);
  picks.forEach((c, r) => X.data.set(C.data.subarray(2 * c, 2 * c + 2), 2 * r));
  return { X, y: Float64Array.from(picks, (c) => f(C.data[2 * c], C.data[2 * c + 1])) };
}

// These tests check the update algebra against refactorisation, so they use the MAP priors: on noise-free data the
// maximum-likelihood default drives σ² to its 1e-6 floor and s² to ~1e3–1e4, cond(A) ~1e10, and round-off of the
// rank-one updates then reaches ~1e-4 (in units of y), which would hide the algebra check behind conditioning.
describe('sequential GP over a fixed candidate set', () => {
  it('matches a GP conditioned on all the data with the refit hyperparameters', async () => {
    const C = grid(30);
    const picks = Array.from(new Rng(3).sampleWithoutReplacement(C.rows, 60));
    const seq = new SequentialGpSurrogate(new GpSurrogate({ seed: 1, priors: 'botorch' }), C, { growth: 10, every: 1000 });
    const first = await seq.fit(dataset(C, picks.slice(0, 30)));
    first.posterior(C);
    let last = first;
    for (let n = 31; n <= 60; n++) last = await seq.fit(dataset(C, picks.slice(0, n)));
    const fast = last.posterior(C);
    // Reference: the same hyperparameters (fit at n = 30) conditioned on all 60 points from scratch.
    const refit = await new GpSurrogate({ seed: 1, priors: 'botorch' }).fit(dataset(C, picks.slice(0, 30)));
    const exact = refit.condition(dataset(C, picks)).posterior(C);
    let worstMean = 0;
    let worstVar = 0;
    for (let c = 0; c < C.rows; c++) {
      worstMean = Math.max(worstMean, Math.abs(fast.mean[c] - exact.mean[c]));
      worstVar = Math.max(worstVar, Math.abs(fast.variance[c] - exact.variance[c]));
    }
    // Updating an explicit A⁻¹ point by point carries round-off of order cond(A)·ε per update (cond ≲ 1e6 here,
    // 30 updates): 1e-6 in units of y (range ≈ 2) separates that from any algebra error, which would be O(0.01–1).
    assert.ok(worstMean < 1e-6, `mean ${worstMean}`);
    assert.ok(worstVar < 1e-6, `variance ${worstVar}`);
  });

  it('conditioned on a batch of extra points (a Kriging believer) equals the exact GP on the extended data', async () => {
    const C = grid(20);
    const picks = Array.from(new Rng(7).sampleWithoutReplacement(C.rows, 40));
    const seq = new SequentialGpSurrogate(new GpSurrogate({ seed: 1, priors: 'botorch' }), C, { growth: 10, every: 1000 });
    const data = dataset(C, picks.slice(0, 36));
    const fitted = await seq.fit(data);
    fitted.posterior(C);
    // Four extra points with arbitrary values (a believer uses the posterior mean; any value must condition exactly).
    const next = dataset(C, picks);
    next.y.set([0.7, -0.4, 1.1, 0.2], 36);
    const batch = await fitted.condition!(next);
    const fast = batch.posterior(C);
    const exact = (await new GpSurrogate({ seed: 1, priors: 'botorch' }).fit(data)).condition(next).posterior(C);
    let worstMean = 0;
    let worstVar = 0;
    for (let c = 0; c < C.rows; c++) {
      worstMean = Math.max(worstMean, Math.abs(fast.mean[c] - exact.mean[c]));
      worstVar = Math.max(worstVar, Math.abs(fast.variance[c] - exact.variance[c]));
    }
    // Same round-off argument as above (A⁻¹ explicit, cond ≲ 1e6): 1e-6 in units of y; an algebra error is O(0.01–1).
    assert.ok(worstMean < 1e-6, `mean ${worstMean}`);
    assert.ok(worstVar < 1e-6, `variance ${worstVar}`);
    const picked = picks[37];
    assert.ok(fast.variance[picked] < fitted.posterior(C).variance[picked], 'a batch point\'s variance shrinks');
    // Repeats (a batch point twice, a training point again): noisy observations still condition exactly, no failure.
    const repeated = dataset(C, [...picks.slice(0, 36), picks[36], picks[36], picks[0]]);
    const robust = (await fitted.condition!(repeated)).posterior(C);
    const exactRepeated = (await new GpSurrogate({ seed: 1, priors: 'botorch' }).fit(data)).condition(repeated).posterior(C);
    for (let c = 0; c < C.rows; c++) {
      assert.ok(Math.abs(robust.mean[c] - exactRepeated.mean[c]) < 1e-6 && Math.abs(robust.variance[c] - exactRepeated.variance[c]) < 1e-6, `c=${c}`);
    }
    // Off the candidate set, or on data that does not extend the fit's, it is the exact model.
    const other = matrix(3, 2, Float64Array.of(0.1, 0.2, 0.5, 0.5, 0.9, 0.3));
    assert.deepEqual(batch.posterior(other), (await new GpSurrogate({ seed: 1, priors: 'botorch' }).fit(data)).condition(next).posterior(other));
  });

  it('with a stride (batches of q) refits on the sizes the campaign fits at, and a fresh instance replays them', async () => {
    const policy = { growth: 0.1, every: 5 };
    // Policy points 10, 11, 12, … (growth 10 %, at least +1) moved up to 10 + 4k: every batch start is a refit here.
    assert.deepEqual([10, 13, 14, 17, 18, 30].map((n) => lastRefitPoint(policy, 10, n, 4)), [10, 10, 14, 14, 18, 30]);
    assert.deepEqual([10, 20, 40].map((n) => lastRefitPoint({ growth: 0.5, every: 100 }, 10, n, 4)), [10, 18, 30]); // 10 → 15 ↑ 18 → 27 ↑ 30 → 45 ↑ 46
    const C = grid(12);
    const picks = Array.from(new Rng(9).sampleWithoutReplacement(C.rows, 40));
    const slow = { growth: 0.5, every: 100 };
    const whole = new SequentialGpSurrogate(new GpSurrogate({ seed: 2, priors: 'botorch' }), C, slow, 10, 4);
    let last;
    for (let n = 10; n <= 34; n += 4) last = (await whole.fit(dataset(C, picks.slice(0, n)))).posterior(C);
    const fresh = new SequentialGpSurrogate(new GpSurrogate({ seed: 2, priors: 'botorch' }), C, slow, 10, 4);
    assert.deepEqual((await fresh.fit(dataset(C, picks.slice(0, 34)))).posterior(C), last, 'a resumed run fits where the uninterrupted one did');
  });

  it('refits on schedule and falls back to exact posteriors off the candidate set', async () => {
    const C = grid(12);
    const picks = Array.from(new Rng(5).sampleWithoutReplacement(C.rows, 40));
    const seq = new SequentialGpSurrogate(new GpSurrogate({ seed: 2, priors: 'botorch' }), C, { growth: 0.5, every: 5 });
    for (let n = 10; n <= 40; n++) {
      const fitted = await seq.fit(dataset(C, picks.slice(0, n)));
      const onGrid = fitted.posterior(C);
      const elsewhere = fitted.posterior(matrix(C.rows, 2, Float64Array.from(C.data)));
      for (let c = 0; c < C.rows; c += 7) {
        assert.ok(Math.abs(onGrid.mean[c] - elsewhere.mean[c]) < 1e-8, `n=${n} c=${c}`);
      }
    }
  });

  it('anchors the refit schedule at the first fit of the campaign, not of the process', () => {
    const policy = { growth: 0.1, every: 3 };
    // 5 → 6 → … → 11 (+1 each while ⌈1.1 r⌉ = r + 1) → 13 → 15 → 17 → 19 → 21 → 24 (every caps ⌈23.1⌉ = 24 at 21 + 3).
    const points = Array.from({ length: 25 }, (_, n) => n).filter((n) => n >= 5 && lastRefitPoint(policy, 5, n) === n);
    assert.deepEqual(points, [5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 21, 24]);
    assert.equal(lastRefitPoint(policy, 5, 12), 11);
    assert.equal(lastRefitPoint(policy, 5, 3), 3);
  });

  it('a fresh instance asked between refits (a resumed run) returns bit for bit what a continuous one does', async () => {
    const C = grid(10);
    const picks = Array.from(new Rng(7).sampleWithoutReplacement(C.rows, 20));
    const policy = { growth: 0.1, every: 50 };
    const continuous = new SequentialGpSurrogate(new GpSurrogate({ seed: 4 }), C, policy, 5);
    for (let n = 5; n <= 20; n++) {
      const want = (await continuous.fit(dataset(C, picks.slice(0, n)))).posterior(C);
      const resumed = new SequentialGpSurrogate(new GpSurrogate({ seed: 4 }), C, policy, 5);
      const got = (await resumed.fit(dataset(C, picks.slice(0, n)))).posterior(C);
      assert.deepEqual(got.mean, want.mean, `mean at n = ${n}`);
      assert.deepEqual(got.variance, want.variance, `variance at n = ${n}`);
    }
  });
});
