import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ControlTarget } from '../../src/server/control-dispatch.ts';
import { EventHub } from '../../src/server/event-hub.ts';
import { type LiveServer, startLiveServer } from '../../src/server/live-server.ts';
import { ServerError } from '../../src/server/server-error.ts';
import { type DashboardState, initialState } from '../../web/dashboard-state.ts';
import { parseEnvelope } from '../../web/protocol.ts';
import { reduceEnvelope } from '../../web/reduce-envelope.ts';
import { PREPARED, PRIMARY, START, primaryEvent } from '../web/envelope-fixtures.ts';
import { TestClient } from './ws-test-client.ts';

const TOKEN = 'seq-order-token-0123456789';
const none: ControlTarget = { status: () => null, handle: async () => { throw new ServerError('NO_CAMPAIGN', 'none'); } };

/** Publishes the prepared grid, start, primary descriptor and events `from`..`to` - 1. */
function publish(hub: EventHub, from: number, to: number): void {
  if (from === 0) {
    hub.publish('agent', 'campaign/prepared', PREPARED);
    hub.publish('run', 'start', START);
    hub.publish('run', 'descriptor', PRIMARY);
  }
  for (let i = from; i < to; i += 1) hub.publish('run', 'event', primaryEvent(i, i % 6, i));
}

/** Connects like the dashboard with a token (auth, then subscribe since = lastSeq, in one burst) and folds with its reducer. */
async function dashboardSession(port: number, state: DashboardState, untilPoints: number): Promise<{ state: DashboardState; seqs: number[] }> {
  const c = await TestClient.open(port);
  c.send({ type: 'auth', token: TOKEN });
  c.send({ type: 'subscribe', topics: ['run', 'agent', 'model', 'frames'], since: state.lastSeq });
  await c.next((e) => e.type === 'control/ack' && (e.payload as { request: { type: string } }).request.type === 'subscribe');
  let s = state;
  for (const e of c.received) {
    const parsed = parseEnvelope(JSON.stringify(e));
    assert.ok(parsed.ok);
    s = reduceEnvelope(s, parsed.envelope);
  }
  assert.equal(s.points.length, untilPoints);
  await c.close();
  return { state: s, seqs: c.received.map((e) => e.seq) };
}

const strictlyIncreasing = (seqs: readonly number[]): boolean => seqs.every((s, i) => i === 0 || s > seqs[i - 1]);

describe('seq on every connection', () => {
  let server: LiveServer;
  const hub = new EventHub();
  before(async () => {
    server = await startLiveServer({ hub, control: none, token: TOKEN, port: 0, log: () => undefined });
  });
  after(() => server.close());

  it('strictly increases in send order when a reply comes before a replay; the dashboard reducer keeps the whole history across reconnects', async () => {
    publish(hub, 0, 10);
    const first = await dashboardSession(server.port, initialState, 10);
    assert.ok(strictlyIncreasing(first.seqs), `seqs ${first.seqs.join(',')}`);
    publish(hub, 10, 25);
    const second = await dashboardSession(server.port, first.state, 25);
    assert.ok(strictlyIncreasing(second.seqs), `seqs ${second.seqs.join(',')}`);
    assert.deepEqual(second.state.points.map((p) => p.step), Array.from({ length: 25 }, (_, i) => i), 'every step once');
    const third = await dashboardSession(server.port, second.state, 25);
    assert.ok(strictlyIncreasing(third.seqs));
    assert.equal(third.state.points.length, 25, 'nothing new: nothing applied twice');
  });

  it('an auth reply awaited before the subscription, and a second subscription on the same socket, keep the order too', async () => {
    const c = await TestClient.open(server.port);
    assert.equal((await c.request({ type: 'auth', token: TOKEN })).type, 'control/ack');
    const ack = await c.request({ type: 'subscribe', topics: ['run'], since: 0 });
    assert.ok((ack.payload as { replayed: number }).replayed > 0);
    publish(hub, 25, 27);
    await c.request({ type: 'ping' });
    const again = await c.request({ type: 'subscribe', topics: ['run', 'agent'], since: 0 });
    assert.equal(again.type, 'control/ack');
    const seqs = c.received.map((e) => e.seq);
    assert.ok(strictlyIncreasing(seqs), `seqs ${seqs.join(',')}`);
    const events = c.received.filter((e) => e.type === 'event').map((e) => (e.payload as { seq_num: number }).seq_num);
    assert.deepEqual(events, Array.from({ length: 27 }, (_, i) => i + 1), 'each run event once, in order');
    await c.close();
  });

  it('the reducer is robust on its own: a control reply with a higher seq does not hide the replay after it', () => {
    const ack = { v: 1 as const, seq: 100, ts: 1, topic: 'control' as const, type: 'control/ack', payload: { request: { type: 'auth' } } };
    const start = { v: 1 as const, seq: 2, ts: 1, topic: 'run' as const, type: 'start', payload: START };
    const s = [ack, start].reduce(reduceEnvelope, initialState);
    assert.equal(s.run?.runId, 'latent-bo-1');
    assert.equal(s.lastSeq, 2);
  });
});
