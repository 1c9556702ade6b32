import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { WebSocket, WebSocketServer } from 'ws';
import { authMessage } from '../../web/client-messages.ts';
import { type DashboardState, initialState } from '../../web/dashboard-state.ts';
import { type ConnectionStatus, LiveConnection } from '../../web/dom/connection.ts';
import { reduceEnvelope } from '../../web/reduce-envelope.ts';
import { EnvelopeBuilder, PRIMARY, START, primaryEvent } from './envelope-fixtures.ts';

// Node 20 has no global WebSocket; ws's client implements the same onopen/onmessage/onclose/send API.
const globals = globalThis as { WebSocket?: unknown };
const hadWebSocket = 'WebSocket' in globals;

/** The envelopes a server would publish: start, descriptor, then three primary events (seq 1..5). */
function script(): string[] {
  const b = new EnvelopeBuilder();
  return [
    b.next('run', 'start', START), b.next('run', 'descriptor', PRIMARY),
    b.next('run', 'event', primaryEvent(0, 4, 1)), b.next('run', 'event', primaryEvent(1, 2, 2)), b.next('run', 'event', primaryEvent(2, 0, 3)),
  ].map((e) => JSON.stringify(e));
}

describe('LiveConnection (against a scripted ws server)', () => {
  before(() => { if (!hadWebSocket) globals.WebSocket = WebSocket; });
  after(() => { if (!hadWebSocket) delete globals.WebSocket; });

  it('reconnects after a drop, greets with auth, resubscribes from the last seq, and duplicates are dropped', async () => {
    const frames = script();
    const received: unknown[][] = [];
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise((resolve) => wss.once('listening', resolve));
    wss.on('connection', (ws) => {
      const mine: unknown[] = [];
      const index = received.push(mine) - 1;
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data)) as { type: string };
        mine.push(msg);
        if (msg.type !== 'subscribe') return;
        // first connection: seq 1..3 and a malformed frame, then the link dies; second: seq 2..5 (2, 3 repeated)
        if (index === 0) {
          for (const f of frames.slice(0, 3)) ws.send(f);
          ws.send('{not json', () => ws.terminate()); // abrupt drop once everything is written
        } else {
          for (const f of frames.slice(1)) ws.send(f);
        }
      });
    });
    let state: DashboardState = initialState;
    const statuses: ConnectionStatus[] = [];
    const badFrames: string[] = [];
    const { port } = wss.address() as AddressInfo;
    const done = new Promise<void>((resolve) => {
      const conn = new LiveConnection(`ws://127.0.0.1:${port}/ws`, {
        onEnvelope: (env) => {
          state = reduceEnvelope(state, env);
          if (state.lastSeq === 5) { conn.close(); resolve(); }
        },
        onStatus: (s) => statuses.push(s),
        onBadFrame: (e) => badFrames.push(e),
        lastSeq: () => state.lastSeq,
        greeting: () => [authMessage('T')],
      }, { baseMs: 5, maxMs: 20 });
      conn.start();
    });
    await done;
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    assert.equal(received.length, 2, 'one reconnection');
    assert.deepEqual(received[0], [{ type: 'auth', token: 'T' }, { type: 'subscribe', topics: ['run', 'agent', 'model', 'frames', 'control'], since: 0 }]);
    assert.deepEqual(received[1][1], { type: 'subscribe', topics: ['run', 'agent', 'model', 'frames', 'control'], since: 3 });
    assert.deepEqual(state.points.map((p) => p.candidate), [4, 2, 0], 'each event once, in order');
    assert.deepEqual(badFrames, ['frame is not JSON']);
    assert.deepEqual(statuses.map((s) => s.state), ['connecting', 'open', 'closed', 'connecting', 'open']);
  });
});
