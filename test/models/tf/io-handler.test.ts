import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initTfBackend } from '../../../src/models/tf/tf-backend.ts';
import { directoryIOHandler } from '../../../src/models/tf/io-handler.ts';

describe('directoryIOHandler', () => {
  before(async () => {
    await initTfBackend({ log: () => {} });
  });

  it('round-trips a tfjs LayersModel through model.save / tf.loadLayersModel (the file:// layout)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ferroloop-io-'));
    try {
      const model = tf.sequential({
        layers: [
          tf.layers.dense({ inputShape: [3], units: 4, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
          tf.layers.dense({ units: 2, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
        ],
      });
      const result = await model.save(directoryIOHandler(dir));
      assert.ok(result.modelArtifactsInfo.weightDataBytes === (3 * 4 + 4 + 4 * 2 + 2) * 4);
      assert.deepEqual((await readdir(dir)).sort(), ['model.json', 'weights.bin']);
      const loaded = await tf.loadLayersModel(directoryIOHandler(dir));
      const x = tf.tensor2d([[0.1, -0.2, 0.3], [1, 2, 3]]);
      const a = model.predict(x) as tf.Tensor;
      const b = loaded.predict(x) as tf.Tensor;
      assert.deepEqual(Array.from(b.dataSync()), Array.from(a.dataSync()));
      tf.dispose([x, a, b]);
      model.dispose();
      loaded.dispose();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
