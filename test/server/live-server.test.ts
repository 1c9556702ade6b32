import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CampaignStatus } from '../../src/server/campaign-manager.ts';
import type { ControlRequest } from '../../src/server/client-messages.ts';
import type { ControlTarget } from '../../src/server/control-dispatch.ts';
import type { Envelope } from '../../src/server/envelope.ts';
import { EventHub } from '../../src/server/event-hub.ts';
import { type LiveServer, startLiveServer } from '../../src/server/live-server.ts';
import { ServerError } from '../../src/server/server-error.ts';
import { TestClient } from './ws-test-client.ts';

const TOKEN = 'test-token-1234';

/** A control target that records requests; 'start' while "running" is refused like the campaign manager does. */
function recordingControl(): ControlTarget & { requests: ControlRequest[] } {
  const requests: ControlRequest[] = [];
  let running = false;
  return {
    requests,
    status: (): CampaignStatus | null => (running ? { runId: 'r1', name: 'fake', state: 'running', step: 3, budget: 10, best: 1.5 } : null),
    async handle(req) {
      requests.push(req);
      if (req.type === 'start') {
        if (running) throw new ServerError('CAMPAIGN_RUNNING', 'a campaign is running');
        running = true;
        return { name: 'fake' };
      }
      if (!running) throw new ServerError('NO_CAMPAIGN', 'no campaign is running');
      return {};
    },
  };
}

/** Publishes a little run: start, descriptor, n events (and a model snapshot after each). */
function publishRun(hub: EventHub, n: number, first = 1): void {
  if (first === 1) {
    hub.publish('run', 'start', { uid: 's', time: 1 });
    hub.publish('run', 'descriptor', { uid: 'd', time: 1, run_start: 's', data_keys: {} });
  }
  for (let i = first; i < first + n; i += 1) {
    hub.publish('run', 'event', { uid: `e${i}`, descriptor: 'd', seq_num: i, time: i, data: {}, timestamps: {} });
    hub.publish('agent', 'agent/progress', { step: i });
    hub.publish('model', 'model/posterior', { step: i, mean: [i], std: [0] });
  }
}

/** Sends a raw text frame and awaits the next control reply. */
async function rawReply(c: TestClient, frame: string): Promise<Envelope> {
  const from = c.received.length;
  c.send(frame);
  return c.next((e) => e.topic === 'control', from);
}

const seqs = (list: readonly Envelope[], topic: string): number[] => list.filter((e) => e.topic === topic).map((e) => e.seq);

describe('live server over real sockets', () => {
  let hub: EventHub;
  let control: ReturnType<typeof recordingControl>;
  let server: LiveServer;
  const logged: string[] = [];

  before(async () => {
    hub = new EventHub();
    control = recordingControl();
    server = await startLiveServer({
      hub, control, token: TOKEN, port: 0, log: (m) => logged.push(m),
      dashboard: async () => ({ ok: false, reason: 'dashboard bundle unavailable (test)' }),
    });
  });
  after(() => server.close());

  it('subscribes, replays what was retained, then streams live envelopes with increasing seq', async () => {
    publishRun(hub, 3);
    const c = await TestClient.open(server.port);
    const ack = await c.request({ type: 'subscribe', topics: ['run', 'model'] });
    assert.equal(ack.type, 'control/ack');
    assert.equal((ack.payload as { replayed: number }).replayed, 2 + 3 + 1, 'every run document, only the latest model snapshot');
    publishRun(hub, 1, 4);
    const live = await c.next((e) => e.topic === 'model' && (e.payload as { step: number }).step === 4);
    assert.equal(live.v, 1);
    const data = c.received.filter((e) => e.topic !== 'control');
    assert.ok(data.every((e, i) => i === 0 || e.seq > data[i - 1].seq), 'seq strictly increasing');
    assert.ok(!data.some((e) => e.topic === 'agent'), 'only subscribed topics');
    assert.deepEqual(data.filter((e) => e.topic === 'run').map((e) => e.type), ['start', 'descriptor', 'event', 'event', 'event', 'event']);
    await c.close();
  });

  it('resumes after a reconnect with since= and no gap in any topic', async () => {
    const reference = await TestClient.open(server.port, 'topics=run,agent');
    const first = await TestClient.open(server.port, 'topics=run,agent');
    const base = hub.lastSeq;
    publishRun(hub, 5, 10);
    await first.next((e) => e.seq > base && e.topic === 'agent' && (e.payload as { step: number }).step === 14);
    const lastSeen = first.received.filter((e) => e.seq > base && (e.payload as { seq_num?: number }).seq_num === 12)[0].seq;
    await first.close();
    publishRun(hub, 5, 15);
    const resumed = await TestClient.open(server.port, `topics=run,agent&since=${lastSeen}`);
    await resumed.next((e) => e.topic === 'agent' && (e.payload as { step: number }).step === 19);
    await reference.next((e) => e.topic === 'agent' && (e.payload as { step: number }).step === 19);
    const before = first.received.filter((e) => e.seq <= lastSeen);
    const joined = [...before, ...resumed.received];
    for (const topic of ['run', 'agent']) {
      assert.deepEqual(seqs(joined, topic).filter((s) => s > base), seqs(reference.received, topic).filter((s) => s > base), `${topic}: no gap, no duplicate`);
    }
    await resumed.close();
    await reference.close();
  });

  it('answers malformed JSON, unknown types and schema failures with errors and keeps the socket open', async () => {
    const c = await TestClient.open(server.port);
    const errors: [unknown, string, RegExp][] = [
      ['{not json', 'BAD_JSON', /not valid JSON/],
      [JSON.stringify([1, 2]), 'BAD_MESSAGE', /JSON object/],
      [JSON.stringify({ type: 'explode' }), 'UNKNOWN_TYPE', /explode/],
      [JSON.stringify({ type: 'subscribe', topics: ['nope'] }), 'BAD_MESSAGE', /^topics\.0:/],
      [JSON.stringify({ type: 'subscribe', topics: ['run'], since: -1 }), 'BAD_MESSAGE', /^since:/],
      [JSON.stringify({ type: 'start' }), 'BAD_MESSAGE', /^config:/],
      [JSON.stringify({ type: 'ping', extra: 1 }), 'BAD_MESSAGE', /extra|Unrecognized/],
    ];
    for (const [frame, code, message] of errors) {
      const from = c.received.length;
      c.send(frame as string);
      const e = await c.next((x) => x.type === 'error', from);
      assert.equal(e.topic, 'control');
      assert.equal((e.payload as { code: string }).code, code, String(frame));
      assert.match((e.payload as { message: string }).message, message);
    }
    c.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    assert.equal(((await c.next((x) => x.type === 'error' && /binary/.test((x.payload as { message: string }).message))).payload as { code: string }).code, 'BAD_MESSAGE');
    const pong = await c.request({ type: 'ping' });
    assert.equal(pong.type, 'pong', 'still open and answering');
    await c.close();
  });

  it('a 40 KB frame nested 20 000 levels deep gets BAD_JSON on that socket alone; the server and other clients go on', async () => {
    const other = await TestClient.open(server.port);
    const c = await TestClient.open(server.port);
    const deep = `{"type":${'['.repeat(20_000)}${']'.repeat(20_000)}}`;
    const e = await rawReply(c, deep);
    assert.equal(e.type, 'error');
    assert.match((e.payload as { code: string }).code, /^BAD_(JSON|MESSAGE)$/);
    assert.match((e.payload as { message: string }).message, /nested deeper than 64 levels/);
    const seenBefore = other.received.length;
    assert.equal((await c.request({ type: 'ping' })).type, 'pong', 'the same socket still answers');
    assert.equal(other.received.length, seenBefore, 'the other client was sent nothing about it');
    assert.equal((await other.request({ type: 'ping' })).type, 'pong');
    // The same body over HTTP, with the token: 400 and a JSON error, not a 500.
    const r = await fetch(`${server.url}api/control`, { method: 'POST', body: deep, headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` } });
    assert.equal(r.status, 400);
    assert.match(((await r.json()) as { error: { message: string } }).error.message, /nested deeper/);
    for (const x of [c, other]) await x.close();
  });

  it("prototype keys ('__proto__', 'constructor', 'prototype') anywhere in a frame are refused; later messages are unaffected", async () => {
    const ctl = await TestClient.open(server.port, `token=${TOKEN}`);
    const from = control.requests.length;
    const refusals = [
      '{"type":"ping","__proto__":{"x":1}}',
      '{"type":"start","config":{"constructor":{"prototype":{"x":1}}}}',
    ];
    for (const frame of refusals) {
      const e = await rawReply(ctl, frame);
      assert.equal(e.type, 'error', frame);
      assert.match((e.payload as { message: string }).message, /the key '(__proto__|constructor|prototype)' is not allowed/, `${frame} → ${JSON.stringify(e.payload)}`);
    }
    assert.equal(control.requests.length, from, 'nothing reached the campaign');
    assert.equal(({} as Record<string, unknown>).x, undefined, 'Object.prototype untouched');
    // Every later message of every client still parses as before (the bug: "Unrecognized key: x" on all of them).
    const observer = await TestClient.open(server.port);
    assert.equal((await observer.request({ type: 'ping' })).type, 'pong');
    const sub = await observer.request({ type: 'subscribe', topics: ['run'] });
    assert.notEqual(sub.type, 'error', JSON.stringify(sub.payload));
    for (const x of [ctl, observer]) await x.close();
  });

  it('refuses frames over 1 MiB (ws closes with 1009) and stays up for others', async () => {
    const c = await TestClient.open(server.port);
    c.send(JSON.stringify({ type: 'ping', id: 'x'.repeat(1024 * 1024) }));
    assert.equal((await c.closed).code, 1009);
    const d = await TestClient.open(server.port);
    assert.equal((await d.request({ type: 'ping' })).type, 'pong');
    await d.close();
  });

  it('observers are read-only: control without a token is refused and logged; a controller is obeyed', async () => {
    const observer = await TestClient.open(server.port);
    const refused = await observer.request({ type: 'pause' });
    assert.equal(refused.type, 'error');
    assert.equal((refused.payload as { code: string }).code, 'UNAUTHORIZED');
    assert.ok(logged.some((l) => /refused 'pause' from .*no valid token/.test(l)), 'logged');
    const wrong = await observer.request({ type: 'auth', token: 'guess' });
    assert.equal((wrong.payload as { code: string }).code, 'UNAUTHORIZED');
    assert.equal(control.requests.length, 0, 'nothing reached the campaign');

    const ctl = await TestClient.open(server.port);
    const authAck = await ctl.request({ type: 'auth', token: TOKEN });
    assert.equal(authAck.type, 'control/ack');
    assert.deepEqual((authAck.payload as { request: unknown }).request, { type: 'auth' }, 'the token is never echoed');
    assert.equal(((await ctl.request({ type: 'pause' })).payload as { code?: string }).code, 'NO_CAMPAIGN');
    const started = await ctl.request({ type: 'start', config: 'latent-bo.json', set: ['agent.budget=5'] });
    assert.equal(started.type, 'control/ack');
    const { id: _id, ...ack } = started.payload as { id: string };
    assert.deepEqual(ack, { request: { type: 'start', config: 'latent-bo.json', set: ['agent.budget=5'] }, name: 'fake' });
    assert.deepEqual(control.requests.at(-1), { type: 'start', id: _id, config: 'latent-bo.json', set: ['agent.budget=5'] });
    const again = await ctl.request({ type: 'start', config: { name: 'x' } });
    assert.equal((again.payload as { code: string }).code, 'CAMPAIGN_RUNNING');
    assert.equal((await ctl.request({ type: 'stop' })).type, 'control/ack');
    const viaUrl = await TestClient.open(server.port, `token=${TOKEN}`);
    assert.equal((await viaUrl.request({ type: 'resume' })).type, 'control/ack');
    for (const c of [observer, ctl, viaUrl]) await c.close();
  });

  it('HTTP: /api/state, /api/control with Bearer token (401/400/200), 503 without the dashboard bundle', async () => {
    const base = server.url;
    const state = await (await fetch(`${base}api/state`)).json() as { campaign: CampaignStatus | null; seq: number };
    assert.equal(state.campaign?.name, 'fake');
    assert.ok(state.seq >= hub.lastSeq - 1);
    const post = (body: string, token?: string) => fetch(`${base}api/control`, {
      method: 'POST', body, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    });
    const before = logged.length;
    assert.equal((await post('{"type":"pause"}')).status, 401);
    assert.equal((await post('{"type":"pause"}', 'wrong')).status, 401);
    assert.ok(logged.slice(before).some((l) => /refused POST \/api\/control/.test(l)));
    assert.equal((await post('{"type":"pause"', TOKEN)).status, 400);
    assert.equal((await post('{"type":"subscribe","topics":[]}', TOKEN)).status, 400);
    const ok = await post('{"type":"pause","id":7}', TOKEN);
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), { id: 7, request: { type: 'pause' } });
    assert.equal((await post('{"type":"start","config":"a.json"}', TOKEN)).status, 409);
    const page = await fetch(base);
    assert.equal(page.status, 503);
    assert.match(await page.text(), /dashboard bundle unavailable/);
    assert.equal((await fetch(`${base}nowhere`)).status, 404);
  });
});
