import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initTfBackend } from '../../../src/models/tf/tf-backend.ts';
import { TrajectoryVae } from '../../../src/models/vae/vae.ts';
import { loadVae, saveVae } from '../../../src/models/vae/vae-store.ts';
import { generateTrajectorySet, TRAJECTORY_SAMPLES } from '../../../src/sim/trajectories.ts';
import { matrix } from '../../../src/models/surrogate.ts';
import { FerroloopError, InputError } from '../../../src/errors.ts';
import type { VaeEpochReport } from '../../../src/models/vae/vae-options.ts';

const S = TRAJECTORY_SAMPLES;
const TRAIN = generateTrajectorySet(1500, 1);
const HELD_OUT = generateTrajectorySet(300, 2);
const curves = (set: typeof TRAIN) => ({ rows: set.count, cols: S, data: set.curves });

/** RMS distance between curve rows i and j of a row-major matrix with S columns. */
function dist(data: ArrayLike<number>, i: number, j: number): number {
  let s = 0;
  for (let k = 0; k < S; k++) s += (data[i * S + k] - data[j * S + k]) ** 2;
  return Math.sqrt(s / S);
}

function variance(data: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < data.length; i++) m += data[i] / data.length;
  let v = 0;
  for (let i = 0; i < data.length; i++) v += (data[i] - m) ** 2 / data.length;
  return v;
}

describe('TrajectoryVae', () => {
  let vae: TrajectoryVae;
  let tensorsBefore = 0;
  const reports: VaeEpochReport[] = [];
  let dir = '';

  before(async () => {
    await initTfBackend({ log: () => {} });
    tensorsBefore = tf.memory().numTensors;
    // 1 500 of the 7 500 curves and 40 epochs keep this file at a few seconds (the bench trains on all 7 500).
    vae = await TrajectoryVae.train(curves(TRAIN), { seed: 0, epochs: 40 }, { onEpoch: (r) => reports.push(r) });
    dir = await mkdtemp(join(tmpdir(), 'ferroloop-vae-'));
  });

  after(async () => {
    vae.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('reports progress every epoch and keeps the best epoch', () => {
    assert.equal(reports.length, vae.history.length);
    assert.deepEqual(reports.map((r) => r.epoch), reports.map((_, i) => i + 1));
    assert.ok(reports.at(-1)!.monitoredMse < reports[0].monitoredMse / 3, 'monitored MSE falls by 3x or more');
  });

  it('reconstructs held-out trajectories: MSE below 10 % of the curves\' variance', () => {
    const err = vae.reconstructionError(curves(HELD_OUT));
    const mse = err.reduce((a, b) => a + b, 0) / err.length;
    const rel = mse / variance(HELD_OUT.curves);
    // Measured: MSE 0.028 (field units², Ec²) against a variance of 0.69, i.e. 4.1 %. A 2-D latent cannot encode
    // the 4 parameters (A, α, ω, B) exactly, so the bound is a factor 2 above the measurement, far below the
    // 100 % of predicting the mean level.
    assert.ok(rel < 0.1, `relative MSE ${rel.toFixed(4)} (MSE ${mse.toFixed(4)})`);
  });

  it('orders trajectories smoothly: grid neighbours decode to close curves, latent neighbours are similar curves', () => {
    const grid = vae.decodeGrid(10, 10);
    let neighbour = 0;
    let count = 0;
    for (let j = 0; j < 10; j++) for (let i = 0; i < 10; i++) {
      if (i < 9) (neighbour += dist(grid.curves.data, j * 10 + i, j * 10 + i + 1)), count++;
      if (j < 9) (neighbour += dist(grid.curves.data, j * 10 + i, (j + 1) * 10 + i)), count++;
    }
    neighbour /= count;
    let random = 0;
    for (let i = 0; i < 100; i++) for (let j = 0; j < i; j++) random += dist(grid.curves.data, i, j) / 4950;
    // Measured: 0.42 vs 2.05. Steps of 1/9 of the latent box should change a decoded curve by much less than the
    // typical difference between two grid curves; 0.35 leaves margin.
    assert.ok(neighbour < 0.35 * random, `neighbour ${neighbour.toFixed(3)} vs random ${random.toFixed(3)}`);

    const z = vae.encode(curves(HELD_OUT));
    let nn = 0;
    let pairs = 0;
    for (let i = 0; i < z.rows; i++) {
      let best = -1;
      let bestD = Infinity;
      for (let j = 0; j < z.rows; j++) {
        const d = j === i ? Infinity : (z.data[2 * i] - z.data[2 * j]) ** 2 + (z.data[2 * i + 1] - z.data[2 * j + 1]) ** 2;
        if (d < bestD) (bestD = d), (best = j);
      }
      nn += dist(HELD_OUT.curves, i, best) / z.rows;
      pairs += dist(HELD_OUT.curves, i, (i + 1) % z.rows) / z.rows;
    }
    // The curve of a held-out trajectory's nearest latent neighbour is far closer than an arbitrary other curve.
    assert.ok(nn < 0.5 * pairs, `latent nearest neighbour ${nn.toFixed(3)} vs arbitrary pair ${pairs.toFixed(3)}`);
  });

  it('decodeGrid orders points x-fastest over the training latent box', () => {
    const g = vae.decodeGrid(3, 2);
    const { x, y } = vae.latentBounds;
    assert.deepEqual(Array.from(g.z.data), [x[0], y[0], (x[0] + x[1]) / 2, y[0], x[1], y[0], x[0], y[1], (x[0] + x[1]) / 2, y[1], x[1], y[1]]);
    assert.deepEqual(Array.from(g.curves.data.subarray(0, S)), Array.from(vae.decode(matrix(1, 2, [x[0], y[0]])).data));
  });

  it('saves to a directory (model.json + weights.bin) and loads an identical model', async () => {
    await saveVae(vae, dir);
    const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
    assert.equal(json.weightsManifest[0].paths[0], 'weights.bin');
    const loaded = await loadVae(dir);
    const probe = { rows: 20, cols: S, data: HELD_OUT.curves.subarray(0, 20 * S) };
    assert.deepEqual(loaded.encode(probe), vae.encode(probe));
    assert.deepEqual(loaded.decodeGrid(4, 4), vae.decodeGrid(4, 4));
    assert.deepEqual(loaded.latentBounds, vae.latentBounds);
    loaded.dispose();
  });

  it('rejects corrupt saved models with MODEL_INVALID and a missing one with FILE_UNREADABLE', async () => {
    const bad = await mkdtemp(join(tmpdir(), 'ferroloop-vae-bad-'));
    try {
      await assert.rejects(loadVae(bad), (e: unknown) => e instanceof FerroloopError && e.code === 'FILE_UNREADABLE');
      await saveVae(vae, bad);
      await writeFile(join(bad, 'weights.bin'), new Uint8Array(12));
      await assert.rejects(loadVae(bad), (e: unknown) => e instanceof FerroloopError && e.code === 'MODEL_INVALID');
      const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
      json.modelTopology.architecture.latentDim = -1;
      await saveVae(vae, bad);
      await writeFile(join(bad, 'model.json'), JSON.stringify(json));
      await assert.rejects(loadVae(bad), /modelTopology\.architecture\.latentDim/);
    } finally {
      await rm(bad, { recursive: true, force: true });
    }
  });

  it('stops early when the monitored MSE stalls and restores the best weights', async () => {
    const small = { rows: 200, cols: S, data: TRAIN.curves.subarray(0, 200 * S) };
    // validationFraction 0 monitors the training curves themselves, so the restored model can be checked here.
    const m = await TrajectoryVae.train(small, { seed: 3, epochs: 400, patience: 3, minDelta: 0.01, validationFraction: 0, batchSize: 64 });
    const h = m.history;
    const best = m.snapshot.bestEpoch;
    assert.ok(h.length < 400 && h.length === best + 3, `stopped at ${h.length}, best ${best}`);
    const err = m.reconstructionError(small);
    const std2 = m.snapshot.scaling.std ** 2;
    const mseStd = err.reduce((a, b) => a + b, 0) / err.length / std2;
    // Same weights, same data: equal up to float32 summation order (~1e-6 relative).
    assert.ok(Math.abs(mseStd - h[best - 1].monitoredMse) < 1e-4 * h[best - 1].monitoredMse, `${mseStd} vs ${h[best - 1].monitoredMse}`);
    m.dispose();
  });

  it('is deterministic for a seed (seed 0 included: tfjs would treat a raw 0 as unseeded)', async () => {
    const small = { rows: 120, cols: S, data: TRAIN.curves.subarray(0, 120 * S) };
    const a = await TrajectoryVae.train(small, { seed: 0, epochs: 3 });
    const b = await TrajectoryVae.train(small, { seed: 0, epochs: 3 });
    assert.deepEqual(b.history.map((r) => r.monitoredMse), a.history.map((r) => r.monitoredMse));
    assert.deepEqual(b.encode(small), a.encode(small));
    a.dispose();
    b.dispose();
  });

  it('validates options by field path and leaks no tensors', async () => {
    await assert.rejects(TrajectoryVae.train(curves(HELD_OUT), { batchSize: 0 }), (e: unknown) => e instanceof InputError && e.path === 'vae.batchSize');
    const extra = await TrajectoryVae.train({ rows: 50, cols: S, data: TRAIN.curves.subarray(0, 50 * S) }, { epochs: 2 });
    extra.dispose();
    assert.throws(() => extra.encode(curves(HELD_OUT)), (e: unknown) => e instanceof FerroloopError && e.code === 'MODEL_INVALID');
    // Only the shared model (trained in before()) still holds tensors: 2 per dense layer, 4 layers.
    assert.equal(tf.memory().numTensors, tensorsBefore + 8);
  });
});
