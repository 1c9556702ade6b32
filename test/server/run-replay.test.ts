import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NamedDocument } from '../../src/events/documents.ts';
import type { Topic } from '../../src/server/envelope.ts';
import { EventHub } from '../../src/server/event-hub.ts';
import { deriveReplay } from '../../src/server/replay-derive.ts';
import { RunReplay } from '../../src/server/run-replay.ts';
import { ServerError } from '../../src/server/server-error.ts';

/** A small finished run: start (config with budget 3, minimize), primary + model descriptors, 3 measurements, stop. */
function run(): NamedDocument[] {
  const start = { uid: 's', time: 100, run_id: 'run-1', config: { name: 'demo', agent: { budget: 3, direction: 'minimize' } } };
  const primary = {
    uid: 'p', time: 100, run_start: 's', name: 'primary', data_keys: {
      step: { source: 'agent:step', dtype: 'integer' as const, shape: [] }, candidate: { source: 'space:x/index', dtype: 'integer' as const, shape: [] },
      y: { source: 'agent:objective', dtype: 'number' as const, shape: [] }, instrument: { source: 'agent:instrument', dtype: 'string' as const, shape: [] },
      field: { source: 'command:pole/field', dtype: 'array' as const, shape: [2], units: 'Ec' },
      PX: { source: 'measurement:PX', dtype: 'array' as const, shape: [null, null], units: 'a.u.' },
    },
  };
  const model = { uid: 'm', time: 100, run_start: 's', name: 'model', data_keys: { step: { source: 'agent:step', dtype: 'integer' as const, shape: [] } } };
  const ys = [5, 2, 3];
  const events = ys.map((y, i) => ({
    uid: `e${i}`, descriptor: 'p', seq_num: i + 1, time: 101 + i,
    data: { step: i, candidate: 10 + i, y, instrument: 'sim', field: [0.5, -0.5], PX: [1, 2, 3, 4] }, timestamps: {},
  }));
  return [
    ['start', start], ['descriptor', primary], ['descriptor', model],
    ...events.map((e) => ['event', e] as const),
    ['event', { uid: 'me', descriptor: 'm', seq_num: 1, time: 104, data: { step: 2 }, timestamps: {} }],
    ['stop', { uid: 'z', time: 105, run_start: 's', exit_status: 'success', reason: 'budget reached' }],
  ] as NamedDocument[];
}

describe('replaying a run log', () => {
  it('frames of arrays stored nested as declared (W2 PX [2, 2], W3 loop [3, 2]) carry the nesting\'s shape', () => {
    const docs = run();
    const primary = docs[1][1] as { data_keys: Record<string, unknown> };
    primary.data_keys.PX = { source: 'measurement:PX', dtype: 'array', shape: [2, 2], units: 'a.u.' };
    primary.data_keys.loop = { source: 'measurement:loop', dtype: 'array', shape: [3, 2], units: 'V' };
    for (const d of docs.slice(3, 6)) Object.assign((d[1] as { data: object }).data, { PX: [[1, 2], [3, 4]], loop: [[1, 2], [3, 4], [5, 6]] });
    const frame = deriveReplay(docs).flatMap((i) => i.messages).find((m) => m.topic === 'frames')!.payload as { arrays: object };
    assert.deepEqual(frame.arrays, {
      PX: { shape: [2, 2], data: [1, 2, 3, 4], unit: 'a.u.' }, loop: { shape: [3, 2], data: [1, 2, 3, 4, 5, 6], unit: 'V' },
    });
  });

  it('derives run documents, state, progress with the best so far (direction honoured) and frames', () => {
    const items = deriveReplay(run());
    const messages = items.flatMap((i) => i.messages);
    assert.deepEqual(messages.filter((m) => m.topic === 'run').map((m) => m.type), ['start', 'descriptor', 'descriptor', 'event', 'event', 'event', 'event', 'stop']);
    const progress = messages.filter((m) => m.type === 'agent/progress').map((m) => m.payload);
    assert.deepEqual(progress, [
      { step: 1, budget: 3, candidate: 10, y: 5, instrument: 'sim', best: 5, bestCandidate: 10 },
      { step: 2, budget: 3, candidate: 11, y: 2, instrument: 'sim', best: 2, bestCandidate: 11 },
      { step: 3, budget: 3, candidate: 12, y: 3, instrument: 'sim', best: 2, bestCandidate: 11 },
    ]);
    const frame = messages.find((m) => m.topic === 'frames')!.payload;
    assert.deepEqual(frame, { step: 0, candidate: 10, instrument: 'sim', command: { kind: 'pole', field: [0.5, -0.5] }, arrays: { PX: { shape: [2, 2], data: [1, 2, 3, 4], unit: 'a.u.' } } });
    assert.deepEqual(messages.filter((m) => m.type === 'agent/state').map((m) => m.payload), [
      { state: 'running', step: 0 }, { state: 'finished', step: 3, reason: 'budget reached' },
    ]);
    assert.deepEqual(items.map((i) => i.time), [100, 100, 100, 101, 102, 103, 104, 105]);
  });

  it('streams through the hub, sends campaign/prepared after the start, obeys pause/resume/stop and refuses start', async () => {
    const hub = new EventHub();
    const prepared = { topic: 'agent' as const, type: 'campaign/prepared', payload: { runId: 'run-1' } };
    // 1 s of recorded time per measurement at speed 1 (gaps capped at 10 s): the replay waits between documents.
    const replay = new RunReplay({ hub, docs: run(), speed: 1, maxGapMs: 10_000, prepared });
    await assert.rejects(replay.handle({ type: 'start', config: 'x.json' }), (e: ServerError) => e.wireCode === 'BAD_CONFIG');
    await replay.handle({ type: 'pause' });
    const types = (): string[] => hub.retention.since(new Set<Topic>(['run', 'agent', 'frames']), 0).map((e) => e.envelope.type);
    assert.deepEqual(types().slice(0, 3), ['start', 'campaign/prepared', 'agent/state']);
    assert.equal(replay.status().state, 'paused');
    await replay.handle({ type: 'resume' });
    await replay.handle({ type: 'stop' });
    await replay.done;
    assert.equal(replay.status().state, 'finished');
    assert.ok(!types().includes('stop'), 'stopped before the recorded stop document');
    await assert.rejects(replay.handle({ type: 'pause' }), (e: ServerError) => e.wireCode === 'NO_CAMPAIGN');
  });

  it('at speed Infinity sends everything and ends', async () => {
    const hub = new EventHub();
    const replay = new RunReplay({ hub, docs: run(), speed: Infinity });
    await replay.done;
    assert.deepEqual(replay.status(), { runId: 'run-1', name: 'demo', state: 'finished', step: 3, budget: 3, best: 2 });
    assert.equal(hub.retention.sizes().run, 8);
  });
});

describe('replay --wait-for-client', () => {
  it('holds every document until startWhen settles, then sends them all; a stop before it ends the replay', async () => {
    const hub = new EventHub();
    let go: () => void = () => {};
    const replay = new RunReplay({ hub, docs: run(), speed: Infinity, startWhen: new Promise<void>((r) => { go = r; }) });
    assert.equal(replay.mode, 'replay');
    // Ten turns of the event loop with nothing sent: the replay is waiting, not merely slow.
    for (let i = 0; i < 10; i += 1) await new Promise((r) => setImmediate(r));
    assert.equal(hub.lastSeq, 0);
    go();
    await replay.done;
    assert.equal(hub.retention.sizes().run, 8);

    const idle = new EventHub();
    const never = new RunReplay({ hub: idle, docs: run(), speed: Infinity, startWhen: new Promise<void>(() => {}) });
    await never.handle({ type: 'stop' } as never);
    await never.done;
    assert.equal(idle.retention.sizes().run ?? 0, 0);
  });
});

describe('replay posterior maps', () => {
  it('refits on the run cadence and publishes model/posterior after the initial points', async () => {
    const { EventHub: Hub } = await import('../../src/server/event-hub.ts');
    const { RunReplay: Replay } = await import('../../src/server/run-replay.ts');
    const hub = new Hub();
    const seen: { step: number; n: number }[] = [];
    const calls: number[] = [];
    hub.attach({
      topics: new Set(['model'] as const),
      offer: (e) => {
        const env = e.envelope as { type: string; payload: { step: number; mean: number[] } };
        if (env.type === 'model/posterior') seen.push({ step: env.payload.step, n: env.payload.mean.length });
      },
    });
    const t = 1000;
    const primary = { uid: 'd1', time: t, run_start: 's', name: 'primary', data_keys: { step: { source: 'a', dtype: 'integer', shape: [] }, candidate: { source: 'a', dtype: 'integer', shape: [] }, y: { source: 'a', dtype: 'number', shape: [] }, instrument: { source: 'a', dtype: 'string', shape: [] } } };
    const docs = [
      ['start', { uid: 's', time: t, config: { name: 'r', agent: { budget: 6 } } }],
      ['descriptor', primary],
      ...Array.from({ length: 6 }, (_, i) => ['event', { uid: `e${i}`, descriptor: 'd1', seq_num: i + 1, time: t + i, data: { step: i, candidate: i, y: i * 0.5, instrument: 'sim' }, timestamps: {} }]),
    ] as never;
    const replay = new Replay({
      hub, docs, speed: Infinity,
      maps: { every: 2, initialPoints: 2, posterior: async (c: readonly number[]) => { calls.push(c.length); return { mean: [0, 1, 2], std: [1, 1, 1] }; } },
    });
    await replay.done;
    // Snapshots after 2, 4 and 6 measurements (initialPoints = 2, every = 2).
    assert.deepEqual(calls, [2, 4, 6]);
    assert.deepEqual(seen, [{ step: 2, n: 3 }, { step: 4, n: 3 }, { step: 6, n: 3 }]);
  });
});
