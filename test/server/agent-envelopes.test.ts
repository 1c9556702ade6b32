import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { agentEventMessage, preparedMessage } from '../../src/server/agent-envelopes.ts';
import type { CampaignConfig } from '../../src/config.ts';
import type { PreparedWorkflow } from '../../src/agents/workflows/prepared-workflow.ts';

describe('agent events on the wire', () => {
  it('documents go to the run topic unchanged', () => {
    const doc = { uid: 's', time: 1 };
    assert.deepEqual(agentEventMessage({ kind: 'document', doc: ['start', doc] }), { topic: 'run', type: 'start', payload: doc });
  });

  it('posterior: Float64Arrays become lists and std = sqrt(variance) (negative round-off clamps to 0)', () => {
    const m = agentEventMessage({ kind: 'status', type: 'model/posterior', payload: { step: 4, mean: Float64Array.of(1, 2, 3), variance: Float64Array.of(4, 0.25, -1e-18), fitMs: 3 } });
    assert.deepEqual(m, { topic: 'model', type: 'model/posterior', payload: { step: 4, mean: [1, 2, 3], std: [2, 0.5, 0] } });
  });

  it('measurements: frames topic, command as {kind, field?}, arrays as lists', () => {
    const measurement = {
      command: { kind: 'pole' as const, field: Float64Array.of(0.5, -0.5), units: 'Ec' as const, dtMs: 1 }, instrument: 'sim', at: 5,
      arrays: { PX: { shape: [1, 2], data: Float64Array.of(1, 2), unit: 'a.u.' } },
    };
    assert.deepEqual(agentEventMessage({ kind: 'status', type: 'instrument/measured', payload: { step: 2, candidate: 7, measurement } }), {
      topic: 'frames', type: 'instrument/measured',
      payload: { step: 2, candidate: 7, instrument: 'sim', command: { kind: 'pole', field: [0.5, -0.5] }, arrays: { PX: { shape: [1, 2], data: [1, 2], unit: 'a.u.' } } },
    });
    const scan = agentEventMessage({ kind: 'status', type: 'instrument/measured', payload: { step: 1, candidate: 0, measurement: { ...measurement, command: { kind: 'scan', channels: ['PX'] } } } });
    assert.deepEqual((scan.payload as { command: unknown }).command, { kind: 'scan' });
  });

  it('state, progress, failures and swaps go to the agent topic', () => {
    const p = { step: 1, attempt: 1, code: 'X', message: 'm', willRetry: true };
    assert.deepEqual(agentEventMessage({ kind: 'status', type: 'instrument/failed', payload: p }), { topic: 'agent', type: 'instrument/failed', payload: p });
    assert.equal(agentEventMessage({ kind: 'status', type: 'agent/state', payload: { state: 'paused', step: 3 } }).topic, 'agent');
  });

  it('campaign/prepared carries the grid, m x 2 coordinates and the ground truth as lists', () => {
    const prepared = {
      grid: { nx: 2, ny: 1, x: [0, 1], y: [0, 0], xLabel: 'z1', yLabel: 'z2' }, coordinates: Float64Array.of(0, 0, 1, 0),
      groundTruth: Float64Array.of(3, 4), info: {}, space: {},
    } as unknown as PreparedWorkflow;
    const config = { name: 'c', workflow: { kind: 'latent-bo' }, agent: { budget: 9 } } as unknown as CampaignConfig;
    assert.deepEqual(preparedMessage(prepared, 'run-1', config), {
      topic: 'agent', type: 'campaign/prepared',
      payload: { runId: 'run-1', name: 'c', workflow: 'latent-bo', budget: 9, grid: prepared.grid, coordinates: [0, 0, 1, 0], groundTruth: [3, 4] },
    });
  });
});
