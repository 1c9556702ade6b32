import { test } from 'node:test';
import assert from 'node:assert/strict';
import { circularCorrelation, logisticRegressionAccuracy } from '../../../src/models/vae/latent-metrics.ts';
import { Rng } from '../../../src/sim/rng.ts';

test('circular correlation: 1 for equal angles, −1 for mirrored, ~0 for independent, invariant to a wrap', () => {
  const rng = new Rng(2);
  const a = Float64Array.from({ length: 2000 }, () => (rng.uniform() * 2 - 1) * 2);
  assert.ok(Math.abs(circularCorrelation(a, a) - 1) < 1e-12);
  assert.ok(Math.abs(circularCorrelation(a, a.map((v) => -v)) + 1) < 1e-12);
  assert.ok(Math.abs(circularCorrelation(a, a.map((v) => v + 2 * Math.PI)) - 1) < 1e-9);
  const b = Float64Array.from({ length: 2000 }, () => (rng.uniform() * 2 - 1) * 2);
  // 2000 independent draws: the statistic's standard deviation is about 1/√2000 ≈ 0.022.
  assert.ok(Math.abs(circularCorrelation(a, b)) < 0.1);
});

test('logistic regression separates four Gaussian blobs and is at chance on noise', () => {
  const rng = new Rng(3);
  const n = 400;
  const labels = Int32Array.from({ length: n }, (_, i) => i % 4);
  const centres = [[-2, -2], [2, -2], [-2, 2], [2, 2]];
  const blobs = Float64Array.from({ length: 2 * n }, (_, q) => centres[labels[q >> 1]][q & 1] + 0.5 * rng.normal());
  assert.ok(logisticRegressionAccuracy(blobs, n, 2, labels, 4) > 0.97);
  const noise = Float64Array.from({ length: 2 * n }, () => rng.normal());
  // Chance is 0.25; with 200 test rows its standard deviation is about 0.03.
  assert.ok(logisticRegressionAccuracy(noise, n, 2, labels, 4) < 0.4);
});

test('circular correlation matches a hand-computed case and ignores a constant offset of either sample', () => {
  // ā = atan2(Σ sin a, Σ cos a) = 0.76435, b̄ = 0.60860; r = Σ sin(a − ā) sin(b − b̄) / √(Σ sin²(a − ā) Σ sin²(b − b̄)).
  const a = [0.3, 1.2, -0.4, 2.0];
  const b = [0.5, 0.9, -0.1, 1.1];
  assert.ok(Math.abs(circularCorrelation(a, b) - 0.9696075476830899) < 1e-12);
  assert.ok(Math.abs(circularCorrelation(a.map((v) => v + 2.5), b) - 0.9696075476830899) < 1e-9);
  assert.ok(Math.abs(circularCorrelation(a, b.map((v) => v - 1)) - 0.9696075476830899) < 1e-9);
});
