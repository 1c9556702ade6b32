import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { initTfBackend } from '../../../src/models/tf/tf-backend.ts';
import { DklSurrogate } from '../../../src/models/dkl/dkl-surrogate.ts';
import { loadDkl } from '../../../src/models/dkl/dkl-store.ts';
import { FittedDklEnsemble } from '../../../src/models/dkl/dkl-ensemble.ts';
import { GpSurrogate } from '../../../src/models/gp/index.ts';
import { matrix, type Dataset } from '../../../src/models/surrogate.ts';
import { Rng } from '../../../src/sim/rng.ts';
import { unitSquareData } from './unit-square-data.ts';
import { FerroloopError, InputError } from '../../../src/errors.ts';

/** A unit step across the diagonal x1 + x2 = 1 plus a gentle slope: sharp, and not aligned with any axis. */
const diagonalStep = (a: number, b: number) => (a + b > 1 ? 1 : 0) + 0.2 * Math.sin(4 * a);

function sample(n: number, seed: number, noise: number): Dataset {
  return unitSquareData(n, seed, noise, diagonalStep);
}

function rmse(pred: Float64Array, truth: Float64Array): number {
  return Math.sqrt(pred.reduce((s, v, i) => s + (v - truth[i]) ** 2, 0) / pred.length);
}

/** Oriented stripes on h x h patches; the target cos 2θ depends on the stripe angle θ only. */
function stripePatches(n: number, h: number, seed: number): Dataset {
  const rng = new Rng(seed);
  const X = new Float64Array(n * h * h);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const th = rng.uniformIn(0, Math.PI);
    const phase = rng.uniformIn(0, 2 * Math.PI);
    for (let r = 0; r < h; r++) for (let c = 0; c < h; c++) X[i * h * h + r * h + c] = Math.sin(0.9 * (r * Math.cos(th) + c * Math.sin(th)) + phase);
    y[i] = Math.cos(2 * th);
  }
  return { X: matrix(n, h * h, X), y };
}

describe('DklSurrogate', () => {
  before(async () => {
    await initTfBackend({ log: () => {} });
  });

  it('beats an exact RBF GP in held-out RMSE on a diagonal step (seed 0, n = 80)', async () => {
    const train = sample(80, 1, 0.02);
    const test = sample(400, 2, 0);
    const gp = await new GpSurrogate({ kernel: 'rbf' }).fit(train);
    const gpRmse = rmse(gp.posterior(test.X).mean, test.y);
    gp.dispose();
    const dkl = await new DklSurrogate({ seed: 0 }).fit(train);
    const post = dkl.posterior(test.X);
    const dklRmse = rmse(post.mean, test.y);
    dkl.dispose();
    // Measured: GP 0.27, DKL 0.14 (seeds 1 and 2 give 0.13 and 0.14). The stationary RBF must smooth the step over
    // its length scale everywhere along the diagonal; the learned warping puts the jump into one feature.
    assert.ok(dklRmse < 0.75 * gpRmse, `DKL ${dklRmse.toFixed(3)} vs GP ${gpRmse.toFixed(3)}`);
    assert.ok(post.variance.every((v) => v > 0 && Number.isFinite(v)));
  });

  it('is deterministic for a seed, leaks no tensors, and round-trips through JSON', async () => {
    const train = sample(30, 3, 0.05);
    const test = sample(50, 4, 0);
    const before = tf.memory().numTensors;
    // Seed 0 on purpose: tfjs treats a 0 seed as "unseeded", which tfSeed() must map away.
    const a = await new DklSurrogate({ seed: 0, epochs: 60 }).fitModel(train);
    const b = await new DklSurrogate({ seed: 0, epochs: 60 }).fitModel(train);
    const pa = a.posterior(test.X);
    assert.deepEqual(b.posterior(test.X), pa);
    b.dispose();
    const loaded = await loadDkl(JSON.parse(JSON.stringify(a.toJSON())));
    const pl = loaded.posterior(test.X);
    for (let i = 0; i < test.X.rows; i++) {
      // Same float32 weights and float64 GP state: identical up to JSON's exact float round trip.
      assert.ok(Math.abs(pl.mean[i] - pa.mean[i]) < 1e-9 && Math.abs(pl.variance[i] - pa.variance[i]) < 1e-9);
    }
    a.dispose();
    loaded.dispose();
    assert.equal(tf.memory().numTensors, before);
    assert.throws(() => a.features(test.X), (e: unknown) => e instanceof FerroloopError && e.code === 'MODEL_INVALID');
  });

  it('fits image patches with the CNN extractor (im2col conv gradients on wasm) and predicts the held-out target', async () => {
    const before = tf.memory().numTensors;
    const train = stripePatches(60, 8, 1);
    const test = stripePatches(40, 8, 2);
    const dkl = await new DklSurrogate({ extractor: 'cnn', patchShape: [8, 8], seed: 0, restarts: 3, epochs: 80, channels: [4, 8] }).fitModel(train);
    const post = dkl.posterior(test.X);
    const losses = dkl.losses;
    dkl.dispose();
    assert.equal(tf.memory().numTensors, before);
    assert.ok(losses.at(-1)! < losses[0] - 0.5, `loss ${losses[0]} → ${losses.at(-1)}`);
    // The target has standard deviation ≈ 0.71; predicting its mean gives RMSE ≈ 0.71. Measured 0.13 (restarts from
    // seeds 1 and 2: 0.18). Single fits range 0.13–0.47 over seeds 0–2, hence the 3 restarts.
    const err = rmse(post.mean, test.y);
    assert.ok(err < 0.3, `cnn DKL held-out RMSE ${err}`);
  });

  it('keeps the restart with the lowest final loss', async () => {
    const train = sample(30, 5, 0.05);
    const fits = await Promise.all([0, 1, 2].map((seed) => new DklSurrogate({ seed, epochs: 40 }).fitModel(train)));
    const best = await new DklSurrogate({ seed: 0, restarts: 3, epochs: 40 }).fitModel(train);
    const finals = fits.map((f) => f.losses.at(-1)!);
    assert.equal(best.losses.at(-1), Math.min(...finals));
    assert.equal(best.parts.options.seed, finals.indexOf(Math.min(...finals)));
    for (const f of [...fits, best]) f.dispose();
  });

  it('draws joint samples whose moments match the posterior, and conditions on new data without training', async () => {
    const train = sample(25, 7, 0.05);
    const test = sample(4, 8, 0);
    const before = tf.memory().numTensors;
    const dkl = await new DklSurrogate({ seed: 1, epochs: 40 }).fitModel(train);
    const post = dkl.posterior(test.X);
    const count = 4000;
    const draws = dkl.sample(test.X, count, new Rng(9));
    for (let i = 0; i < test.X.rows; i++) {
      let m = 0;
      for (let s = 0; s < count; s++) m += draws[s * 4 + i] / count;
      let v = 0;
      for (let s = 0; s < count; s++) v += (draws[s * 4 + i] - m) ** 2 / (count - 1);
      const sd = Math.sqrt(post.variance[i]);
      // Monte Carlo: the mean is within 4 standard errors (sd/√4000); the variance within 4·√(2/4000) ≈ 9 % (+ jitter).
      assert.ok(Math.abs(m - post.mean[i]) < (4 * sd) / Math.sqrt(count) + 1e-6, `mean ${m} vs ${post.mean[i]}`);
      assert.ok(Math.abs(v - post.variance[i]) < 0.1 * post.variance[i] + 1e-8, `variance ${v} vs ${post.variance[i]}`);
    }
    const same = dkl.condition(train);
    assert.deepEqual(same.posterior(test.X), post);
    // Kriging believer: observing the posterior mean at x* keeps the mean there and shrinks the variance.
    const x0 = test.X.data.subarray(0, 2);
    const believer = dkl.condition({ X: matrix(26, 2, [...train.X.data, ...x0]), y: Float64Array.from([...train.y, post.mean[0]]) });
    const pb = believer.posterior(matrix(1, 2, x0));
    assert.ok(Math.abs(pb.mean[0] - post.mean[0]) < 1e-8 && pb.variance[0] < post.variance[0]);
    same.dispose();
    believer.dispose();
    dkl.dispose();
    assert.equal(tf.memory().numTensors, before);
  });

  it('an ensemble is its members\' mixture: mean of means, mean variance + spread of the means; saved and reloaded exactly', async () => {
    const train = sample(25, 11, 0.05);
    const test = sample(6, 12, 0);
    const before = tf.memory().numTensors;
    const ensemble = await new DklSurrogate({ seed: 4, epochs: 30, ensemble: 3 }).fit(train);
    assert.ok(ensemble instanceof FittedDklEnsemble);
    assert.deepEqual(ensemble.members.map((m) => m.parts.options.seed), [4, 5, 6], 'one seed per member');
    const members = ensemble.members.map((m) => m.posterior(test.X));
    const post = ensemble.posterior(test.X);
    for (let i = 0; i < test.X.rows; i++) {
      const means = members.map((p) => p.mean[i]);
      const mean = means.reduce((a, b) => a + b, 0) / 3;
      const spread = means.reduce((a, b) => a + (b - mean) ** 2, 0) / 3;
      const within = members.reduce((a, p) => a + p.variance[i], 0) / 3;
      // Summation order differs from the implementation's: 1e-12 relative is round-off, not a different formula.
      assert.ok(Math.abs(post.mean[i] - mean) <= 1e-12 * (1 + Math.abs(mean)), `mean at ${i}`);
      assert.ok(Math.abs(post.variance[i] - (within + spread)) <= 1e-12 * (within + spread), `variance at ${i}`);
    }
    const loaded = await loadDkl(JSON.parse(JSON.stringify(ensemble.toJSON())));
    assert.ok(loaded instanceof FittedDklEnsemble);
    assert.deepEqual(loaded.posterior(test.X), post);
    const believer = ensemble.condition({ X: matrix(26, 2, [...train.X.data, ...test.X.data.subarray(0, 2)]), y: Float64Array.from([...train.y, post.mean[0]]) });
    assert.ok(believer.posterior(matrix(1, 2, test.X.data.subarray(0, 2))).variance[0] < post.variance[0], 'conditioning shrinks the variance');
    const draws = ensemble.sample(test.X, 3, new Rng(1));
    assert.equal(draws.length, 3 * test.X.rows);
    for (const m of [ensemble, loaded, believer]) m.dispose();
    assert.equal(tf.memory().numTensors, before);
  });

  it('validates options and data with errors that name the field', async () => {
    assert.throws(() => new DklSurrogate({ extractor: 'cnn' }), (e: unknown) => e instanceof InputError && e.path === 'dkl.patchShape');
    assert.throws(() => new DklSurrogate({ epochs: 0 }), (e: unknown) => e instanceof InputError && e.path === 'dkl.epochs');
    await assert.rejects(new DklSurrogate().fit({ X: matrix(1, 2, [0, 0]), y: Float64Array.of(1) }), (e: unknown) => e instanceof FerroloopError && e.code === 'MODEL_FIT_FAILED');
    await assert.rejects(loadDkl({ format: 'ferroloop-dkl', version: 1 }), (e: unknown) => e instanceof FerroloopError && e.code === 'MODEL_INVALID');
  });
});
