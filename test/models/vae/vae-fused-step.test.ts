import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { initTfBackend } from '../../../src/models/tf/tf-backend.ts';
import { createVaeNetwork, disposeVaeNetwork, vaeLoss, vaeVariables } from '../../../src/models/vae/vae-network.ts';
import { FusedAdam } from '../../../src/models/tf/fused-adam.ts';
import { FusedVaeStep } from '../../../src/models/vae/vae-fused-step.ts';
import { Rng } from '../../../src/sim/rng.ts';

describe('fused trajectory-VAE step (one wasm pass: forward, ELBO, backward, Adam)', () => {
  before(async () => {
    await initTfBackend({ prefer: 'wasm', log: () => {} });
  });

  it('follows the tfjs path (fused dense layers + FusedAdam) step for step: losses and weights', () => {
    // Two hidden layers (ELU), a 2-D latent, 37 rows (not a multiple of the 5-row GEMM tile), β and σ ≠ 1.
    const D = 90;
    const B = 37;
    const rng = new Rng(3);
    const rows = Float32Array.from({ length: B * D }, () => rng.normal());
    const eps = Float32Array.from({ length: B * 2 }, () => rng.normal());
    const arch = { inputDim: D, hidden: [16, 12], latentDim: 2, activation: 'elu' as const };
    const reference = createVaeNetwork(arch, 0);
    const fusedNet = createVaeNetwork(arch, 0);
    const optimizer = new FusedAdam(1e-2);
    const fused = FusedVaeStep.create(fusedNet, 64, { learningRate: 1e-2 });
    assert.ok(fused, 'the fused step runs on wasm');
    try {
      for (let s = 0; s < 5; s++) {
        let mse = 0;
        let kl = 0;
        const cost = tf.tidy(() => {
          const x = tf.tensor2d(rows, [B, D]);
          const e = tf.tensor2d(eps, [B, 2]);
          return optimizer.minimize(() => {
            const t = vaeLoss(reference, x, e, 0.7, 0.3);
            mse = t.mse.dataSync()[0];
            kl = t.kl.dataSync()[0];
            return t.loss;
          }, true, vaeVariables(reference).map((v) => v.variable))!;
        });
        const loss = cost.dataSync()[0];
        cost.dispose();
        const [l, m, k] = fused.step(rows, eps, 0.7, 0.3);
        // float32 sums of 3 330 terms in another order: ≤ 1e-6 relative (measured ≤ 1e-6 on the loss ≈ 500–800).
        assert.ok(Math.abs(l - loss) <= 2e-6 * Math.abs(loss), `step ${s}: loss ${l} vs ${loss}`);
        assert.ok(Math.abs(m - mse) <= 2e-6 * mse, `step ${s}: mse ${m} vs ${mse}`);
        assert.ok(Math.abs(k - kl) <= 1e-5 * Math.abs(kl) + 1e-7, `step ${s}: kl ${k} vs ${kl}`);
      }
      fused.syncToVariables();
      // Five Adam steps of lr 0.01 move weights by ~0.05; the paths differ by float32 rounding (measured 3.3e-7).
      const a = vaeVariables(reference);
      const b = vaeVariables(fusedNet);
      a.forEach((v, i) => {
        const p = v.variable.dataSync();
        const q = b[i].variable.dataSync();
        for (let j = 0; j < p.length; j++) assert.ok(Math.abs(p[j] - q[j]) <= 5e-6, `${v.name}[${j}]: ${q[j]} vs ${p[j]}`);
      });
      assert.throws(() => fused.step(rows.subarray(0, 10), eps, 1, 1), RangeError);
    } finally {
      fused?.dispose();
      optimizer.dispose();
      disposeVaeNetwork(reference);
      disposeVaeNetwork(fusedNet);
    }
  });

  it('is not used where the fused kernels are off (FERROLOOP_FUSED_DENSE=0)', () => {
    const net = createVaeNetwork({ inputDim: 10, hidden: [8], latentDim: 2, activation: 'elu' }, 1);
    process.env.FERROLOOP_FUSED_DENSE = '0';
    try {
      assert.equal(FusedVaeStep.create(net, 16, { learningRate: 1e-3 }), null);
    } finally {
      delete process.env.FERROLOOP_FUSED_DENSE;
      disposeVaeNetwork(net);
    }
  });
});
