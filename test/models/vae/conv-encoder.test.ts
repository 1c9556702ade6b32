import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initTfBackend } from '../../../src/models/tf/tf-backend.ts';
import { generateCards } from '../../../src/data/cards.ts';
import { convOutputSize, convStageForward, createConvStages } from '../../../src/models/vae/conv-encoder.ts';
import { trainFamily } from '../../../src/models/vae/family-train.ts';
import { decodeLatents, encodeImages } from '../../../src/models/vae/family-infer.ts';
import { createFamilyNetwork, disposeFamilyNetwork, familyVariables } from '../../../src/models/vae/family-network.ts';
import { parseFamilyOptions } from '../../../src/models/vae/family-options.ts';
import { loadFamily, saveFamily } from '../../../src/models/vae/family-store.ts';
import { Rng } from '../../../src/sim/rng.ts';

/** Direct 'same' zero-padded convolution + ReLU + 2× average pooling of one stage, in float64 (the reference). */
function referenceStage(x: Float32Array, h: number, w: number, cin: number, kernel: Float32Array, bias: Float32Array, kh: number, kw: number, cout: number): Float64Array {
  const conv = new Float64Array(h * w * cout);
  for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) for (let o = 0; o < cout; o++) {
    let s = bias[o];
    for (let dy = 0; dy < kh; dy++) for (let dx = 0; dx < kw; dx++) for (let c = 0; c < cin; c++) {
      const y = i + dy - (kh - 1) / 2;
      const xx = j + dx - (kw - 1) / 2;
      if (y < 0 || y >= h || xx < 0 || xx >= w) continue;
      s += x[(y * w + xx) * cin + c] * kernel[((dy * kw + dx) * cin + c) * cout + o];
    }
    conv[(i * w + j) * cout + o] = Math.max(0, s);
  }
  const h2 = h > 1 ? Math.floor(h / 2) : 1;
  const w2 = w > 1 ? Math.floor(w / 2) : 1;
  const sy = h > 1 ? 2 : 1;
  const sx = w > 1 ? 2 : 1;
  const out = new Float64Array(h2 * w2 * cout);
  for (let i = 0; i < h2; i++) for (let j = 0; j < w2; j++) for (let o = 0; o < cout; o++) {
    let s = 0;
    for (let a = 0; a < sy; a++) for (let b = 0; b < sx; b++) s += conv[((i * sy + a) * w + j * sx + b) * cout + o];
    out[(i * w2 + j) * cout + o] = s / (sy * sx);
  }
  return out;
}

describe('conv encoder', () => {
  let dir: string;
  before(async () => {
    await initTfBackend();
    dir = await mkdtemp(join(tmpdir(), 'ferroloop-conv-'));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('matches a direct convolution, ReLU and average pooling (odd sizes cropped, 1-D spectra pooled along L only)', () => {
    const rng = new Rng(3);
    for (const [h, w, cin, cout] of [[7, 6, 2, 3], [1, 11, 1, 4], [4, 4, 3, 2]] as const) {
      const [stage] = createConvStages('t', h, [cout], 9);
      // A stage built for cin > 1 is made by hand: a stage's first layer always takes one channel.
      const kernel = Float32Array.from({ length: stage.kh * stage.kw * cin * cout }, () => rng.uniform() - 0.5);
      const bias = Float32Array.from({ length: cout }, () => rng.uniform() - 0.5);
      const x = Float32Array.from({ length: h * w * cin }, () => rng.uniform() - 0.3);
      const s = { ...stage, inChannels: cin, kernel: tf.variable(tf.tensor2d(kernel, [stage.kh * stage.kw * cin, cout])), bias: tf.variable(tf.tensor1d(bias)) };
      const y = tf.tidy(() => convStageForward(tf.tensor4d(x, [1, h, w, cin]), s));
      const got = y.dataSync();
      const want = referenceStage(x, h, w, cin, kernel, bias, stage.kh, stage.kw, cout);
      assert.equal(got.length, want.length, `${h}×${w}`);
      // float32 sums of ≤ 27 products of O(1) terms: 1e-5 absolute is ~100 float32 ulps of the largest value.
      for (let i = 0; i < want.length; i++) assert.ok(Math.abs(got[i] - want[i]) < 1e-5, `${h}×${w} [${i}] ${got[i]} vs ${want[i]}`);
      tf.dispose([y, s.kernel, s.bias, stage.kernel, stage.bias]);
    }
    assert.equal(convOutputSize(48, 48, [16, 32]), 12 * 12 * 32);
    assert.equal(convOutputSize(1, 100, [8, 8, 8]), 12 * 8);
  });

  it('a conv rVAE on cards trains (loss falls), every conv variable gets a gradient, and reloads bit-identically', async () => {
    const cards = generateCards({ count: 96, size: 12, seed: 4 });
    const data = { count: cards.count, height: 12, width: 12, images: cards.images };
    const options = { kind: 'rvae' as const, encoder: 'conv' as const, convChannels: [4, 8], hidden: [32], decoderHidden: [16], epochs: 3, batchSize: 32, seed: 1 };
    const before = createFamilyNetwork(parseFamilyOptions(options), 12, 12);
    const t = await trainFamily(data, options);
    assert.ok(t.history[2].loss < t.history[0].loss, t.history.map((e) => e.loss.toFixed(2)).join(' '));
    const names = familyVariables(t.network).map((v) => v.name);
    assert.ok(names.includes('encoder/conv/0/kernel') && names.includes('encoder/conv/1/bias'), names.join(','));
    // Training moved each conv variable away from its (seeded, identical) initial value.
    const initial = new Map(familyVariables(before).map((v) => [v.name, v.variable.dataSync()]));
    for (const v of familyVariables(t.network).filter((n) => n.name.includes('/conv/'))) {
      const a = v.variable.dataSync();
      const b = initial.get(v.name)!;
      assert.ok(a.some((x, i) => x !== b[i]), `${v.name} never changed`);
    }
    disposeFamilyNetwork(before);
    await saveFamily(t, join(dir, 'conv'));
    const back = await loadFamily(join(dir, 'conv'));
    assert.deepEqual(encodeImages(back.network, back.scaling, cards.images, cards.count).mu, encodeImages(t.network, t.scaling, cards.images, cards.count).mu);
    disposeFamilyNetwork(back.network);
    disposeFamilyNetwork(t.network);
  });

  it('a VAE on 1-D spectra (N × L as 1 × L images), MLP and conv, reconstructs better than the mean spectrum', async () => {
    // Seeded Lorentzian peaks: position and width vary, the two factors a 2-D latent should capture.
    const rng = new Rng(11);
    const count = 256;
    const length = 64;
    const spectra = new Float32Array(count * length);
    for (let n = 0; n < count; n++) {
      const centre = 16 + 32 * rng.uniform();
      const width = 2 + 4 * rng.uniform();
      for (let i = 0; i < length; i++) spectra[n * length + i] = 1 / (1 + ((i - centre) / width) ** 2);
    }
    const meanSpectrum = new Float64Array(length);
    for (let n = 0; n < count; n++) for (let i = 0; i < length; i++) meanSpectrum[i] += spectra[n * length + i] / count;
    let baseline = 0;
    for (let n = 0; n < count; n++) for (let i = 0; i < length; i++) baseline += (spectra[n * length + i] - meanSpectrum[i]) ** 2;
    baseline /= count * length;
    for (const encoder of ['mlp', 'conv'] as const) {
      const t = await trainFamily({ count, height: 1, width: length, images: spectra },
        { kind: 'vae', encoder, convChannels: [8, 8], likelihood: 'gaussian', decoderSigma: 0.1, hidden: [64], decoderHidden: [64], epochs: 40, batchSize: 32, learningRate: 3e-3, seed: 0 });
      const enc = encodeImages(t.network, t.scaling, spectra, count);
      const rec = decodeLatents(t.network, enc.mu, count); // model units: (v − offset) · gain
      let mse = 0;
      for (let q = 0; q < count * length; q++) mse += (rec[q] / t.scaling.gain + t.scaling.offset - spectra[q]) ** 2;
      mse /= count * length;
      // A 2-D latent of a 2-factor family must beat the mean spectrum clearly; half its error is a loose bar.
      assert.ok(mse < 0.5 * baseline, `${encoder}: reconstruction MSE ${mse.toExponential(2)} vs mean-spectrum ${baseline.toExponential(2)}`);
      disposeFamilyNetwork(t.network);
    }
  });
});
