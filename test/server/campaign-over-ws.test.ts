import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startCampaignServer } from '../../src/server/campaign-server.ts';
import type { Envelope } from '../../src/server/envelope.ts';
import { redactPaths } from '../../src/server/redact-paths.ts';
import { repoRoot } from '../helpers/repo-paths.ts';
import { TestClient } from './ws-test-client.ts';

/** The quick W2 of the protocol brief: a few seconds. */
const QUICK_W2 = [
  'workflow.trajectories.count=300', 'workflow.vae.epochs=3', 'workflow.vae.hidden=[32]', 'workflow.grid.nx=20', 'workflow.grid.ny=20',
  'agent.budget=40', 'agent.initialPoints=5', 'agent.retry.backoffMs=0', 'agent.posteriorEvery=2',
];

const payload = <T>(e: Envelope): T => e.payload as T;

describe('a real campaign driven over the WebSocket', () => {
  it('start → prepared grid, documents, posterior and frames live; pause, swap, resume; CAMPAIGN_RUNNING; stop document; state over HTTP', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferroloop-serve-'));
    const server = await startCampaignServer({ token: 'tok', port: 0, runsDir: join(dir, 'runs'), cacheDir: join(dir, 'cache'), log: () => undefined });
    try {
      const watcher = await TestClient.open(server.port, 'topics=run,agent,model,frames');
      const ctl = await TestClient.open(server.port, 'token=tok');
      const ack = await ctl.request({ type: 'start', config: 'latent-bo.json', set: QUICK_W2 });
      assert.equal(ack.type, 'control/ack', JSON.stringify(ack.payload));
      assert.equal(payload<{ code: string }>(await ctl.request({ type: 'start', config: 'latent-bo.json' })).code, 'CAMPAIGN_RUNNING');

      const prepared = await watcher.next((e) => e.type === 'campaign/prepared');
      const p = payload<{ runId: string; budget: number; grid: { nx: number; ny: number }; coordinates: number[]; groundTruth: number[] }>(prepared);
      assert.equal(p.budget, 40);
      // The preparation was shown while it ran: its start, then VAE epochs with their losses (the cache was empty).
      const preparing = watcher.received.filter((e) => e.type === 'campaign/preparing' && e.seq < prepared.seq).map((e) => payload<{ stage: string; detail?: string }>(e));
      assert.equal(preparing[0]?.stage, 'starting');
      assert.ok(preparing.some((x) => x.stage === 'vae' && /^loss [\d.e+-]+ · reconstruction .* · KL /.test(x.detail ?? '')), JSON.stringify(preparing.slice(0, 3)));
      assert.ok(preparing.some((x) => x.stage === 'ground truth'));
      assert.deepEqual([p.grid.nx, p.grid.ny], [20, 20]);
      assert.equal(p.coordinates.length, 2 * 400);
      assert.equal(p.groundTruth.length, 400);

      await watcher.next((e) => e.type === 'agent/progress' && payload<{ step: number }>(e).step >= 3);
      assert.equal((await ctl.request({ type: 'pause' })).type, 'control/ack');
      const paused = await watcher.next((e) => e.type === 'agent/state' && payload<{ state: string }>(e).state === 'paused');
      const state = await (await fetch(`${server.url}api/state`)).json() as { campaign: { state: string; runId: string } };
      assert.equal(state.campaign.state, 'paused');
      assert.equal(state.campaign.runId, p.runId);
      const listed = state as unknown as { mode: string; configs: string[] };
      assert.equal(listed.mode, 'live');
      assert.ok(listed.configs.includes('latent-bo.json') && listed.configs.includes('param-bo.json'), 'shipped configs for the start control');
      const progressWhilePaused = watcher.received.filter((e) => e.seq > paused.seq && e.type === 'agent/progress').length;
      assert.equal(progressWhilePaused, 0);
      // A swap sent while paused takes effect at the step boundary after the resume.
      const instrument = { ...JSON.parse(readFileSync(join(repoRoot, 'configs', 'latent-bo.json'), 'utf8')).instrument, name: 'ferrosim-b' };
      // A bad swap config is refused in the reply (and by HTTP with 400), not acknowledged and failed later.
      const badSwap = payload<{ code: string; message: string }>(await ctl.request({ type: 'swap', instrument: { kind: 'ferrosim', name: 'x', lattice: 'big' } }));
      assert.equal(badSwap.code, 'BAD_CONFIG');
      assert.match(badSwap.message, /^swap: instrument/);
      const viaHttp = await fetch(`${server.url}api/control`, {
        method: 'POST', body: JSON.stringify({ type: 'swap', instrument: { kind: 'laser' } }), headers: { authorization: 'Bearer tok', 'content-type': 'application/json' },
      });
      assert.equal(viaHttp.status, 400);
      assert.equal(((await viaHttp.json()) as { error: { code: string } }).error.code, 'BAD_CONFIG');
      assert.equal((await ctl.request({ type: 'swap', instrument })).type, 'control/ack');
      assert.equal((await ctl.request({ type: 'resume' })).type, 'control/ack');
      const swapped = await watcher.next((e) => e.type === 'instrument/swapped');
      assert.deepEqual([payload<{ from: string }>(swapped).from, payload<{ to: string }>(swapped).to], ['ferrosim', 'ferrosim-b']);

      const stop = await watcher.next((e) => e.topic === 'run' && e.type === 'stop');
      assert.equal(payload<{ exit_status: string }>(stop).exit_status, 'success');
      await server.manager.current;
      const lastProgress = watcher.received.filter((e) => e.type === 'agent/progress').at(-1)!;
      assert.equal(payload<{ instrument: string }>(lastProgress).instrument, 'ferrosim-b');
      const posterior = watcher.received.filter((e) => e.topic === 'model');
      assert.ok(posterior.length >= 1);
      const post = payload<{ mean: number[]; std: number[] }>(posterior.at(-1)!);
      assert.equal(post.mean.length, 400);
      assert.ok(post.std.every((s) => s >= 0 && Number.isFinite(s)));
      const frame = payload<{ command: { kind: string; field: number[] }; arrays: Record<string, { shape: number[]; data: number[] }> }>(
        watcher.received.find((e) => e.topic === 'frames')!);
      assert.equal(frame.command.kind, 'pole');
      assert.ok(frame.command.field.length > 900);
      for (const a of Object.values(frame.arrays)) assert.equal(a.data.length, a.shape.reduce((x, y) => x * y, 1));

      // The run documents on the wire are exactly the run log, in order; the watcher holds no token,
      // so it gets them with filesystem paths redacted.
      const log = readFileSync(join(dir, 'runs', `${p.runId}.jsonl`), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      const wire = watcher.received.filter((e) => e.topic === 'run').map((e) => [e.type, e.payload]);
      assert.deepEqual(wire, redactPaths(log));
      assert.equal(payload<{ code: string }>(await ctl.request({ type: 'stop' })).code, 'NO_CAMPAIGN');
      await watcher.close();
      await ctl.close();
    } finally {
      await server.close();
    }
  });

  it('a bad config name or an invalid config gets BAD_CONFIG naming the field', async () => {
    const server = await startCampaignServer({ token: 'tok', port: 0, runsDir: join(tmpdir(), 'ferroloop-unused'), log: () => undefined });
    try {
      const ctl = await TestClient.open(server.port, 'token=tok');
      const traversal = payload<{ code: string; message: string }>(await ctl.request({ type: 'start', config: '../package.json' }));
      assert.equal(traversal.code, 'BAD_CONFIG');
      const missing = payload<{ code: string; message: string }>(await ctl.request({ type: 'start', config: 'nope.json' }));
      assert.equal(missing.code, 'BAD_CONFIG');
      const bad = payload<{ code: string; message: string }>(await ctl.request({ type: 'start', config: 'latent-bo.json', set: ['agent.budget=-1'] }));
      assert.equal(bad.code, 'BAD_CONFIG');
      assert.match(bad.message, /agent\.budget/);
      assert.equal(server.manager.running, false);
      await ctl.close();
    } finally {
      await server.close();
    }
  });
});
