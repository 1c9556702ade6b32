import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { initTfBackend } from '../../../src/models/tf/tf-backend.ts';
import { generateCards } from '../../../src/data/cards.ts';
import { trainFamily } from '../../../src/models/vae/family-train.ts';
import { createFamilyNetwork, decode, disposeFamilyNetwork } from '../../../src/models/vae/family-network.ts';
import { parseFamilyOptions } from '../../../src/models/vae/family-options.ts';
import { enumeratedReconstruction, logLikelihood, marginalKl } from '../../../src/models/vae/family-loss.ts';

const SIZE = 10;
const CARDS = generateCards({ count: 96, size: SIZE, seed: 3 });
const data = { count: CARDS.count, height: SIZE, width: SIZE, images: CARDS.images };
const small = { hidden: [24], decoderHidden: [12, 12], latentDim: 2, classes: 3, epochs: 3, batchSize: 32, seed: 4 };

describe('jvae/jrvae discrete latent', () => {
  before(async () => {
    await initTfBackend();
  });

  it('marginal KL is 0 when the batch spreads evenly over the classes and log K when all sit in one', () => {
    const spread = tf.tensor2d([[9, 0, 0], [0, 9, 0], [0, 0, 9]]);
    const same = tf.tensor2d([[30, 0, 0], [30, 0, 0], [30, 0, 0]]);
    assert.ok(Math.abs(marginalKl(spread).dataSync()[0]) < 1e-3);
    assert.ok(Math.abs(marginalKl(same).dataSync()[0] - Math.log(3)) < 1e-4);
    tf.dispose([spread, same]);
  });

  it('enumeration weighs each class decoding by q(y|x)', () => {
    for (const kind of ['jvae', 'jrvae'] as const) {
      const net = createFamilyNetwork(parseFamilyOptions({ ...small, kind, discrete: 'enumerate' }), SIZE, SIZE);
      const b = 5;
      const [got, want] = tf.tidy(() => {
        const x = tf.tensor2d(CARDS.images.subarray(0, b * SIZE * SIZE), [b, SIZE * SIZE]);
        const z = tf.randomNormal([b, net.layout.gaussian], 0, 1, 'float32', 1) as tf.Tensor2D;
        const q = tf.softmax(tf.randomNormal([b, 3], 0, 1, 'float32', 2)) as tf.Tensor2D;
        const qv = q.arraySync();
        let sum = 0;
        for (let c = 0; c < 3; c++) {
          const ll = logLikelihood(net, x, decode(net, z, tf.oneHot(tf.fill([b], c, 'int32'), 3).toFloat() as tf.Tensor2D)).arraySync();
          ll.forEach((v, i) => (sum -= qv[i][c] * v));
        }
        return [enumeratedReconstruction(net, x, z, q).dataSync()[0], sum / b];
      });
      assert.ok(Math.abs(got - want) < 1e-3 * Math.abs(want), `${kind}: ${got} vs ${want}`);
      disposeFamilyNetwork(net);
    }
  });

  it('trains with enumeration and the balance term to a falling loss, deterministically', async () => {
    const opts = { ...small, kind: 'jvae' as const, discrete: 'enumerate' as const, balance: 10 };
    const a = await trainFamily(data, opts);
    const b = await trainFamily(data, opts);
    assert.ok(a.history[2].loss < a.history[0].loss, a.history.map((e) => e.loss.toFixed(1)).join(' '));
    assert.deepEqual(a.history.map((e) => e.loss), b.history.map((e) => e.loss));
    disposeFamilyNetwork(a.network);
    disposeFamilyNetwork(b.network);
  });

  it('refuses an unknown discrete mode and a negative balance, naming the field', () => {
    assert.throws(() => parseFamilyOptions({ kind: 'jvae', discrete: 'sample' }), /vae\.discrete/);
    assert.throws(() => parseFamilyOptions({ kind: 'jvae', balance: -1 }), /vae\.balance/);
  });
});
