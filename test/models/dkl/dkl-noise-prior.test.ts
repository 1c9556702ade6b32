import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { initTfBackend } from '../../../src/models/tf/tf-backend.ts';
import { DklSurrogate } from '../../../src/models/dkl/dkl-surrogate.ts';
import { FittedDklEnsemble } from '../../../src/models/dkl/dkl-ensemble.ts';
import { parseDklOptions } from '../../../src/models/dkl/dkl-options.ts';
import { createKernelVariables, disposeKernelVariables, hyperPriorPenalty } from '../../../src/models/dkl/dkl-kernel.ts';
import { loadDkl } from '../../../src/models/dkl/dkl-store.ts';
import type { Dataset } from '../../../src/models/surrogate.ts';
import { unitSquareData } from './unit-square-data.ts';
import { InputError } from '../../../src/errors.ts';

/** A smooth 2-D function plus Gaussian noise of std `noise`, in units where y has std ≈ 3 (so scaling matters). */
function noisy(n: number, seed: number, noise: number): Dataset {
  return unitSquareData(n, seed, noise, (a, b) => 3 * Math.sin(3 * a) * Math.cos(2 * b) + 10);
}

describe('DKL noisePrior', () => {
  before(async () => {
    await initTfBackend({ log: () => {} });
  });

  it('defaults to [−4, 2], whose penalty and gradient equal the fixed (log σ² + 4)² / 8 of before, bit for bit', () => {
    assert.deepEqual(parseDklOptions({}).noisePrior, [-4, 2]);
    const v = createKernelVariables(2, { lengthScale: 1, outputScale: 1, noise: 0.05 });
    try {
      for (const logNoise of [-9.3, -4, -2.9957323, 0.37, 1.5]) {
        v.logNoise.assign(tf.scalar(logNoise));
        const others = (x: tf.Variable) => tf.add(tf.mul(tf.sum(tf.square(v.logLengthScale)), 0.5), tf.mul(tf.square(v.logOutputScale), 0.5)).add(tf.div(tf.square(tf.add(x, 4)), 8)) as tf.Scalar;
        const now = tf.variableGrads(() => hyperPriorPenalty(v), [v.logNoise]);
        const old = tf.variableGrads(() => others(v.logNoise), [v.logNoise]);
        assert.equal(now.value.dataSync()[0], old.value.dataSync()[0], `penalty at log σ² = ${logNoise}`);
        assert.equal(now.grads[v.logNoise.name].dataSync()[0], old.grads[v.logNoise.name].dataSync()[0], `gradient at log σ² = ${logNoise}`);
        tf.dispose([now.value, old.value, ...Object.values(now.grads), ...Object.values(old.grads)]);
      }
    } finally {
      disposeKernelVariables(v);
    }
  });

  it('an explicit [−4, 2] fits the same model as the option absent', async () => {
    const train = noisy(25, 1, 0.3);
    const a = await new DklSurrogate({ seed: 2, epochs: 40 }).fitModel(train);
    const b = await new DklSurrogate({ seed: 2, epochs: 40, noisePrior: [-4, 2] }).fitModel(train);
    try {
      assert.deepEqual(b.posterior(train.X), a.posterior(train.X));
      assert.equal(b.observationNoise(), a.observationNoise());
    } finally {
      a.dispose();
      b.dispose();
    }
  });

  it('moves the fitted noise towards its mean: a prior at σ² = 1 gives more noise, one at σ² = e⁻¹² less', async () => {
    const train = noisy(30, 3, 0.3);
    const noiseWith = async (noisePrior?: [number, number]) => {
      const fitted = await new DklSurrogate({ seed: 1, epochs: 80, ...(noisePrior ? { noisePrior } : {}) }).fitModel(train);
      try {
        return fitted.observationNoise();
      } finally {
        fitted.dispose();
      }
    };
    const low = await noiseWith([-12, 0.1]);
    const mid = await noiseWith();
    const high = await noiseWith([0, 0.1]);
    assert.ok(low < mid && mid < high, `σ²: prior [−12, 0.1] ${low}, default ${mid}, [0, 0.1] ${high}`);
    // Adam (lr 0.01) moves log σ² by at most ≈ 0.01 per step from log 0.05 ≈ −3, so 80 epochs cannot reach either
    // prior mean; the order is what is asserted, with a margin.
    assert.ok(high > 2 * mid && mid > 2 * low, `σ²: prior [−12, 0.1] ${low}, default ${mid}, [0, 0.1] ${high}`);
  });

  it('rejects bad values with an InputError naming the field', () => {
    const cases: [unknown, RegExp][] = [
      [[0, 0], /dkl\.noisePrior\.1: .*> 0/],
      [[0, -1], /dkl\.noisePrior\.1: .*> 0/],
      [[Number.NaN, 1], /dkl\.noisePrior\.0/],
      [[0, Number.POSITIVE_INFINITY], /dkl\.noisePrior\.1/],
      [[-40, 1], /dkl\.noisePrior\.0: .*≥ −30/],
      [[1], /dkl\.noisePrior: noisePrior must be \[mean, std\]/],
      [[0, 1, 2], /dkl\.noisePrior: noisePrior must be \[mean, std\]/],
      ['0,1', /dkl\.noisePrior: noisePrior must be \[mean, std\]/],
    ];
    for (const [value, message] of cases) {
      assert.throws(() => new DklSurrogate({ noisePrior: value as [number, number] }), (err: unknown) => err instanceof InputError && message.test(err.message), JSON.stringify(value));
    }
    assert.deepEqual(parseDklOptions({ noisePrior: [0, 1] }).noisePrior, [0, 1]);
  });
});

describe('DKL observationNoise', () => {
  before(async () => {
    await initTfBackend({ log: () => {} });
  });

  it('is positive, in y units², survives save/load, and an ensemble reports its members\' mean', async () => {
    const train = noisy(25, 5, 0.2);
    const ens = await new DklSurrogate({ seed: 4, epochs: 40, ensemble: 3, noisePrior: [0, 1] }).fit(train);
    assert.ok(ens instanceof FittedDklEnsemble);
    try {
      const each = ens.members.map((m) => m.observationNoise());
      for (const v of each) assert.ok(v > 0 && Number.isFinite(v), `member σ² ${v}`);
      const mean = each.reduce((a, b) => a + b, 0) / each.length;
      assert.ok(Math.abs(ens.observationNoise() - mean) <= 1e-12 * mean);
      const m0 = ens.members[0];
      const { std } = m0.parts.yScaling;
      assert.equal(m0.observationNoise(), m0.parts.gp.hyper.noise * std * std);
      const loaded = await loadDkl(JSON.parse(JSON.stringify(ens.toJSON())));
      try {
        assert.ok(loaded instanceof FittedDklEnsemble);
        assert.equal(loaded.observationNoise(), ens.observationNoise());
        assert.deepEqual(loaded.members[0].parts.options.noisePrior, [0, 1]);
      } finally {
        loaded.dispose();
      }
    } finally {
      ens.dispose();
    }
  });
});
