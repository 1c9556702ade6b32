import assert from 'node:assert/strict';
import { setImmediate as tick } from 'node:timers/promises';
import { describe, it } from 'node:test';
import type { ControlTarget } from '../../src/server/control-dispatch.ts';
import type { Envelope } from '../../src/server/envelope.ts';
import { EventHub } from '../../src/server/event-hub.ts';
import { startLiveServer } from '../../src/server/live-server.ts';
import { DEFAULT_SESSION_LIMITS } from '../../src/server/client-session.ts';
import { ServerError } from '../../src/server/server-error.ts';
import { TestClient } from './ws-test-client.ts';

const noCampaign: ControlTarget = {
  status: () => null,
  handle: async () => { throw new ServerError('NO_CAMPAIGN', 'none'); },
};

/** A payload of about `bytes` bytes of JSON. */
const padding = (bytes: number): string => 'x'.repeat(bytes);

/** The agent's side: `steps` steps, each publishing one run event and one large frame, yielding between steps. */
async function agentLoop(hub: EventHub, steps: number, frameBytes: number, runBytes = 50): Promise<void> {
  hub.publish('run', 'start', { uid: 's', time: 0 });
  for (let step = 1; step <= steps; step += 1) {
    hub.publish('run', 'event', { seq_num: step, pad: padding(runBytes) });
    hub.publish('frames', 'instrument/measured', { step, pad: padding(frameBytes) });
    await tick();
  }
  hub.publish('run', 'stop', { uid: 'z', exit_status: 'success' });
}

const runSeqs = (list: readonly Envelope[]): number[] => list.filter((e) => e.topic === 'run').map((e) => e.seq);

describe('slow clients', () => {
  it('a client that does not read never stalls the agent; it later gets every run document and only coalesced frames', async () => {
    const hub = new EventHub();
    const server = await startLiveServer({ hub, control: noCampaign, token: 't', port: 0, log: () => undefined });
    try {
      const healthy = await TestClient.open(server.port, 'topics=run,frames');
      const slow = await TestClient.open(server.port, 'topics=run,frames');
      slow.ws.pause();
      const steps = 1500;
      // 1 500 frames of 40 kB (60 MB) cannot fit in loopback socket buffers: the slow client's queue must coalesce.
      await agentLoop(hub, steps, 40_000);
      await healthy.next((e) => e.type === 'stop');
      assert.ok(slow.received.length < 10, 'the paused client had read (almost) nothing while the agent finished');
      slow.ws.resume();
      await slow.next((e) => e.type === 'stop');
      await slow.next((e) => e.topic === 'frames' && (e.payload as { step: number }).step === steps);
      assert.deepEqual(runSeqs(slow.received), runSeqs(healthy.received), 'every run document, in order');
      assert.equal(healthy.received.filter((e) => e.topic === 'frames').length, steps);
      const frames = slow.received.filter((e) => e.topic === 'frames');
      assert.ok(frames.length < steps, `frames were coalesced (${frames.length} of ${steps})`);
      assert.ok(frames.every((e, i) => i === 0 || e.seq > frames[i - 1].seq));
      await healthy.close();
      await slow.close();
    } finally {
      await server.close();
    }
  });

  it('a client too slow even for run documents is closed with 1013 and resumes with since= without a gap', async () => {
    const hub = new EventHub();
    let tooSlow!: () => void;
    const closedForSlowness = new Promise<void>((resolve) => { tooSlow = resolve; });
    const server = await startLiveServer({
      hub, control: noCampaign, token: 't', port: 0, limits: { ...DEFAULT_SESSION_LIMITS, maxPendingReliable: 300 },
      log: (m) => { if (/too slow/.test(m)) tooSlow(); },
    });
    try {
      const healthy = await TestClient.open(server.port, 'topics=run');
      const slow = await TestClient.open(server.port, 'topics=run');
      slow.ws.pause();
      // 3 000 run events of 20 kB: far more than the socket buffers plus 300 queued documents.
      await agentLoop(hub, 3000, 10, 20_000);
      await healthy.next((e) => e.type === 'stop');
      await closedForSlowness;
      slow.ws.resume();
      assert.equal((await slow.closed).code, 1013);
      const last = slow.received.at(-1)!.seq;
      assert.ok(slow.received.length < 3002, 'closed before it had everything');
      const again = await TestClient.open(server.port, `topics=run&since=${last}`);
      await again.next((e) => e.type === 'stop');
      assert.deepEqual([...runSeqs(slow.received), ...runSeqs(again.received)], runSeqs(healthy.received), 'nothing lost, nothing twice');
      await again.close();
      await healthy.close();
    } finally {
      await server.close();
    }
  });
});
