import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NEVER, Observable, lastValueFrom, of, toArray } from 'rxjs';
import { upperConfidenceBound } from '../../src/agents/acquisition/upper-confidence-bound.ts';
import { runAgent } from '../../src/agents/agent.ts';
import type { AgentConfig, AgentDeps, AgentEvent, InstrumentPort, SurrogatePort } from '../../src/agents/agent-types.ts';
import { resumeFromDocuments } from '../../src/agents/run-documents.ts';
import type { Command, Measurement } from '../../src/drivers/instrument.ts';
import type { Descriptor, EventDoc, NamedDocument, RunStop } from '../../src/events/documents.ts';
import { GpSurrogate } from '../../src/models/gp/gp-surrogate.ts';
import { SequentialGpSurrogate } from '../../src/models/gp/sequential-gp.ts';
import { surrogatePort } from '../../src/agents/factories.ts';
import { counterClock, fakeSurrogate, lineSpace, measurementOf } from '../helpers/agent-fakes.ts';

const f = (x: number): number => Math.sin(x / 3) * 5 - ((x - 20) / 10) ** 2;
const space = lineSpace(40);
const CFG: AgentConfig = {
  budget: 14, initialPoints: 4, seed: 3, direction: 'maximize', posteriorEvery: 0, metadata: { workflow: 'test' },
  retry: { maxAttempts: 1, backoffMs: 0, fatalCodes: [] }, batchSize: 3,
};

/**
 * An instrument that answers the measurements started in one synchronous burst (a batch) together, in reverse
 * order: shows the batch is measured concurrently and that the log does not follow completion order.
 */
function batchInstrument() {
  const pending: { cmd: Command; answer: (m: Measurement) => void }[] = [];
  let maxInFlight = 0;
  const calls: number[] = [];
  const release = (): void => {
    maxInFlight = Math.max(maxInFlight, pending.length);
    for (const p of pending.splice(0).reverse()) p.answer(measurementOf(p.cmd, f((p.cmd as { field: Float64Array }).field[0]), 'sim'));
  };
  const port: InstrumentPort = {
    name: 'sim',
    measure: (cmd) => new Observable<Measurement>((sub) => {
      calls.push((cmd as { field: Float64Array }).field[0]);
      if (pending.length === 0) queueMicrotask(release);
      pending.push({ cmd, answer: (m) => { sub.next(m); sub.complete(); } });
    }),
    close: () => of(undefined),
  };
  return { port, calls, get maxInFlight() { return maxInFlight; } };
}

async function run(deps: Partial<AgentDeps> & Pick<AgentDeps, 'instrument' | 'surrogate'>, cfg: AgentConfig = CFG): Promise<{ docs: NamedDocument[]; events: AgentEvent[] }> {
  const events = await lastValueFrom(runAgent(NEVER, { acquisition: upperConfidenceBound({ kappa: 1 }), space, clock: counterClock(), ...deps }, cfg).pipe(toArray()));
  return { docs: events.flatMap((e) => (e.kind === 'document' ? [e.doc] : [])), events };
}

/** [stream, seq_num, step, candidate] of every event document. */
function rows(docs: readonly NamedDocument[]): [string, number, number, number][] {
  const names = new Map(docs.filter((d) => d[0] === 'descriptor').map((d) => [(d[1] as Descriptor).uid, (d[1] as Descriptor).name!]));
  return docs.filter((d) => d[0] === 'event').map((d) => {
    const e = d[1] as EventDoc;
    return [names.get(e.descriptor)!, e.seq_num, e.data.step as number, e.data.candidate as number];
  });
}

/** An exact GP over the line (the campaign's sequential GP, refit every fit): it can be conditioned, so the batch is a Kriging believer's. */
function gp(batchSize: number): SurrogatePort {
  return surrogatePort(new SequentialGpSurrogate(new GpSurrogate({ seed: 1 }), space.candidates, { growth: 0.5, every: 3 }, 4, batchSize));
}

describe('agent batches (agent.batchSize)', () => {
  it('measures q proposals at once, logs them in proposal order with contiguous seq_nums, one model event per step', async () => {
    const inst = batchInstrument();
    const { docs } = await run({ instrument: inst.port, surrogate: gp(3) });
    const r = rows(docs);
    const primary = r.filter((x) => x[0] === 'primary');
    const model = r.filter((x) => x[0] === 'model');
    assert.deepEqual(primary.map((x) => x[1]), Array.from({ length: 14 }, (_, i) => i + 1), 'primary seq_num 1…14');
    assert.deepEqual(primary.map((x) => x[2]), Array.from({ length: 14 }, (_, i) => i), 'steps 0…13 in order');
    assert.deepEqual(model.map((x) => x[1]), Array.from({ length: 10 }, (_, i) => i + 1), 'model seq_num 1…10');
    assert.deepEqual(model.map((x) => x[2]), Array.from({ length: 10 }, (_, i) => i + 4), 'a model event per acquired step');
    assert.equal(new Set(primary.map((x) => x[3])).size, 14, 'never the same candidate twice');
    for (const [, , step, candidate] of model) assert.equal(primary[step][3], candidate, `step ${step} measures its proposal`);
    assert.equal(inst.maxInFlight, 3, 'three measurements in flight at once');
    // The instrument answered each batch in reverse; the log follows the proposals: [4,5,6] proposed → logged 4,5,6.
    assert.deepEqual(inst.calls.slice(4, 7), primary.slice(4, 7).map((x) => x[3]));
    // Every batch's model events come before its measurements.
    const order = r.map((x) => `${x[0]}:${x[2]}`);
    for (let step = 4; step < 14; step++) assert.ok(order.indexOf(`model:${step}`) < order.indexOf(`primary:${step}`));
    assert.deepEqual((docs.at(-1)![1] as RunStop).num_events, { primary: 14, model: 10 });
  });

  it('the random start is the same with or without batches; the last batch is cut at the budget', async () => {
    const one = await run({ instrument: batchInstrument().port, surrogate: gp(1) }, { ...CFG, batchSize: 1 });
    const inst = batchInstrument();
    const three = await run({ instrument: inst.port, surrogate: gp(3) });
    const initial = (d: NamedDocument[]) => rows(d).filter((x) => x[0] === 'primary').slice(0, 4).map((x) => x[3]);
    assert.deepEqual(initial(three.docs), initial(one.docs));
    // 4 random (a batch of 3, then 1 to finish the random start), then 3 + 3 + 3 + 1 acquired = 14.
    const fits = rows(three.docs).filter((x) => x[0] === 'model').map((x) => x[2]);
    assert.deepEqual(fits, [4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
  });

  it('a model that cannot be conditioned gets a batch by local penalisation: distinct, spread picks from one fit', async () => {
    const post = fakeSurrogate((X) => ({ mean: X.map(f), variance: X.map(() => 1) }));
    const inst = batchInstrument();
    const { docs } = await run({ instrument: inst.port, surrogate: post });
    assert.deepEqual(post.fits, [4, 7, 10, 13], 'one fit per batch');
    const model = rows(docs).filter((x) => x[0] === 'model');
    const firstBatch = model.slice(0, 3).map((x) => x[3]);
    assert.equal(new Set(firstBatch).size, 3);
    assert.ok(Math.max(...firstBatch) - Math.min(...firstBatch) >= 2, `penalised picks spread out: ${firstBatch}`);
  });

  it('a run killed mid-batch resumes by measuring the logged proposals, then continues as the uninterrupted run did', async () => {
    const full = (await run({ instrument: batchInstrument().port, surrogate: gp(3) })).docs;
    const fullRows = rows(full);
    // Cut after the model events of the batch at steps 7…9 and the first of its measurements.
    const primaryUid = (full.find((d) => d[0] === 'descriptor' && (d[1] as Descriptor).name === 'primary')![1] as Descriptor).uid;
    const cut = full.findIndex((d) => d[0] === 'event' && (d[1] as EventDoc).descriptor === primaryUid && (d[1] as EventDoc).data.step === 7);
    assert.ok(cut > 0);
    const resumed = resumeFromDocuments(full.slice(0, cut + 1), space);
    const model = fullRows.filter((x) => x[0] === 'model');
    assert.deepEqual(resumed.pendingCandidates, [model[4][3], model[5][3]], 'the batch-mates of step 7 (steps 8 and 9)');
    const inst = batchInstrument();
    const rest = (await run({ instrument: inst.port, surrogate: gp(3), resume: resumed })).docs;
    assert.deepEqual(inst.calls.slice(0, 2), resumed.pendingCandidates, 'measured, not proposed again');
    const all = [...full.slice(0, cut + 1), ...rest];
    assert.deepEqual(rows(all).map((x) => x.join()), fullRows.map((x) => x.join()), 'the same events, seq_nums and candidates as the uninterrupted run');
    assert.deepEqual((all.at(-1)![1] as RunStop).num_events, { primary: 14, model: 10 });
  });
});
