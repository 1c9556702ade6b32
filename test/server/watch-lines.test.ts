import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Envelope, Topic } from '../../src/server/envelope.ts';
import { watchLine } from '../../src/server/watch-lines.ts';

const env = (topic: Topic, type: string, payload: unknown): Envelope => ({ v: 1, seq: 1, ts: 0, topic, type, payload });

describe('watch lines', () => {
  it('prints campaign, state, progress, posterior, frames, failures, run documents and errors', () => {
    const cases: [Envelope, string, boolean?][] = [
      [env('agent', 'campaign/prepared', { runId: 'r', name: 'n', workflow: 'latent-bo', budget: 9, grid: { nx: 2, ny: 3, xLabel: 'z1', yLabel: 'z2' } }), 'campaign n (latent-bo) run r, budget 9, grid 2×3 (z1, z2)'],
      [env('agent', 'agent/state', { state: 'paused', step: 4 }), 'agent paused at step 4'],
      [env('agent', 'agent/progress', { step: 4, budget: 9, candidate: 3, y: 1.234567, instrument: 'sim', best: 2, bestCandidate: 1 }), 'step 3 (4/9 done)  y=1.2346 at 3  best=2 at 1  [sim]', true],
      [env('model', 'model/posterior', { step: 4, mean: [1, 3, 2], std: [0.5, 0.5, 2] }), 'model at step 4: max mean 3 at 1, mean σ 1 over 3 candidates', true],
      [env('frames', 'instrument/measured', { step: 4, candidate: 3, arrays: { PX: { shape: [20, 20] } } }), 'measured step 4 candidate 3: PX[20×20]', true],
      [env('agent', 'instrument/failed', { step: 2, attempt: 1, code: 'T', message: 'timeout', willRetry: true }), 'instrument failed at step 2 (attempt 1, retrying): T timeout'],
      [env('agent', 'instrument/swapped', { step: 2, from: 'a', to: 'b' }), 'instrument swapped at step 2: a → b'],
      [env('run', 'start', { uid: 'u', run_id: 'r' }), 'run start r'],
      [env('run', 'stop', { exit_status: 'abort', reason: 'client' }), 'run stop: abort (client)'],
      [env('control', 'error', { code: 'UNAUTHORIZED', message: 'no' }), 'server error UNAUTHORIZED: no'],
    ];
    for (const [e, text, progress] of cases) assert.deepEqual(watchLine(e), progress ? { text, progress } : { text });
    assert.equal(watchLine(env('run', 'event', {})), undefined);
  });
});
