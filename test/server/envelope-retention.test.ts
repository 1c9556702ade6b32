import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Topic } from '../../src/server/envelope.ts';
import { EventHub } from '../../src/server/event-hub.ts';

const all = new Set<Topic>(['run', 'agent', 'model', 'frames']);

describe('EventHub and its retention', () => {
  it('stamps seq from 1, strictly increasing over every topic (control replies included), with ts', () => {
    let t = 100;
    const hub = new EventHub({ now: () => t++ });
    const a = hub.publish('run', 'start', { uid: 'a' });
    const reply = hub.envelope('control', 'pong', { id: 1 });
    const b = hub.publish('model', 'model/posterior', {});
    assert.deepEqual([a.envelope.seq, reply.envelope.seq, b.envelope.seq], [1, 2, 3]);
    assert.deepEqual([a.envelope.ts, b.envelope.ts], [100, 102]);
    assert.deepEqual(JSON.parse(a.bytes.toString()), { v: 1, seq: 1, ts: 100, topic: 'run', type: 'start', payload: { uid: 'a' } });
    assert.equal(hub.lastSeq, 3);
  });

  it('keeps the run documents of the current and previous campaign only', () => {
    const hub = new EventHub();
    for (const run of ['r1', 'r2', 'r3']) {
      hub.publish('run', 'start', { run });
      hub.publish('run', 'event', { run });
      hub.publish('run', 'stop', { run });
    }
    const kept = hub.retention.since(new Set<Topic>(['run']), 0).map((e) => (e.envelope.payload as { run: string }).run);
    assert.deepEqual(kept, ['r2', 'r2', 'r2', 'r3', 'r3', 'r3']);
  });

  it('keeps only the latest envelope of coalescable topics, and honours since', () => {
    const hub = new EventHub();
    for (let i = 1; i <= 5; i += 1) {
      hub.publish('model', 'model/posterior', { i });
      hub.publish('frames', 'instrument/measured', { i });
    }
    const latest = hub.retention.since(all, 0);
    assert.deepEqual(latest.map((e) => [e.envelope.topic, (e.envelope.payload as { i: number }).i]), [['model', 5], ['frames', 5]]);
    assert.deepEqual(hub.retention.since(all, 9).map((e) => e.envelope.topic), ['frames']);
    assert.deepEqual(hub.retention.since(all, 10), []);
  });

  it('keeps the last N agent envelopes plus the latest campaign/prepared and agent/state, in seq order', () => {
    const hub = new EventHub({ agentCapacity: 10 });
    hub.publish('agent', 'campaign/prepared', { grid: 1 });
    hub.publish('agent', 'agent/state', { state: 'running' });
    for (let step = 1; step <= 50; step += 1) hub.publish('agent', 'agent/progress', { step });
    const kept = hub.retention.since(new Set<Topic>(['agent']), 0);
    assert.deepEqual(kept.map((e) => e.envelope.type), ['campaign/prepared', 'agent/state', ...Array(10).fill('agent/progress')]);
    assert.deepEqual(kept.slice(2).map((e) => (e.envelope.payload as { step: number }).step), [41, 42, 43, 44, 45, 46, 47, 48, 49, 50]);
    assert.ok(kept.every((e, i) => i === 0 || e.envelope.seq > kept[i - 1].envelope.seq));
  });

  it('hands envelopes only to sinks subscribed to their topic, synchronously', () => {
    const hub = new EventHub();
    const got: string[] = [];
    const sink = { topics: new Set<Topic>(['agent']), offer: (e: { envelope: { type: string } }) => got.push(e.envelope.type) };
    hub.attach(sink);
    hub.publish('run', 'start', {});
    hub.publish('agent', 'agent/state', {});
    assert.deepEqual(got, ['agent/state']);
    hub.detach(sink);
    hub.publish('agent', 'agent/progress', {});
    assert.deepEqual(got, ['agent/state']);
  });
});
