import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { initTfBackend } from '../../../src/models/tf/tf-backend.ts';
import { renderGlyph } from '../../../src/data/cards.ts';
import { consistencyAngles, CONSISTENCY_RANGE, rotateImages } from '../../../src/models/vae/family-rotate.ts';
import { createFamilyNetwork, disposeFamilyNetwork } from '../../../src/models/vae/family-network.ts';
import { parseFamilyOptions } from '../../../src/models/vae/family-options.ts';
import { decodeLatents } from '../../../src/models/vae/family-infer.ts';
import { angleConsistency } from '../../../src/models/vae/family-loss.ts';

const SIZE = 12;

test("rotating the spatial decoder's image by δ equals decoding at angle + δ (the consistency term's sign)", async () => {
  await initTfBackend();
  const net = createFamilyNetwork(parseFamilyOptions({ kind: 'rvae', hidden: [8], decoderHidden: [16, 16], seed: 3 }), SIZE, SIZE);
  const at = (angle: number) => decodeLatents(net, Float32Array.from([angle, 0, 0, 0.7, -0.4]), 1);
  // A quarter turn maps pixel centres onto pixel centres: exact up to float error.
  const quarter = rotateImages(at(0.3), 1, SIZE, SIZE, [Math.PI / 2]);
  const target = at(0.3 + Math.PI / 2);
  for (let i = 1; i < SIZE - 1; i++) for (let j = 1; j < SIZE - 1; j++) assert.ok(Math.abs(quarter[i * SIZE + j] - target[i * SIZE + j]) < 1e-5);
  disposeFamilyNetwork(net);
});

test('rotateImages turns a card counter-clockwise like the cards renderer', () => {
  const size = 32;
  const render = (angle: number) => {
    const out = new Float32Array(size * size);
    renderGlyph(out, size, 0, angle, 0, 0, 0);
    return out;
  };
  const err = (a: Float32Array, b: Float32Array) => a.reduce((s, v, k) => s + (v - b[k]) ** 2, 0) / a.length;
  const turned = rotateImages(render(0.2), 1, size, size, [0.7]);
  // Bilinear resampling blurs the edges a little; the wrong sense is far off.
  assert.ok(err(turned, render(0.9)) < 0.01, `error ${err(turned, render(0.9))}`);
  assert.ok(err(turned, render(-0.5)) > 5 * err(turned, render(0.9)));
  assert.deepEqual(rotateImages(render(0.2), 1, size, size, [0]), render(0.2));
});

test('consistency angles are seeded and within ±π/2; the term is 0 for an angle that turns with the image (mod 2π)', () => {
  const a = consistencyAngles(500, 7);
  assert.deepEqual(a, consistencyAngles(500, 7));
  assert.notDeepEqual(a, consistencyAngles(500, 8));
  assert.ok(a.every((v) => Math.abs(v) <= CONSISTENCY_RANGE) && Math.max(...a) > 1.4 && Math.min(...a) < -1.4);
  const delta = tf.tensor1d([0.5, -1, 1.2]);
  const mu = tf.tensor2d([[0.1, 0, 0], [2, 0, 0], [-1, 0, 0]]);
  const shifted = (d: tf.Tensor1D) => tf.add(mu, tf.concat([tf.reshape(d, [3, 1]), tf.zeros([3, 2])], 1)) as tf.Tensor2D;
  const along = shifted(delta);
  const wrapped = shifted(tf.add(delta, 2 * Math.PI) as tf.Tensor1D);
  const reversed = shifted(tf.add(tf.neg(delta), Math.PI) as tf.Tensor1D);
  // Hand-computed: reversed rows give 1 − cos(π − 2δ) = 1 + cos(2δ).
  const expected = [0.5, -1, 1.2].reduce((s, d) => s + 1 + Math.cos(2 * d), 0) / 3;
  assert.ok(Math.abs(angleConsistency(mu, along, delta).dataSync()[0]) < 1e-6);
  assert.ok(Math.abs(angleConsistency(mu, wrapped, delta).dataSync()[0]) < 1e-5);
  assert.ok(Math.abs(angleConsistency(mu, reversed, delta).dataSync()[0] - expected) < 1e-5);
  tf.dispose([delta, mu, along, wrapped, reversed]);
});
