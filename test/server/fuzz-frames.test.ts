import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { CLIENT_MESSAGE_TYPES } from '../../src/server/client-messages.ts';
import type { ControlTarget } from '../../src/server/control-dispatch.ts';
import { EventHub } from '../../src/server/event-hub.ts';
import { type LiveServer, startLiveServer } from '../../src/server/live-server.ts';
import { ServerError } from '../../src/server/server-error.ts';
import { TestClient } from './ws-test-client.ts';

const TOKEN = 'fuzz-token';

/** Refuses everything, as a server without a campaign does. */
const refuse: ControlTarget = {
  status: () => null,
  handle: async () => { throw new ServerError('NO_CAMPAIGN', 'no campaign is running'); },
};

/** Frames: raw strings, arbitrary JSON, and messages of every known type (or near misses) with random fields. */
const frameArb = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.json({ maxDepth: 3 }),
  fc.record({
    type: fc.oneof(fc.constantFrom(...CLIENT_MESSAGE_TYPES), fc.string({ maxLength: 12 })),
    extra: fc.dictionary(fc.constantFrom('id', 'topics', 'since', 'token', 'config', 'set', 'instrument', 'reason', 'x'), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
  }).map(({ type, extra }) => JSON.stringify({ ...extra, type })),
  fc.constantFrom(JSON.stringify({ type: 'auth', token: TOKEN }), JSON.stringify({ type: 'subscribe', topics: ['run'], since: 0 })),
);

describe('fuzzed frames', () => {
  let server: LiveServer;
  const hub = new EventHub();
  before(async () => {
    server = await startLiveServer({ hub, control: refuse, token: TOKEN, port: 0, log: () => undefined });
  });
  after(() => server.close());

  it('never crash the server: every frame gets exactly one control reply and the socket stays open (300 seeded runs)', async () => {
    const client = await TestClient.open(server.port);
    let n = 0;
    await fc.assert(fc.asyncProperty(fc.array(frameArb, { minLength: 1, maxLength: 5 }), async (frames) => {
      const from = client.received.length;
      for (const f of frames) client.send(f);
      const pong = await client.request({ type: 'ping' });
      assert.equal(pong.type, 'pong');
      const replies = client.received.slice(from).filter((e) => e.topic === 'control' && e !== pong);
      assert.equal(replies.length, frames.length, `one reply per frame: ${JSON.stringify(frames)}`);
      for (const r of replies) assert.ok(r.type === 'error' || r.type === 'control/ack' || r.type === 'pong', r.type);
      n += 1;
    }), { numRuns: 300, seed: 20261122 });
    assert.equal(n, 300);
    assert.equal(client.ws.readyState, client.ws.OPEN);
    await client.close();
    const fresh = await TestClient.open(server.port);
    assert.equal((await fresh.request({ type: 'ping' })).type, 'pong', 'the server still accepts clients');
    await fresh.close();
  });

  it('random binary frames on fresh sockets get BAD_MESSAGE and do not crash the server', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 64 }), async (bytes) => {
      const c = await TestClient.open(server.port);
      c.ws.send(bytes, { binary: true });
      const e = await c.next((x) => x.type === 'error');
      assert.equal((e.payload as { code: string }).code, 'BAD_MESSAGE');
      await c.close();
    }), { numRuns: 30, seed: 7 });
  });

  it('fuzzed POST /api/control bodies get 400 or 409 with a JSON error, never a 500 (150 seeded runs)', async () => {
    await fc.assert(fc.asyncProperty(frameArb, async (body) => {
      const res = await fetch(`${server.url}api/control`, { method: 'POST', body, headers: { authorization: `Bearer ${TOKEN}` } });
      const json = await res.json() as { error?: { code: string } };
      assert.ok(res.status === 400 || res.status === 409, `${res.status} for ${body}`);
      assert.equal(typeof json.error?.code, 'string');
    }), { numRuns: 150, seed: 11 });
  });
});
