import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { backendFromEnv, describe as describeBackend, initTfBackend } from '../../../src/agents/models/tf-backend.ts';
import { InputError } from '../../../src/errors.ts';

describe('tf-backend', () => {
  it('falls back from tfjs-node (not installable here) to wasm, logs the choice once, and installs the kernel fixes', async () => {
    const lines: string[] = [];
    const info = await initTfBackend({ log: (l) => lines.push(l) });
    await initTfBackend({ log: (l) => lines.push(l) });
    assert.equal(info.name, 'wasm');
    assert.equal(tf.getBackend(), 'wasm');
    assert.match(info.skipped[0], /^node: /);
    assert.deepEqual([...info.fixes].sort(), ['BatchMatMul', 'Conv2DBackpropFilter', 'Conv2DBackpropInput', '_FusedMatMul']);
    assert.equal(lines.length, 1);
    assert.match(lines[0], /tfjs backend: wasm/);
    assert.equal(describeBackend(info), lines[0]);
  });

  it('reads FERROLOOP_TF_BACKEND and rejects unknown values naming the variable', () => {
    assert.equal(backendFromEnv({ FERROLOOP_TF_BACKEND: 'WASM' }), 'wasm');
    assert.equal(backendFromEnv({ FERROLOOP_TF_BACKEND: 'cpu' }), 'cpu');
    assert.equal(backendFromEnv({}), undefined);
    assert.throws(() => backendFromEnv({ FERROLOOP_TF_BACKEND: 'gpu' }), (e: unknown) => e instanceof InputError && e.path === 'FERROLOOP_TF_BACKEND');
  });
});
