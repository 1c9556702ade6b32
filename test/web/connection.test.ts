import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { type WebSocket as WsSocket, WebSocket, WebSocketServer } from 'ws';
import { authMessage } from '../../web/client-messages.ts';
import { type DashboardState, initialState } from '../../web/dashboard-state.ts';
import { type ConnectionStatus, LiveConnection } from '../../web/dom/connection.ts';
import { reduceEnvelope } from '../../web/reduce-envelope.ts';
import { EnvelopeBuilder, PRIMARY, START, primaryEvent } from './envelope-fixtures.ts';

// Node 20 has no global WebSocket; ws's client implements the same onopen/onmessage/onclose/send API.
const globals = globalThis as { WebSocket?: unknown };
const hadWebSocket = 'WebSocket' in globals;

/** The envelopes a server would publish for one run: start, descriptor, then three primary events (seq 1..5). */
function script(runId = 'latent-bo-1', firstSeq = 1): string[] {
  const b = new EnvelopeBuilder(firstSeq);
  return [
    b.next('run', 'start', { ...START, run_id: runId }), b.next('run', 'descriptor', PRIMARY),
    b.next('run', 'event', primaryEvent(0, 4, 1)), b.next('run', 'event', primaryEvent(1, 2, 2)), b.next('run', 'event', primaryEvent(2, 0, 3)),
  ].map((e) => JSON.stringify(e));
}

/** A ws server that records every client message per connection and calls `onSubscribe(connection index, socket)`. */
async function scriptedServer(onSubscribe: (index: number, ws: WsSocket) => void): Promise<{ url: string; received: unknown[][]; close: () => Promise<void> }> {
  const received: unknown[][] = [];
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((resolve) => wss.once('listening', resolve));
  wss.on('connection', (ws) => {
    const mine: unknown[] = [];
    const index = received.push(mine) - 1;
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as { type: string };
      mine.push(msg);
      if (msg.type === 'subscribe') onSubscribe(index, ws);
    });
  });
  const { port } = wss.address() as AddressInfo;
  return { url: `ws://127.0.0.1:${port}/ws`, received, close: () => new Promise<void>((resolve) => wss.close(() => resolve())) };
}

/** Connects a LiveConnection feeding the reducer until `until(state)`; returns the final state and what it saw. */
async function runClient(url: string, until: (s: DashboardState) => boolean) {
  let state: DashboardState = initialState;
  const statuses: ConnectionStatus[] = [];
  const badFrames: string[] = [];
  let restarts = 0;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => { conn.close(); reject(new Error(`client never reached the expected state; last seq ${state.lastSeq}`)); }, 10_000);
    const conn = new LiveConnection(url, {
      onEnvelope: (env) => {
        state = reduceEnvelope(state, env);
        if (until(state)) { clearTimeout(timer); conn.close(); resolve(); }
      },
      onStatus: (s) => statuses.push(s),
      onBadFrame: (e) => badFrames.push(e),
      lastSeq: () => state.lastSeq,
      greeting: () => [authMessage('T')],
      onServerRestart: () => { restarts++; state = initialState; },
    }, { baseMs: 5, maxMs: 20 });
    conn.start();
  });
  return { state, statuses, badFrames, restarts };
}

const ALL_TOPICS = ['run', 'agent', 'model', 'frames', 'control'];

describe('LiveConnection (against a scripted ws server)', () => {
  before(() => { if (!hadWebSocket) globals.WebSocket = WebSocket; });
  after(() => { if (!hadWebSocket) delete globals.WebSocket; });

  it('reconnects after a drop, greets with auth, resubscribes from the last seq, and duplicates are dropped', async () => {
    const frames = script();
    const server = await scriptedServer((index, ws) => {
      // first connection: seq 1..3 and a malformed frame, then the link dies; second: seq 2..5 (2, 3 repeated)
      if (index > 0) return frames.slice(1).forEach((f) => ws.send(f));
      for (const f of frames.slice(0, 3)) ws.send(f);
      ws.send('{not json', () => ws.terminate()); // abrupt drop once everything is written
    });
    const r = await runClient(server.url, (s) => s.lastSeq === 5);
    await server.close();
    assert.equal(server.received.length, 2, 'one reconnection');
    assert.deepEqual(server.received[0], [{ type: 'auth', token: 'T' }, { type: 'subscribe', topics: ALL_TOPICS, since: 0 }]);
    assert.deepEqual(server.received[1][1], { type: 'subscribe', topics: ALL_TOPICS, since: 3 });
    assert.deepEqual(r.state.points.map((p) => p.candidate), [4, 2, 0], 'each event once, in order');
    assert.deepEqual(r.badFrames, ['frame is not JSON']);
    assert.deepEqual(r.statuses.map((s) => s.state), ['connecting', 'open', 'closed', 'connecting', 'open']);
    assert.equal(r.restarts, 0);
  });

  it('a restarted server (its subscribe ack numbered from 1 again) makes the client reset and reload from seq 0', async () => {
    const before = script('run-before');
    const ack = JSON.stringify({ v: 1, seq: 1, ts: 1, topic: 'control', type: 'control/ack', payload: { request: { type: 'subscribe' } } });
    const afterRestart = script('run-after', 2);
    const server = await scriptedServer((index, ws) => {
      if (index === 0) {
        before.forEach((f) => ws.send(f));
        ws.send(before[4], () => ws.terminate());
      } else if (index === 1) {
        ws.send(ack); // the new process numbers from 1 although the client asked for since = 5
      } else {
        [ack, ...afterRestart.slice(0, 4)].forEach((f) => ws.send(f));
      }
    });
    const r = await runClient(server.url, (s) => s.run?.runId === 'run-after' && s.points.length === 2);
    await server.close();
    assert.equal(r.restarts, 1);
    assert.deepEqual(server.received.map((m) => (m[1] as { since: number }).since), [0, 5, 0]);
    assert.deepEqual(r.state.points.map((p) => p.candidate), [4, 2]);
    assert.equal(r.state.lastSeq, 5, 'ack (1), start, descriptor and two events of the new server');
  });
});
