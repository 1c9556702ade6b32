import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initTfBackend } from '../../../src/models/tf/tf-backend.ts';
import { generateCards } from '../../../src/data/cards.ts';
import { trainFamily, type TrainedFamily } from '../../../src/models/vae/family-train.ts';
import { decodeLatents, encodeImages, normalQuantile, traversalLatents } from '../../../src/models/vae/family-infer.ts';
import { createFamilyNetwork, disposeFamilyNetwork } from '../../../src/models/vae/family-network.ts';
import { parseFamilyOptions, VAE_FAMILY_KINDS, type VaeFamilyKind } from '../../../src/models/vae/family-options.ts';
import { loadFamily, saveFamily } from '../../../src/models/vae/family-store.ts';
import { capacityAt } from '../../../src/models/vae/family-loss.ts';
import { InputError } from '../../../src/errors.ts';

const SIZE = 12;
const CARDS = generateCards({ count: 160, size: SIZE, seed: 5 });
/** ssvae sees 40 labels; −1 marks the rest as unlabelled. */
const semiLabels = Int32Array.from(CARDS.labels, (l, i) => (i < 40 ? l : -1));
const data = (kind: VaeFamilyKind) => ({
  count: CARDS.count,
  height: SIZE,
  width: SIZE,
  images: CARDS.images,
  labels: kind === 'ssvae' ? semiLabels : kind === 'cvae' ? CARDS.labels : undefined,
});
/** Small networks and 3 epochs: these tests check the mechanics (shapes, determinism, persistence), not quality. */
const small = { hidden: [32], decoderHidden: [16, 16], latentDim: 2, classes: 4, epochs: 3, batchSize: 32, seed: 2 };

describe('VAE family', () => {
  const trained = new Map<VaeFamilyKind, TrainedFamily>();
  let dir: string;
  before(async () => {
    await initTfBackend();
    dir = await mkdtemp(join(tmpdir(), 'ferroloop-family-'));
    for (const kind of VAE_FAMILY_KINDS) trained.set(kind, await trainFamily(data(kind), { ...small, kind }));
  });
  after(async () => {
    for (const t of trained.values()) disposeFamilyNetwork(t.network);
    await rm(dir, { recursive: true, force: true });
  });

  it('every kind trains to a finite loss that falls, reporting reconstruction and each KL term', () => {
    for (const [kind, t] of trained) {
      assert.equal(t.history.length, 3, kind);
      for (const e of t.history) for (const v of [e.loss, e.reconstruction, e.klContent, e.klAngle, e.klShift, e.klDiscrete]) assert.ok(Number.isFinite(v), kind);
      assert.ok(t.history[2].loss < t.history[0].loss, `${kind}: ${t.history.map((e) => e.loss.toFixed(1))}`);
      const invariant = kind === 'rvae' || kind === 'jrvae';
      assert.equal(t.history[0].klAngle > 0, invariant, `${kind} angle KL`);
      assert.equal(t.history[0].klDiscrete !== 0, kind === 'jvae' || kind === 'jrvae' || kind === 'ssvae', `${kind} discrete KL`);
    }
  });

  it('is deterministic: the same seed gives the same history', async () => {
    const again = await trainFamily(data('jrvae'), { ...small, kind: 'jrvae' });
    assert.deepEqual(again.history.map((e) => e.loss), trained.get('jrvae')!.history.map((e) => e.loss));
    disposeFamilyNetwork(again.network);
  });

  it('encodes angle, shifts, content and class probabilities in the documented layout', () => {
    const rvae = encodeImages(trained.get('rvae')!.network, trained.get('rvae')!.scaling, CARDS.images, CARDS.count);
    assert.equal(rvae.mu.length, CARDS.count * 5); // angle, shift x, shift y, z1, z2
    assert.equal(rvae.probabilities, undefined);
    const j = encodeImages(trained.get('jvae')!.network, trained.get('jvae')!.scaling, CARDS.images, CARDS.count);
    assert.equal(j.mu.length, CARDS.count * 2);
    for (let i = 0; i < CARDS.count; i++) {
      const p = Array.from(j.probabilities!.subarray(i * 4, i * 4 + 4));
      assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-5);
    }
  });

  it('saves and reloads a model that encodes bit-identically', async () => {
    for (const kind of ['rvae', 'ssvae', 'cvae'] as const) {
      const t = trained.get(kind)!;
      await saveFamily(t, join(dir, kind), { data: 'cards' });
      const back = await loadFamily(join(dir, kind));
      const cond = { labels: CARDS.labels };
      const a = encodeImages(t.network, t.scaling, CARDS.images, CARDS.count, cond);
      const b = encodeImages(back.network, back.scaling, CARDS.images, CARDS.count, cond);
      assert.deepEqual(b.mu, a.mu, kind);
      assert.deepEqual(b.probabilities, a.probabilities, kind);
      assert.deepEqual(back.meta, { data: 'cards' });
      disposeFamilyNetwork(back.network);
    }
  });

  it("the spatial decoder's angle latent rotates the rendered image: a quarter turn permutes the pixels", () => {
    const net = createFamilyNetwork(parseFamilyOptions({ kind: 'rvae', hidden: [8], decoderHidden: [16, 16], seed: 3 }), SIZE, SIZE);
    const latent = (angle: number) => Float32Array.from([angle, 0, 0, 0.7, -0.4]);
    const upright = decodeLatents(net, latent(0), 1);
    const turned = decodeLatents(net, latent(Math.PI / 2), 1);
    // (a, b) → (−b, a) on the grid a = linspace(−1, 1) (rows), b = linspace(1, −1) (cols): turned[i][j] = upright[j][H−1−i].
    for (let i = 0; i < SIZE; i++) {
      for (let j = 0; j < SIZE; j++) assert.ok(Math.abs(turned[i * SIZE + j] - upright[j * SIZE + SIZE - 1 - i]) < 1e-5);
    }
    assert.ok(upright.some((v, k) => Math.abs(v - turned[k]) > 1e-3), 'the image is not rotation-symmetric');
    disposeFamilyNetwork(net);
  });

  it('traversals sit at the normal quantiles 0.05…0.95 and decode per class', () => {
    const t = trained.get('jvae')!;
    const z = traversalLatents(t.network, 3, 3);
    assert.ok(Math.abs(z[0] - normalQuantile(0.05)) < 1e-6 && Math.abs(normalQuantile(0.05) + 1.6448536) < 1e-6);
    const k0 = decodeLatents(t.network, z, 9, 0);
    const k1 = decodeLatents(t.network, z, 9, 1);
    assert.equal(k0.length, 9 * SIZE * SIZE);
    assert.ok(k0.every((v) => v >= 0 && v <= 1));
    assert.notDeepEqual(k0, k1);
  });

  it('capacities ramp linearly and the discrete one stops at log K', () => {
    assert.equal(capacityAt([5, 100, 30], 50), 2.5);
    assert.equal(capacityAt([5, 100, 30], 500), 5);
    assert.equal(capacityAt([5, 100, 30], 500, Math.log(4)), Math.log(4));
  });

  it('refuses inconsistent options and data with the field named', async () => {
    assert.throws(() => parseFamilyOptions({ kind: 'vae', scale: true }), /vae\.scale/);
    assert.throws(() => parseFamilyOptions({ kind: 'rvae', invariant: false }), /vae\.invariant/);
    await assert.rejects(trainFamily({ ...data('vae'), labels: undefined }, { ...small, kind: 'cvae' }), InputError);
    await assert.rejects(trainFamily({ ...data('vae'), labels: new Int32Array(CARDS.count).fill(-1) }, { ...small, kind: 'ssvae' }), /labelled/);
  });

  it('leaks no tensors across encode and decode', () => {
    const t = trained.get('ssvae')!;
    const before = tf.memory().numTensors;
    encodeImages(t.network, t.scaling, CARDS.images, CARDS.count);
    decodeLatents(t.network, traversalLatents(t.network, 2, 2), 4, 1);
    assert.equal(tf.memory().numTensors, before);
  });
});
