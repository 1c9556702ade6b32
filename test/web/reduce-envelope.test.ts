import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type DashboardState, LOG_LIMIT, initialState } from '../../web/dashboard-state.ts';
import type { Envelope } from '../../web/protocol.ts';
import { reduceEnvelope } from '../../web/reduce-envelope.ts';
import { EnvelopeBuilder, MODEL, PREPARED, PRIMARY, START, primaryEvent } from './envelope-fixtures.ts';

const reduceAll = (envs: readonly Envelope[], from: DashboardState = initialState): DashboardState => envs.reduce(reduceEnvelope, from);

/** prepared, start, two descriptors, then three measurements (primary) and one proposal (model). */
function campaignEnvelopes(b = new EnvelopeBuilder()): Envelope[] {
  return [
    b.next('agent', 'campaign/prepared', PREPARED),
    b.next('run', 'start', START),
    b.next('run', 'descriptor', PRIMARY),
    b.next('run', 'descriptor', MODEL),
    b.next('run', 'event', primaryEvent(0, 4, 2.5)),
    b.next('run', 'event', { ...primaryEvent(1, 5, 0), descriptor: 'd-model' }),
    b.next('run', 'event', primaryEvent(1, 1, 1.5)),
    b.next('run', 'event', primaryEvent(2, 2, 3)),
  ];
}

describe('reduceEnvelope: campaign and run documents', () => {
  it('builds the grid, ground truth (null → NaN) and the primary points, skipping model-stream events', () => {
    const s = reduceAll(campaignEnvelopes());
    assert.equal(s.lastSeq, 8);
    assert.deepEqual(s.grid?.x, [-1, 1]);
    assert.equal(s.coordinates?.length, 12);
    assert.ok(Number.isNaN(s.groundTruth![5]));
    assert.deepEqual(s.points.map((p) => p.candidate), [4, 1, 2]);
    assert.equal(s.run?.direction, 'minimize');
    assert.equal(s.run?.runId, 'latent-bo-1');
    assert.equal(s.run?.budget, 10);
    assert.equal(s.fieldUnits, 'Ec', 'field units come from the primary descriptor');
  });

  it('keeps the candidates the instrument\'s limits exclude (greyed on the maps) and says how many', () => {
    const b = new EnvelopeBuilder();
    const s = reduceAll([b.next('agent', 'campaign/prepared', { ...PREPARED, candidates: 6, infeasible: [2, 5] })]);
    assert.deepEqual(s.infeasible, [2, 5]);
    assert.match(s.log.at(-1)!.text, /2 of 6 candidates break the instrument's limits \(grey\)$/);
    assert.deepEqual(reduceAll(campaignEnvelopes()).infeasible, [], 'none listed: none excluded');
  });

  it('ignores envelopes with seq ≤ the last seen (returns the same object) and applies the rest once', () => {
    const envs = campaignEnvelopes();
    const s = reduceAll(envs);
    const again = reduceAll(envs.slice(3), s);
    assert.equal(again, s);
    assert.equal(again.points.length, 3);
  });

  it('a start document of another run clears the previous campaign', () => {
    const b = new EnvelopeBuilder();
    const s = reduceAll(campaignEnvelopes(b));
    const next = reduceEnvelope(s, b.next('run', 'start', { ...START, uid: 'u2', run_id: 'latent-bo-2' }));
    assert.equal(next.points.length, 0);
    assert.equal(next.grid, null);
    assert.equal(next.run?.runId, 'latent-bo-2');
    assert.ok(next.log.length > s.log.length, 'the log survives the reset');
  });

  it('the stop document records the exit status', () => {
    const b = new EnvelopeBuilder();
    const s = reduceAll([...campaignEnvelopes(b), b.next('run', 'stop', { uid: 's', time: 3, run_start: 'start-uid', exit_status: 'success', reason: 'budget reached' })]);
    assert.equal(s.run?.exitStatus, 'success');
    assert.match(s.log.at(-1)!.text, /budget reached/);
  });
});

describe('reduceEnvelope: status, frames and control', () => {
  it('tracks agent state, progress, posterior, swaps and failures', () => {
    const b = new EnvelopeBuilder();
    const s = reduceAll([
      b.next('agent', 'agent/state', { state: 'running', step: 0 }),
      b.next('agent', 'agent/progress', { step: 3, budget: 10, candidate: 2, y: 1, instrument: 'ferrosim', best: 1, bestCandidate: 2 }),
      b.next('model', 'model/posterior', { step: 3, mean: [1, 2, null], std: [0.1, 0.2, 0.3] }),
      b.next('agent', 'instrument/failed', { step: 4, attempt: 1, code: 'TIMEOUT', message: 'no answer', willRetry: true }),
      b.next('agent', 'instrument/swapped', { step: 4, from: 'ferrosim', to: 'rig' }),
      b.next('agent', 'agent/state', { state: 'paused', step: 4 }),
    ]);
    assert.equal(s.agent?.state, 'paused');
    assert.equal(s.progress?.step, 3);
    assert.ok(Number.isNaN(s.posterior!.mean[2]));
    assert.equal(s.swaps, 1);
    assert.equal(s.failures, 1);
    assert.equal(s.instrument, 'rig');
    assert.deepEqual(s.log.map((e) => e.level), ['info', 'warn', 'info', 'info']);
  });

  it('reads the field trajectory and the PX/PY map of a measurement', () => {
    const b = new EnvelopeBuilder();
    const s = reduceEnvelope(initialState, b.next('frames', 'instrument/measured', {
      step: 7, candidate: 3, instrument: 'ferrosim', command: { kind: 'pole', field: [0, 0.5, -1], units: 'Ec' },
      arrays: { PX: { shape: [2, 3], data: [1, 0, -1, 0, 1, 0], unit: 'a.u.' }, PY: { shape: [2, 3], data: [0, 1, 0, -1, 0, 1], unit: 'a.u.' } },
    }));
    assert.deepEqual(Array.from(s.field!.values), [0, 0.5, -1]);
    assert.equal(s.field!.units, 'Ec');
    assert.equal(s.polarization!.nx, 3);
    assert.equal(s.polarization!.ny, 2);
    assert.equal(s.polarization!.step, 7);
  });

  it('reads a spectroscopy loop (3 x M: bias, on, off) and keeps the last field trajectory', () => {
    const b = new EnvelopeBuilder();
    const withField = reduceEnvelope(initialState, b.next('frames', 'instrument/measured', {
      step: 1, candidate: 0, instrument: 'x', command: { kind: 'pole', field: [1, 2] }, arrays: {},
    }));
    const s = reduceEnvelope(withField, b.next('frames', 'instrument/measured', {
      step: 2, candidate: 5, instrument: 'ferrosim-twin', command: { kind: 'spectroscopy' },
      arrays: { loop: { shape: [3, 2], data: [-1, 1, 0.1, 0.2, 0.3, null], unit: 'V | a.u. | a.u.' } },
    }));
    assert.deepEqual(Array.from(s.loop!.bias), [-1, 1]);
    assert.deepEqual(Array.from(s.loop!.on), [0.1, 0.2]);
    assert.equal(s.loop!.off[0], 0.3);
    assert.ok(Number.isNaN(s.loop!.off[1]));
    assert.equal(s.loop!.step, 2);
    assert.equal(s.field, withField.field);
    const bad = reduceEnvelope(s, b.next('frames', 'instrument/measured', {
      step: 3, candidate: 1, instrument: 'x', command: { kind: 'spectroscopy' }, arrays: { loop: { shape: [2, 2], data: [1, 2, 3, 4], unit: '' } },
    }));
    assert.equal(bad.loop, s.loop, 'a loop that is not 3 x M is ignored');
  });

  it('a measurement whose PX and PY shapes disagree keeps the previous map', () => {
    const b = new EnvelopeBuilder();
    const s = reduceEnvelope(initialState, b.next('frames', 'instrument/measured', {
      step: 1, candidate: 0, instrument: 'x', command: { kind: 'scan' },
      arrays: { PX: { shape: [1, 2], data: [1, 2], unit: '' }, PY: { shape: [2, 1], data: [1, 2], unit: '' } },
    }));
    assert.equal(s.polarization, null);
    assert.equal(s.field, null);
  });

  it('acks and errors become the control reply and log lines', () => {
    const b = new EnvelopeBuilder();
    const acked = reduceEnvelope(initialState, b.next('control', 'control/ack', { id: 'c1', request: { type: 'pause' } }));
    assert.deepEqual(acked.reply, { ok: true, text: 'pause acknowledged (c1)' });
    const refused = reduceEnvelope(acked, b.next('control', 'error', { id: 'c2', code: 'UNAUTHORIZED', message: 'token required' }));
    assert.equal(refused.reply?.ok, false);
    assert.match(refused.reply!.text, /^UNAUTHORIZED: token required/);
    assert.equal(refused.log.at(-1)?.level, 'error');
    const subscribed = reduceEnvelope(refused, b.next('control', 'control/ack', { request: { type: 'subscribe', topics: ['run'] } }));
    assert.equal(subscribed.reply, refused.reply, 'a subscription ack is logged but is not a control reply');
    assert.equal(subscribed.log.at(-1)?.text, 'subscribe acknowledged');
  });

  it('a malformed payload is logged with its field path and changes nothing else', () => {
    const b = new EnvelopeBuilder();
    const s = reduceEnvelope(initialState, b.next('agent', 'agent/state', { state: 'dancing', step: 1 }));
    assert.equal(s.agent, null);
    assert.equal(s.lastSeq, 1);
    assert.match(s.log[0].text, /bad agent\/state payload: state:/);
  });

  it('keeps at most LOG_LIMIT log entries, the newest ones', () => {
    const b = new EnvelopeBuilder();
    let s = initialState;
    for (let i = 0; i < LOG_LIMIT + 20; i++) s = reduceEnvelope(s, b.next('agent', 'mystery/type', {}));
    assert.equal(s.log.length, LOG_LIMIT);
    assert.equal(s.log.at(-1)!.seq, LOG_LIMIT + 20);
    assert.equal(s.log[0].seq, 21);
  });
});
