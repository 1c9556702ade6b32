import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { initTfBackend } from '../../../src/models/tf/tf-backend.ts';
import { gpNegLogMarginalLikelihood, negLogMarginalLikelihood } from '../../../src/models/dkl/dkl-marginal-likelihood.ts';
import { createKernelVariables, disposeKernelVariables, trainKernelMatrix } from '../../../src/models/dkl/dkl-kernel.ts';
import { Rng } from '../../../src/sim/rng.ts';

/** A well-conditioned SPD n x n matrix: RBF Gram matrix of random points + 0.1 I. */
function spd(n: number, rng: Rng): Float64Array {
  const x = Array.from({ length: n }, () => [rng.normal(), rng.normal()]);
  const K = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    K[i * n + j] = Math.exp(-0.5 * ((x[i][0] - x[j][0]) ** 2 + (x[i][1] - x[j][1]) ** 2)) + (i === j ? 0.1 : 0);
  }
  return K;
}

describe('DKL marginal likelihood custom op', () => {
  before(async () => {
    await initTfBackend({ log: () => {} });
  });

  it('value matches ½yᵀK⁻¹y + ½log|K| + n/2·log2π on a 2x2 case computed by hand', () => {
    const K = Float64Array.from([2, 0.5, 0.5, 1]);
    const y = Float64Array.from([1, -1]);
    const det = 2 - 0.25;
    const quad = (1 * 1 * 1 + 2 * 0.5 * 1 + 2 * 1) / det; // yᵀ adj(K) y / det with adj = [[1, −.5], [−.5, 2]]
    const expected = 0.5 * quad + 0.5 * Math.log(det) + Math.log(2 * Math.PI);
    assert.ok(Math.abs(negLogMarginalLikelihood(K, y).value - expected) < 1e-12);
  });

  it('float64 gradient ½(K⁻¹ − ααᵀ) matches central finite differences (symmetric perturbations)', () => {
    const rng = new Rng(11);
    const n = 6;
    const K = spd(n, rng);
    const y = Float64Array.from({ length: n }, () => rng.normal());
    const { gradK } = negLogMarginalLikelihood(K, y);
    const h = 1e-5;
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) {
      const shifted = (s: number) => {
        const k = Float64Array.from(K);
        k[i * n + j] += s;
        if (i !== j) k[j * n + i] += s;
        return negLogMarginalLikelihood(k, y).value;
      };
      const fd = (shifted(h) - shifted(-h)) / (2 * h);
      const analytic = i === j ? gradK[i * n + i] : gradK[i * n + j] + gradK[j * n + i];
      // Central differences: O(h²) ≈ 1e-10 truncation, ~1e-11/h ≈ 1e-6 rounding.
      assert.ok(Math.abs(fd - analytic) < 1e-6 * Math.max(1, Math.abs(fd)), `(${i},${j}): fd ${fd} vs ${analytic}`);
    }
  });

  it('tfjs gradient through the op equals the float64 gradient', () => {
    const rng = new Rng(12);
    const n = 5;
    const K = spd(n, rng);
    const y = Float64Array.from({ length: n }, () => rng.normal());
    const expected = negLogMarginalLikelihood(K, y);
    const { value, grad } = tf.tidy(() => {
      const out = tf.valueAndGrad((k: tf.Tensor) => gpNegLogMarginalLikelihood(k as tf.Tensor2D, y))(tf.tensor2d(Float32Array.from(K), [n, n]));
      return { value: out.value.dataSync()[0], grad: out.grad.dataSync() };
    });
    // K is rounded to float32 (relative 6e-8) before the float64 work: value and gradient agree to ~1e-5.
    assert.ok(Math.abs(value - expected.value) < 1e-4 * Math.abs(expected.value));
    for (let i = 0; i < n * n; i++) assert.ok(Math.abs(grad[i] - expected.gradK[i]) < 1e-4 * Math.max(1, Math.abs(expected.gradK[i])));
  });

  it('back-propagates into the kernel hyperparameters: d/d(log ℓ, log s², log σ²) match finite differences', () => {
    const rng = new Rng(13);
    const n = 12;
    const F = tf.tensor2d(Float32Array.from({ length: 2 * n }, () => rng.normal()), [n, 2]);
    const y = Float64Array.from({ length: n }, () => rng.normal());
    const kv = createKernelVariables(2, { lengthScale: 0.8, outputScale: 1.3, noise: 0.2 });
    const vars = [kv.logLengthScale, kv.logOutputScale, kv.logNoise];
    const loss = () => gpNegLogMarginalLikelihood(trainKernelMatrix(F, kv), y);
    const { grads } = tf.variableGrads(loss, vars);
    const analytic = [...grads[kv.logLengthScale.name].dataSync(), grads[kv.logOutputScale.name].dataSync()[0], grads[kv.logNoise.name].dataSync()[0]];
    tf.dispose(Object.values(grads));
    const h = 1e-2;
    const evalAt = (v: tf.Variable, index: number, delta: number): number => {
      const original = v.dataSync().slice();
      const shifted = original.slice();
      shifted[index] += delta;
      tf.tidy(() => v.assign(tf.tensor(shifted, v.shape)));
      const value = tf.tidy(() => loss().dataSync()[0]);
      tf.tidy(() => v.assign(tf.tensor(original, v.shape)));
      return value;
    };
    const targets: [tf.Variable, number][] = [[kv.logLengthScale, 0], [kv.logLengthScale, 1], [kv.logOutputScale, 0], [kv.logNoise, 0]];
    targets.forEach(([v, index], k) => {
      const fd = (evalAt(v, index, h) - evalAt(v, index, -h)) / (2 * h);
      // h = 1e-2 on log-parameters: O(h²) truncation ≈ 1e-4 relative; float32 K adds ≈ n·1e-7/h ≈ 1e-4.
      assert.ok(Math.abs(fd - analytic[k]) < 2e-3 * Math.max(1, Math.abs(fd)), `param ${k}: fd ${fd} vs ${analytic[k]}`);
    });
    disposeKernelVariables(kv);
    F.dispose();
  });
});
