import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NEVER, lastValueFrom, of, throwError, toArray } from 'rxjs';
import { upperConfidenceBound } from '../../src/agents/acquisition/upper-confidence-bound.ts';
import { runAgent } from '../../src/agents/agent.ts';
import type { AgentConfig, AgentDeps, AgentEvent } from '../../src/agents/agent-types.ts';
import { resumeFromDocuments } from '../../src/agents/run-documents.ts';
import type { Descriptor, EventDoc, NamedDocument, RunStop } from '../../src/events/documents.ts';
import { counterClock, fakeSurrogate, lineSpace, measurementOf, scriptedInstrument } from '../helpers/agent-fakes.ts';

const f = (x: number): number => -((x - 6) ** 2);
const CFG: AgentConfig = {
  budget: 5, initialPoints: 2, seed: 1, direction: 'maximize', posteriorEvery: 0, metadata: { workflow: 'test' },
  retry: { maxAttempts: 1, backoffMs: 0, fatalCodes: ['INSTRUMENT_LIMIT'] },
};
const space = lineSpace(10);
const surrogate = () => fakeSurrogate((X) => ({ mean: X.map(f), variance: X.map(() => 1) }));

/** Runs an agent to completion and returns its documents. */
async function documents(deps: Omit<AgentDeps, 'clock' | 'acquisition' | 'space'>, cfg = CFG): Promise<NamedDocument[]> {
  const events: AgentEvent[] = await lastValueFrom(runAgent(NEVER, { acquisition: upperConfidenceBound({ kappa: 0 }), space, clock: counterClock(), ...deps }, cfg).pipe(toArray()));
  return events.flatMap((e) => (e.kind === 'document' ? [e.doc] : []));
}

/** Events per stream name, as stop.num_events should count them. */
function counts(docs: readonly NamedDocument[]): Record<string, number> {
  const names = new Map(docs.filter((d) => d[0] === 'descriptor').map((d) => [(d[1] as Descriptor).uid, (d[1] as Descriptor).name!]));
  const out: Record<string, number> = {};
  for (const d of docs) if (d[0] === 'event') out[names.get((d[1] as EventDoc).descriptor)!] = (out[names.get((d[1] as EventDoc).descriptor)!] ?? 0) + 1;
  return out;
}

describe('agent document counts', () => {
  it('stop.num_events counts the model event of a step whose measurement then fails fatally', async () => {
    const inst = scriptedInstrument('hv', (cmd, call) => call >= 2
      ? throwError(() => Object.assign(new Error('over the limit'), { code: 'INSTRUMENT_LIMIT' }))
      : of(measurementOf(cmd, 1, 'hv')));
    const docs = await documents({ instrument: inst.port, surrogate: surrogate() });
    const stop = docs.at(-1)![1] as RunStop;
    assert.equal(stop.exit_status, 'fail');
    assert.deepEqual(counts(docs), { primary: 2, model: 1 });
    assert.deepEqual(stop.num_events, { primary: 2, model: 1 });
  });

  it('a run cut after a model event measures the logged proposal and writes no second model event for that step', async () => {
    const full = await documents({ instrument: scriptedInstrument('sim', (cmd) => of(measurementOf(cmd, f((cmd as { field: Float64Array }).field[0]), 'sim'))).port, surrogate: surrogate() });
    const cut = full.findIndex((d) => d[0] === 'event' && (d[1] as EventDoc).descriptor === 'u3' && (d[1] as EventDoc).seq_num === 2);
    const resumed = resumeFromDocuments(full.slice(0, cut + 1), space);
    const pending = (full[cut][1] as EventDoc).data.candidate as number;
    assert.deepEqual(resumed.pendingCandidates, [pending]);
    const inst = scriptedInstrument('sim', (cmd) => of(measurementOf(cmd, f((cmd as { field: Float64Array }).field[0]), 'sim')));
    const fits = surrogate();
    const rest = await documents({ instrument: inst.port, surrogate: fits, resume: resumed });
    const all = [...full.slice(0, cut + 1), ...rest];
    const modelSteps = all.filter((d) => d[0] === 'event' && (d[1] as EventDoc).descriptor === 'u3').map((d) => (d[1] as EventDoc).data.step);
    assert.deepEqual(modelSteps, [2, 3, 4]);
    assert.equal((inst.calls[0] as { field: Float64Array }).field[0], pending);
    assert.deepEqual((all.at(-1)![1] as RunStop).num_events, counts(all));
    assert.deepEqual(all.map((d) => d[0]), full.map((d) => d[0]));
  });

  it('a run cut right after its start document gets its descriptors on resume', async () => {
    const mk = () => scriptedInstrument('sim', (cmd) => of(measurementOf(cmd, 1, 'sim'))).port;
    const full = await documents({ instrument: mk(), surrogate: surrogate() });
    const resumed = resumeFromDocuments(full.slice(0, 1), space);
    const rest = await documents({ instrument: mk(), surrogate: surrogate(), resume: resumed });
    assert.deepEqual([...full.slice(0, 1), ...rest].map((d) => d[0]), full.map((d) => d[0]));
    assert.deepEqual(rest.slice(0, 2).map((d) => (d[1] as Descriptor).name), ['primary', 'model']);
  });
});
