import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { backendFromEnv, describe as describeBackend, initTfBackend } from '../../../src/models/tf/tf-backend.ts';
import { InputError } from '../../../src/errors.ts';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { repoRoot } from '../../helpers/repo-paths.ts';

/** Runs initTfBackend in a fresh Node process with `env` and returns the info it reports. */
async function backendInChild(env: Record<string, string>): Promise<{ name: string; fixes: string[] }> {
  const script = "import { initTfBackend } from './src/models/tf/tf-backend.ts';" +
    'const i = await initTfBackend({ log: () => {} }); console.log(JSON.stringify({ name: i.name, fixes: i.fixes }));';
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!);
}

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
    // One quiet line: the backend, SIMD, and that tfjs-node is absent — no stack or "Cannot find package" text.
    assert.equal(lines[0], '[ferroloop] tfjs backend: wasm (SIMD; tfjs-node not installed)');
    assert.equal(describeBackend(info), lines[0]);
  });

  it('is selectable with FERROLOOP_TF_BACKEND (cpu: no wasm fixes)', async () => {
    assert.deepEqual(await backendInChild({ FERROLOOP_TF_BACKEND: 'cpu' }), { name: 'cpu', fixes: [] });
  });

  it('reads FERROLOOP_TF_BACKEND and rejects unknown values naming the variable', () => {
    assert.equal(backendFromEnv({ FERROLOOP_TF_BACKEND: 'WASM' }), 'wasm');
    assert.equal(backendFromEnv({ FERROLOOP_TF_BACKEND: 'cpu' }), 'cpu');
    assert.equal(backendFromEnv({}), undefined);
    assert.throws(() => backendFromEnv({ FERROLOOP_TF_BACKEND: 'gpu' }), (e: unknown) => e instanceof InputError && e.path === 'FERROLOOP_TF_BACKEND');
  });
});
