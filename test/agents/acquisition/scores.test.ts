// Exact values from hand-written posteriors (BoTorch MockPosterior style). References: closed forms, scipy.stats.norm.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Dataset, Posterior } from '../../../src/models/surrogate.ts';
import { matrix } from '../../../src/models/surrogate.ts';
import { ucbScores, upperConfidenceBound } from '../../../src/agents/acquisition/upper-confidence-bound.ts';
import { eiScores, logEiScores, expectedImprovement, logExpectedImprovement } from '../../../src/agents/acquisition/expected-improvement.ts';
import { piScores } from '../../../src/agents/acquisition/probability-of-improvement.ts';
import { maxVarianceScores } from '../../../src/agents/acquisition/max-variance.ts';

const post = (mean: number[], variance: number[]): Posterior => ({ mean: Float64Array.from(mean), variance: Float64Array.from(variance) });
const data = (y: number[]): Dataset => ({ X: matrix(y.length, 1, Float64Array.from(y.map((_, i) => i))), y: Float64Array.from(y) });

/** |a − b| ≤ 1e-14·max(1, |b|): the formulas are evaluated to a few ulps. */
function close(a: number, b: number, tol = 1e-14): void {
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`);
}

describe('UCB', () => {
  it('mean 0.5, variance 1, κ 1 → 1.5 (maximise) and −0.5 + 1 = 0.5 (minimise)', () => {
    close(ucbScores(post([0.5], [1]), { kappa: 1 })[0], 1.5);
    close(ucbScores(post([0.5], [1]), { kappa: 1, direction: 'minimize' })[0], 0.5);
  });

  it('uses √variance and the default κ = 0.5 (gpax β = 0.25)', () => {
    const s = upperConfidenceBound().score(post([1, -2], [4, 0]), data([0]));
    assert.deepEqual(Array.from(s), [2, -2]);
    assert.throws(() => ucbScores(post([0], [1]), { kappa: -1 }), RangeError);
  });
});

describe('EI and log-EI', () => {
  it('mean 0, variance 1, f* = 0 → φ(0) = 0.3989422804014327', () => {
    close(eiScores(post([0], [1]), data([0]), { bestF: 0 })[0], 0.3989422804014327);
    close(logEiScores(post([0], [1]), data([0]), { bestF: 0 })[0], Math.log(0.3989422804014327));
  });

  it('mean 0.5, variance 4, f* = best observed 0 → 2·h(0.25) = 1.0726893964471604 (scipy)', () => {
    close(expectedImprovement().score(post([0.5], [4]), data([-3, 0, -1]))[0], 1.0726893964471604);
  });

  it('minimising mirrors: mean 0.5, variance 4, best observed (min) 1 → 2·h(0.25)', () => {
    close(eiScores(post([0.5], [4]), data([1, 3]), { direction: 'minimize' })[0], 1.0726893964471604);
  });

  it('log-EI stays finite and exact where EI underflows (u = −30, −200; mpmath references)', () => {
    const p = post([-30, -200], [1, 1]);
    const log = logExpectedImprovement().score(p, data([0]));
    close(log[0], -457.724653760598, 1e-13);
    close(log[1], -20011.515648259739, 1e-13);
    assert.equal(eiScores(p, data([0]))[1], 0);
    // Rank preserved: log-EI decreases with the mean.
    assert.ok(log[0] > log[1]);
  });

  it('ξ shifts the incumbent; zero variance scores the plain improvement', () => {
    close(eiScores(post([0.5], [4]), data([0]), { xi: 0.5 })[0], 2 * 0.3989422804014327);
    assert.deepEqual(Array.from(eiScores(post([2, -1], [0, 0]), data([0]))), [2, 0]);
    assert.deepEqual(Array.from(logEiScores(post([2, -1], [0, 0]), data([0]))), [Math.log(2), -Infinity]);
  });
});

describe('PI and maximum variance', () => {
  it('PI = Φ((μ − f* − ξ)/σ): Φ(0.25) = 0.5987063256829237, Φ(0.2) = 0.579259709439103', () => {
    close(piScores(post([0.5], [4]), data([0]))[0], 0.5987063256829237);
    close(piScores(post([0.5], [4]), data([0]), { xi: 0.1 })[0], 0.579259709439103);
    close(piScores(post([0.5], [4]), data([1]), { direction: 'minimize' })[0], 0.5987063256829237);
    assert.deepEqual(Array.from(piScores(post([1, -1], [0, 0]), data([0]))), [1, 0]);
  });

  it('max variance returns the variance, clamping round-off', () => {
    assert.deepEqual(Array.from(maxVarianceScores(post([0, 0, 0], [0.3, -1e-18, 2]))), [0.3, 0, 2]);
  });
});
