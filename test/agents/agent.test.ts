import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NEVER, type Observable, map, of, throwError, timer } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { upperConfidenceBound } from '../../src/agents/acquisition/upper-confidence-bound.ts';
import { runAgent } from '../../src/agents/agent.ts';
import type { AgentConfig, AgentDeps, AgentEvent, InstrumentPort } from '../../src/agents/agent-types.ts';
import { resumeFromDocuments } from '../../src/agents/run-documents.ts';
import type { ControlMessage } from '../../src/events/control.ts';
import type { NamedDocument } from '../../src/events/documents.ts';
import { counterClock, fakeSurrogate, lineSpace, measurementOf, scriptedInstrument } from '../helpers/agent-fakes.ts';

const f = (x: number): number => -((x - 6) ** 2); // objective peaks at candidate 6

const CFG: AgentConfig = {
  budget: 5, initialPoints: 2, seed: 1, direction: 'maximize', posteriorEvery: 0, metadata: { workflow: 'test' },
  retry: { maxAttempts: 3, backoffMs: 10, fatalCodes: ['INSTRUMENT_LIMIT'] },
};

/** Short labels of events: d:start, d:descriptor, e:primary#seq, e:model#seq, s:<state>, p:<step>, f:<code>, w:<to>. */
function label(e: AgentEvent, primaryUid = 'u2'): string {
  if (e.kind === 'document') {
    const [name, doc] = e.doc;
    if (name === 'event') return `${(doc as { descriptor: string }).descriptor === primaryUid ? 'E' : 'M'}${(doc as { seq_num: number }).seq_num}`;
    if (name === 'stop') return `stop:${(doc as { exit_status: string }).exit_status}`;
    return name;
  }
  switch (e.type) {
    case 'agent/state': return `state:${e.payload.state}`;
    case 'agent/progress': return `p${e.payload.step}`;
    case 'instrument/failed': return `fail:${e.payload.code}${e.payload.willRetry ? '+retry' : ''}`;
    case 'instrument/swapped': return `swap:${e.payload.to}`;
    case 'instrument/measured': return 'meas';
    case 'model/posterior': return 'post';
  }
}

/** Runs an agent in virtual time; returns [frame, label] pairs and the raw events. */
function runVirtual(
  build: (h: { cold: TestScheduler['createColdObservable']; hot: TestScheduler['createHotObservable'] }) => { control$: Observable<ControlMessage>; deps: Omit<AgentDeps, 'scheduler' | 'clock'>; cfg?: AgentConfig },
): { timeline: [number, string][]; events: AgentEvent[] } {
  const scheduler = new TestScheduler((a, b) => assert.deepEqual(a, b));
  const timeline: [number, string][] = [];
  const events: AgentEvent[] = [];
  scheduler.run(({ cold, hot, flush }) => {
    const { control$, deps, cfg } = build({ cold: cold as never, hot: hot as never });
    runAgent(control$, { ...deps, clock: counterClock(), scheduler }, cfg ?? CFG).subscribe((e) => {
      timeline.push([scheduler.now(), label(e)]);
      events.push(e);
    });
    flush();
  });
  return { timeline, events };
}

/** An instrument whose measurements take 3 virtual frames (ms) and return f(candidate). */
function slowInstrument(name = 'sim') {
  return scriptedInstrument(name, (cmd) => timer(3).pipe(map(() => measurementOf(cmd, f((cmd as { field: Float64Array }).field[0]), name))));
}

describe('agent (virtual time)', () => {
  it('emits start, descriptors, one measurement per step, and a success stop at the budget', () => {
    const inst = slowInstrument();
    const { timeline, events } = runVirtual(({ cold }) => {
      return { control$: NEVER, deps: { instrument: inst.port, surrogate: fakeSurrogate((X) => ({ mean: X.map(f), variance: X.map(() => 1) })), acquisition: upperConfidenceBound({ kappa: 0 }), space: lineSpace(10) } };
    });
    assert.deepEqual(timeline.slice(0, 4), [[0, 'start'], [0, 'descriptor'], [0, 'descriptor'], [0, 'state:running']]);
    assert.deepEqual(timeline.filter(([, l]) => l.startsWith('E')).map(([t, l]) => [t, l]), [[3, 'E1'], [6, 'E2'], [9, 'E3'], [12, 'E4'], [15, 'E5']]);
    assert.deepEqual(timeline.slice(-2), [[15, 'stop:success'], [15, 'state:finished']]);
    const stop = events.find((e) => e.kind === 'document' && e.doc[0] === 'stop')!;
    assert.deepEqual(((stop as { doc: NamedDocument }).doc[1] as { num_events?: object }).num_events, { primary: 5, model: 3 });
    // The first BO step picks the posterior's argmax (candidate 6); later ones never repeat a candidate.
    const picked = inst.calls.map((c) => (c as { field: Float64Array }).field[0]);
    assert.equal(picked[2], 6);
    assert.equal(new Set(picked).size, 5);
  });

  it('pauses at the next step boundary and measures nothing until resumed', () => {
    const inst = slowInstrument();
    const { timeline } = runVirtual(({ cold, hot }) => {
      return {
        control$: hot('-p---------r', { p: { type: 'pause' }, r: { type: 'resume' } }) as Observable<ControlMessage>,
        deps: { instrument: inst.port, surrogate: fakeSurrogate((X) => ({ mean: X.map(f), variance: X.map(() => 1) })), acquisition: upperConfidenceBound({ kappa: 0 }), space: lineSpace(10) },
      };
    });
    // Step 1 (frames 0–3) completes; the agent then pauses until frame 11, and step 2 ends at 14.
    assert.deepEqual(timeline.filter(([, l]) => l.startsWith('E') || l.startsWith('state:')).slice(0, 5),
      [[0, 'state:running'], [3, 'E1'], [3, 'state:paused'], [11, 'state:running'], [14, 'E2']]);
  });

  it('stop ends the run with an abort stop document after the measurement in flight', () => {
    const inst = slowInstrument();
    const { timeline } = runVirtual(({ cold, hot }) => {
      return {
        control$: hot('----s', { s: { type: 'stop' } }) as Observable<ControlMessage>,
        deps: { instrument: inst.port, surrogate: fakeSurrogate((X) => ({ mean: X.map(f), variance: X.map(() => 1) })), acquisition: upperConfidenceBound({ kappa: 0 }), space: lineSpace(10) },
      };
    });
    assert.deepEqual(timeline.filter(([, l]) => l.startsWith('E') || l.startsWith('stop')), [[3, 'E1'], [6, 'E2'], [6, 'stop:abort']]);
  });

  it('retries failed measurements after the backoff and reports each failure as an event', () => {
    const failures = new Set([1, 2]);
    const inst = scriptedInstrument('flaky', (cmd, call) => failures.has(call)
      ? throwError(() => Object.assign(new Error('timeout'), { code: 'TRANSPORT_TIMEOUT' }))
      : of(measurementOf(cmd, 1, 'flaky')));
    const { timeline } = runVirtual(() => ({
      control$: NEVER,
      deps: { instrument: inst.port, surrogate: fakeSurrogate((X) => ({ mean: X.map(f), variance: X.map(() => 1) })), acquisition: upperConfidenceBound({ kappa: 0 }), space: lineSpace(10) },
      cfg: { ...CFG, budget: 3 },
    }));
    assert.deepEqual(timeline.filter(([, l]) => l.startsWith('E') || l.startsWith('fail')),
      [[0, 'E1'], [0, 'fail:TRANSPORT_TIMEOUT+retry'], [10, 'fail:TRANSPORT_TIMEOUT+retry'], [20, 'E2'], [20, 'E3']]);
    assert.equal(inst.calls.length, 5);
  });

  it('a fatal error code ends the run with a fail stop document', () => {
    const inst = scriptedInstrument('hv', () => throwError(() => Object.assign(new Error('peak 900 V > 500 V'), { code: 'INSTRUMENT_LIMIT' })));
    const { timeline } = runVirtual(() => ({
      control$: NEVER,
      deps: { instrument: inst.port, surrogate: fakeSurrogate((X) => ({ mean: X, variance: X })), acquisition: upperConfidenceBound({ kappa: 0 }), space: lineSpace(4) },
    }));
    assert.deepEqual(timeline.slice(-3).map(([, l]) => l), ['fail:INSTRUMENT_LIMIT', 'stop:fail', 'state:finished']);
    assert.equal(inst.calls.length, 1);
  });

  it('swaps the instrument at a step boundary, keeps the dataset, and tags observations', () => {
    const a = slowInstrument('sim');
    const b = slowInstrument('rig');
    const opened: Record<string, unknown>[] = [];
    const { events } = runVirtual(({ cold, hot }) => {
      return {
        control$: hot('-w', { w: { type: 'swap', instrument: { kind: 'poling-rig' } } }) as Observable<ControlMessage>,
        deps: {
          instrument: a.port, space: lineSpace(10), acquisition: upperConfidenceBound({ kappa: 0 }),
          surrogate: fakeSurrogate((X) => ({ mean: X.map(f), variance: X.map(() => 1) })),
          openInstrument: (cfg) => { opened.push(cfg); return of(b.port as InstrumentPort); },
        },
      };
    });
    const tags = events.filter((e) => e.kind === 'document' && e.doc[0] === 'event' && 'instrument' in (e.doc[1] as { data: object }).data)
      .map((e) => ((e as { doc: NamedDocument }).doc[1] as unknown as { data: { instrument: string } }).data.instrument);
    assert.deepEqual(tags, ['sim', 'rig', 'rig', 'rig', 'rig']);
    assert.deepEqual(opened, [{ kind: 'poling-rig' }]);
    assert.equal(a.closed, 0, 'the caller owns the first instrument');
    assert.equal(b.closed, 1, 'the agent closes what it opened');
  });
});

describe('agent resume', () => {
  it('continues a run from its documents: same picks, seq_num continues, no stop duplicated', async () => {
    const space = lineSpace(12);
    const surrogate = () => fakeSurrogate((X) => ({ mean: X.map(f), variance: X.map((x) => (x % 3) + 1) }));
    const make = (name: string) => scriptedInstrument(name, (cmd) => of(measurementOf(cmd, f((cmd as { field: Float64Array }).field[0]), name)));
    const full = make('sim');
    const fullDocs: NamedDocument[] = [];
    await new Promise<void>((done) => runAgent(NEVER, { instrument: full.port, surrogate: surrogate(), acquisition: upperConfidenceBound({ kappa: 1 }), space, clock: counterClock() }, { ...CFG, budget: 7 })
      .subscribe({ next: (e) => { if (e.kind === 'document') fullDocs.push(e.doc); }, complete: done }));
    // "Kill" after the 4th primary event: keep every document up to it, drop the rest.
    const cut = fullDocs.findIndex((d) => d[0] === 'event' && (d[1] as { seq_num: number; descriptor: string }).descriptor === 'u2' && (d[1] as { seq_num: number }).seq_num === 4);
    const resumed = resumeFromDocuments(fullDocs.slice(0, cut + 1), space);
    assert.equal(resumed.data.points.length, 4);
    assert.equal(resumed.nextSeq.primary, 5);
    const rest = make('sim');
    const restDocs: NamedDocument[] = [];
    await new Promise<void>((done) => runAgent(NEVER, { instrument: rest.port, surrogate: surrogate(), acquisition: upperConfidenceBound({ kappa: 1 }), space, clock: counterClock(), resume: resumed }, { ...CFG, budget: 7 })
      .subscribe({ next: (e) => { if (e.kind === 'document') restDocs.push(e.doc); }, complete: done }));
    assert.ok(!restDocs.some((d) => d[0] === 'start' || d[0] === 'descriptor'));
    const seqs = restDocs.filter((d) => d[0] === 'event' && (d[1] as { descriptor: string }).descriptor === 'u2').map((d) => (d[1] as { seq_num: number }).seq_num);
    assert.deepEqual(seqs, [5, 6, 7]);
    const picks = (calls: typeof full.calls) => calls.map((c) => (c as { field: Float64Array }).field[0]);
    assert.deepEqual(picks(rest.calls), picks(full.calls).slice(4));
    assert.equal(restDocs.filter((d) => d[0] === 'stop').length, 1);
  });
});

