import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initTfBackend } from '../../../src/models/tf/tf-backend.ts';
import { FusedAdam } from '../../../src/models/tf/fused-adam.ts';
import { WASM_BASE64 } from '../../../src/models/tf/wasm/adam-simd.wasm.ts';
import { Rng } from '../../../src/sim/rng.ts';
import { repoRoot } from '../../helpers/repo-paths.ts';

/** Weights after `steps` Adam steps on Σ (a ⊙ w − t)² + Σ w³/10 from seeded starts (shapes 37 and 6 × 5: SIMD body and tail). */
function train(make: () => tf.Optimizer, steps: number): Float32Array[] {
  const rng = new Rng(5);
  const values = (n: number) => Float32Array.from({ length: n }, () => rng.normal());
  const w1 = tf.variable(tf.tensor1d(values(37)));
  const w2 = tf.variable(tf.tensor2d(values(30), [6, 5]));
  const a = tf.tensor1d(values(37));
  const t = tf.tensor2d(values(30), [6, 5]);
  const optimizer = make();
  for (let s = 0; s < steps; s++) {
    optimizer.minimize(() => tf.add(tf.sum(tf.square(tf.sub(tf.mul(a, w1), 1))), tf.sum(tf.add(tf.square(tf.sub(w2, t)), tf.div(tf.pow(w2, 3), 10)))) as tf.Scalar, false, [w1, w2]);
  }
  const out = [w1.dataSync() as Float32Array, w2.dataSync() as Float32Array];
  optimizer.dispose();
  tf.dispose([w1, w2, a, t]);
  return out;
}

/**
 * tfjs's Adam divides by (1 − β^t) held in float32 tensors and divides where the kernel multiplies by reciprocals:
 * each step differs by a few ulps of the update (lr · O(1)); after 20 steps 1e-5 absolute leaves ample margin
 * against the 2e-2 the weights move.
 */
const TOL = 1e-5;

describe('fused Adam', () => {
  before(async () => {
    await initTfBackend({ prefer: 'wasm', log: () => {} });
  });

  it('embeds exactly the assembled adam-simd.wat (rebuild with node scripts/build-wasm.mjs)', async () => {
    const { assemble } = (await import(join(repoRoot, 'scripts', 'build-wasm.mjs'))) as { assemble(text: string, name: string): Promise<Buffer> };
    const wat = readFileSync(join(repoRoot, 'src', 'models', 'tf', 'wasm', 'adam-simd.wat'), 'utf8');
    assert.equal((await assemble(wat, 'adam-simd.wat')).toString('base64'), WASM_BASE64);
  });

  for (const path of ['fused wasm kernel', 'tfjs ops (FERROLOOP_FUSED_DENSE=0)']) {
    it(`follows tfjs's AdamOptimizer step for step: ${path}`, () => {
      if (path.startsWith('tfjs')) process.env.FERROLOOP_FUSED_DENSE = '0';
      try {
        const expected = train(() => tf.train.adam(0.01), 20);
        const start = train(() => tf.train.adam(0.01), 0);
        const actual = train(() => new FusedAdam(0.01), 20);
        expected.forEach((e, k) => {
          let moved = 0;
          for (let i = 0; i < e.length; i++) {
            assert.ok(Math.abs(actual[k][i] - e[i]) <= TOL, `w${k + 1}[${i}]: ${actual[k][i]} vs ${e[i]}`);
            moved = Math.max(moved, Math.abs(e[i] - start[k][i]));
          }
          assert.ok(moved > 0.1, `the weights moved (${moved})`);
        });
      } finally {
        delete process.env.FERROLOOP_FUSED_DENSE;
      }
    });
  }

  it('leaks no tensors and honours a lowered learning rate', () => {
    const w = tf.variable(tf.tensor1d([1, 2, 3, 4, 5]));
    const optimizer = new FusedAdam(0.1);
    const loss = () => tf.sum(tf.square(w)) as tf.Scalar;
    optimizer.minimize(loss, false, [w]);
    const before = tf.memory().numTensors;
    optimizer.minimize(loss, false, [w]);
    optimizer.minimize(loss, false, [w]);
    assert.equal(tf.memory().numTensors, before);
    const a = w.dataSync()[0];
    optimizer.learningRate = 0;
    optimizer.minimize(loss, false, [w]);
    assert.equal(w.dataSync()[0], a);
    optimizer.dispose();
    w.dispose();
  });
});
