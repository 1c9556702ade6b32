import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NEVER, lastValueFrom, of, throwError, toArray } from 'rxjs';
import { upperConfidenceBound } from '../../src/agents/acquisition/upper-confidence-bound.ts';
import { runAgent } from '../../src/agents/agent.ts';
import type { AgentConfig, AgentEvent } from '../../src/agents/agent-types.ts';
import { InterlockError, SampleActionError, TransportError } from '../../src/drivers/errors.ts';
import type { NamedDocument } from '../../src/events/documents.ts';
import { checkRunConsistency, eventModelValidator } from '../helpers/event-model-validator.ts';
import { counterClock, fakeSurrogate, lineSpace, measurementOf, scriptedInstrument } from '../helpers/agent-fakes.ts';

// A retry policy that would retry anything three times: the safety rule must win over it.
const CFG: AgentConfig = {
  budget: 5, initialPoints: 2, seed: 1, direction: 'maximize', posteriorEvery: 0, metadata: { workflow: 'test' },
  retry: { maxAttempts: 3, backoffMs: 0, fatalCodes: [] },
};

const ACTION = { instrument: 'poling', command: '*TRG', sent: 'burst of 950 points at 1000 Sa/s' };

/** Runs the agent to its end with an instrument failing call `failAt` with `err`; returns the documents, statuses and call count. */
async function run(failAt: number, err: () => Error) {
  const inst = scriptedInstrument('rig', (cmd, call) => (call === failAt ? throwError(err) : of(measurementOf(cmd, 1, 'rig'))));
  const events: AgentEvent[] = await lastValueFrom(runAgent(NEVER, {
    instrument: inst.port, surrogate: fakeSurrogate((X) => ({ mean: X, variance: X.map(() => 1) })),
    acquisition: upperConfidenceBound({ kappa: 0 }), space: lineSpace(10), clock: counterClock(),
  }, CFG).pipe(toArray()));
  const docs = events.flatMap((e) => (e.kind === 'document' ? [e.doc] : [])) as NamedDocument[];
  const failures = events.flatMap((e) => (e.kind === 'status' && e.type === 'instrument/failed' ? [e.payload] : []));
  return { docs, failures, calls: inst.calls.length };
}

function stream(docs: readonly NamedDocument[], name: string): Record<string, unknown>[] {
  const uid = docs.find(([n, d]) => n === 'descriptor' && (d as { name: string }).name === name)?.[1].uid;
  return docs.filter(([n, d]) => n === 'event' && (d as { descriptor: string }).descriptor === uid).map(([, d]) => (d as { data: Record<string, unknown> }).data);
}

describe('agent: a sample action is never repeated unasked', () => {
  it('an unconfirmed trigger is recorded in failed_actions and stops the run with exit_status fail, without a retry', async () => {
    const cause = new TransportError('TRANSPORT_TIMEOUT', "poling: no response to '*OPC?' within 2000 ms");
    const { docs, failures, calls } = await run(2, () => new SampleActionError(ACTION, false, cause));
    assert.equal(calls, 3, 'two measurements, then the failed one, and no retry');
    assert.deepEqual(failures.map((f) => [f.code, f.willRetry]), [['SAMPLE_ACTION_UNCONFIRMED', false]]);
    const failed = stream(docs, 'failed_actions');
    assert.equal(failed.length, 1);
    assert.deepEqual({ ...failed[0], error: undefined }, {
      step: 2, candidate: failed[0].candidate, instrument: 'rig', command: '*TRG', sent: ACTION.sent, completed: false,
      error_code: 'SAMPLE_ACTION_UNCONFIRMED', error: undefined,
    });
    assert.match(failed[0].error as string, /'\*TRG' was sent .* no response to '\*OPC\?'/);
    assert.equal(stream(docs, 'primary').length, 2);
    const stop = docs.at(-1)!;
    assert.equal(stop[0], 'stop');
    assert.equal((stop[1] as { exit_status: string }).exit_status, 'fail');
    // num_events equals the documents of each stream (the failed step's proposal wrote its model event).
    assert.deepEqual((stop[1] as { num_events: unknown }).num_events, { primary: 2, model: stream(docs, 'model').length, failed_actions: 1 });
    const validate = eventModelValidator();
    for (const d of docs) assert.deepEqual(validate(d), []);
    assert.deepEqual(checkRunConsistency(docs), []);
  });

  it('an interlock refusal of a sent trigger is fatal (not retried three times) and recorded', async () => {
    const { docs, failures, calls } = await run(0, () => new InterlockError('poling: the controller refused the trigger, HV interlock open', ACTION));
    assert.equal(calls, 1);
    assert.deepEqual(failures.map((f) => [f.code, f.willRetry]), [['INSTRUMENT_INTERLOCK', false]]);
    assert.equal(stream(docs, 'failed_actions').length, 1);
  });

  it('an interlock found open before anything was sent is fatal and records no action', async () => {
    const { docs, calls } = await run(0, () => new InterlockError('poling: HV interlock open before the upload, poling refused'));
    assert.equal(calls, 1);
    assert.equal(docs.filter(([n, d]) => n === 'descriptor' && (d as { name: string }).name === 'failed_actions').length, 0);
    assert.equal((docs.at(-1)![1] as { exit_status: string }).exit_status, 'fail');
  });

  it('a failure before the sample was touched is still retried by policy', async () => {
    const { docs, failures, calls } = await run(1, () => new TransportError('TRANSPORT_TIMEOUT', "poling: no response to 'SYST:ERR?'"));
    assert.deepEqual(failures.map((f) => f.willRetry), [true]);
    assert.equal(calls, 6);
    assert.equal(stream(docs, 'primary').length, 5);
    assert.equal((docs.at(-1)![1] as { exit_status: string }).exit_status, 'success');
  });
});
