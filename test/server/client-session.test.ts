import assert from 'node:assert/strict';
import { setImmediate as tick } from 'node:timers/promises';
import { describe, it } from 'node:test';
import type { WebSocket } from 'ws';
import { ClientSession, DEFAULT_SESSION_LIMITS } from '../../src/server/client-session.ts';
import type { Topic } from '../../src/server/envelope.ts';
import { EventHub } from '../../src/server/event-hub.ts';

/** A socket stand-in: records what is sent; while `blocked`, reports a full buffer and holds write callbacks. */
function fakeSocket() {
  const sent: { topic: string; seq: number; type: string }[] = [];
  const held: (() => void)[] = [];
  const state = { blocked: false, closed: undefined as number | undefined };
  const ws = {
    OPEN: 1, readyState: 1,
    get bufferedAmount() { return state.blocked ? Infinity : 0; },
    send(bytes: Buffer, _o: unknown, cb: () => void) {
      sent.push(JSON.parse(bytes.toString()));
      if (state.blocked) held.push(cb); else setImmediate(cb);
    },
    close(code: number) { state.closed = code; ws.readyState = 3; },
  };
  const unblock = (): void => {
    state.blocked = false;
    for (const cb of held.splice(0)) cb();
  };
  return { ws: ws as unknown as WebSocket, sent, state, unblock };
}

const all: Topic[] = ['run', 'agent', 'model', 'frames'];

describe('ClientSession queue', () => {
  it('writes on the next turn, in seq order; while blocked keeps every run/agent envelope and only the latest model/frames', async () => {
    const hub = new EventHub();
    const sock = fakeSocket();
    const session = new ClientSession(sock.ws);
    session.subscribe(all, () => []);
    hub.attach(session);
    hub.publish('run', 'start', {});
    assert.equal(sock.sent.length, 0, 'publishing does not write');
    await tick();
    assert.equal(sock.sent.length, 1);
    sock.state.blocked = true;
    hub.publish('run', 'event', {});
    await tick();
    for (let i = 0; i < 5; i += 1) {
      hub.publish('model', 'model/posterior', { i });
      hub.publish('run', 'event', { i });
      hub.publish('frames', 'instrument/measured', { i });
      hub.publish('agent', 'agent/progress', { i });
    }
    await tick();
    assert.equal(sock.sent.length, 1, 'nothing written while the socket is full');
    sock.unblock();
    // The socket is writable again, but nothing tells the session: its next envelope (or a write callback) pumps.
    hub.publish('agent', 'agent/state', {});
    await tick();
    const after = sock.sent.slice(1);
    assert.deepEqual(after.filter((e) => e.topic === 'run' || e.topic === 'agent').length, 12, 'nothing reliable dropped');
    assert.deepEqual(after.filter((e) => e.topic === 'model').map((e) => (e as unknown as { payload: { i: number } }).payload.i), [4]);
    assert.deepEqual(after.filter((e) => e.topic === 'frames').map((e) => (e as unknown as { payload: { i: number } }).payload.i), [4]);
    assert.ok(sock.sent.every((e, i) => i === 0 || e.seq > sock.sent[i - 1].seq), 'seq order kept');
    assert.equal(session.coalescedCount, 8);
  });

  it('closes with 1013 once more run documents wait than the limit (replays excepted)', async () => {
    const hub = new EventHub();
    for (let i = 0; i < 50; i += 1) hub.publish('run', 'event', { i });
    const sock = fakeSocket();
    let overflowed = 0;
    const session = new ClientSession(sock.ws, { ...DEFAULT_SESSION_LIMITS, maxPendingReliable: 20 }, () => { overflowed += 1; });
    sock.state.blocked = true;
    assert.equal(session.subscribe(['run'], (t, s) => hub.retention.since(t, s), 0), 50, 'a 50-document replay is allowed');
    hub.attach(session);
    for (let i = 0; i < 20; i += 1) hub.publish('run', 'event', { live: i });
    assert.equal(sock.state.closed, undefined);
    hub.publish('run', 'event', { live: 20 });
    assert.equal(sock.state.closed, 1013);
    assert.equal(overflowed, 1);
    hub.publish('run', 'event', { live: 21 });
    await tick();
    assert.equal(overflowed, 1, 'a closed session queues nothing more');
  });

  it('a second subscribe does not repeat envelopes already queued or sent', async () => {
    const hub = new EventHub();
    const sock = fakeSocket();
    const session = new ClientSession(sock.ws);
    hub.attach(session);
    hub.publish('run', 'start', {});
    session.subscribe(['run'], (t, s) => hub.retention.since(t, s), 0);
    session.subscribe(['run', 'agent'], (t, s) => hub.retention.since(t, s), 0);
    await tick();
    assert.deepEqual(sock.sent.map((e) => e.type), ['start']);
  });
});
