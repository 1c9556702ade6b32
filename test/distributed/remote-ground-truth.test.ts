import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.ts';
import { WorkerProcess } from '../helpers/worker-process.ts';
import { repoRoot } from '../helpers/repo-paths.ts';
import { redisServerAvailable, startRedis, type RedisUnderTest } from '../helpers/redis-server.ts';
import { loadCampaignConfig } from '../../src/config-loader.ts';
import { prepareWorkflow } from '../../src/agents/workflows/prepare-workflow.ts';
import { createInstrument } from '../../src/drivers/create-instrument.ts';
import type { CampaignConfig } from '../../src/config.ts';

const skip = redisServerAvailable() ? false : 'redis-server is not installed (apt-get install redis-server; .ci/run does)';

/** A small W2: 200 training curves, a 3-epoch VAE, a 5 × 4 latent grid (20 ground-truth runs), 6 measurements. */
const W2 = [
  'workflow.trajectories.count=200', 'workflow.vae.epochs=3', 'workflow.vae.hidden=[16]', 'workflow.grid.nx=5', 'workflow.grid.ny=4',
  'agent.budget=6', 'agent.initialPoints=3', 'figures=false',
];
/** A small W3: a 12 × 12 scan, 6-px patches (49 candidate pixels), 16-point loops. */
const W3 = ['workflow.scan.pixels=[12,12]', 'workflow.patch=6', 'workflow.spectroscopy.points=16', 'instrument.scan.defaultPixels=[12,12]'];

const truthFiles = (dir: string, prefix: string) => readdirSync(dir).filter((f) => f.startsWith(prefix) && f.endsWith('.f64'));

/** The ground truth a W3 config prepares (computing it into `cacheDir` unless cached there). */
async function w3Truth(cfg: CampaignConfig, cacheDir: string, logs: string[]): Promise<Float64Array> {
  const instrument = createInstrument(cfg.instrument);
  await instrument.connect();
  try {
    return (await prepareWorkflow(cfg, { cacheDir, compute: cfg.compute, log: (m) => logs.push(m) }, instrument)).groundTruth!;
  } finally {
    await instrument.close();
  }
}

describe('campaign ground truths on the Redis queue equal the local ones bit for bit', { skip }, () => {
  let redis: RedisUnderTest;
  let worker: WorkerProcess;
  const dir = mkdtempSync(join(tmpdir(), 'ferroloop-dist-truth-'));
  before(async () => {
    redis = await startRedis();
    worker = new WorkerProcess(redis.url);
    await worker.waitFor(/ready on/);
  });
  after(async () => {
    if (worker) {
      worker.child.kill('SIGINT');
      assert.equal(await worker.exited(), 0, worker.log);
    }
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('W2: ferroloop run --redis (one ferroloop worker) writes the same ground-truth cache file, byte for byte, and the same summary', async () => {
    const local = join(dir, 'cache-local');
    const remote = join(dir, 'cache-remote');
    const args = (runs: string) => ['run', 'latent-bo.json', ...W2.flatMap((s) => ['--set', s]), '--runs-dir', join(dir, runs), '--quiet'];
    const a = await runCli(args('runs-local'), { env: { FERROLOOP_CACHE_DIR: local } });
    assert.equal(a.code, 0, a.stderr);
    assert.match(a.stderr, /ground truth computed \(20 runs\) and cached/);
    // The remote run re-uses the trained VAE but not the ground truth: that must come from the queue.
    const [file] = truthFiles(local, 'ground-truth-');
    assert.ok(file, readdirSync(local).join(' '));
    cpSync(local, remote, { recursive: true, filter: (src) => !src.endsWith('.f64') });
    assert.deepEqual(truthFiles(remote, 'ground-truth-'), []);
    const b = await runCli([...args('runs-remote'), '--redis', redis.url], { env: { FERROLOOP_CACHE_DIR: remote } });
    assert.equal(b.code, 0, b.stderr);
    assert.match(b.stderr, /ground truth computed \(20 runs on the queue\) and cached/);
    assert.match(worker.log, /chunk \w+ 0–20 \(20 runs\) started/);
    // Same cache key (the content hash does not depend on where it was computed), same bytes.
    assert.deepEqual(truthFiles(remote, 'ground-truth-'), [file]);
    assert.ok(readFileSync(join(remote, file)).equals(readFileSync(join(local, file))));
    const strip = (out: string) => {
      const { run_id: _r, log: _l, ...rest } = JSON.parse(out);
      return rest;
    };
    assert.deepEqual(strip(b.stdout), strip(a.stdout));
  });

  it('W3: compute.redis in the config (zod-checked) runs the exhaustive loop map on the queue: same values and cache file', async () => {
    const text = readFileSync(join(repoRoot, 'configs', 'dkl-microscope.json'), 'utf8');
    const local = join(dir, 'w3-local');
    const remote = join(dir, 'w3-remote');
    const logs: string[] = [];
    const mine = await w3Truth(loadCampaignConfig(text, 'dkl-microscope.json', W3), local, logs);
    const cfg = loadCampaignConfig(text, 'dkl-microscope.json', [...W3, `compute={"redis":"${redis.url}","chunk":8}`]);
    assert.deepEqual(cfg.compute, { redis: redis.url, chunk: 8 });
    const queued = await w3Truth(cfg, remote, logs);
    assert.match(logs.join('\n'), /ground truth measured at 49 pixels on the queue and cached/);
    assert.match(worker.log, /chunk \w+ 48–49 \(1 runs\) started/);
    assert.equal(queued.length, 49);
    assert.ok(Buffer.from(queued.buffer).equals(Buffer.from(mine.buffer)));
    const [file] = truthFiles(local, 'loop-truth-');
    assert.deepEqual(truthFiles(remote, 'loop-truth-'), [file]);
    assert.ok(readFileSync(join(remote, file)).equals(readFileSync(join(local, file))));
  });

  it('refuses a compute.redis that is not a redis:// URL, naming the key', () => {
    const text = readFileSync(join(repoRoot, 'configs', 'dkl-microscope.json'), 'utf8');
    assert.throws(() => loadCampaignConfig(text, 'dkl-microscope.json', ['compute={"redis":"http://x"}']), /compute\.redis.*redis:\/\//s);
    assert.throws(() => loadCampaignConfig(text, 'dkl-microscope.json', ['compute={"redis":"redis://x","extra":1}']), /compute/);
  });
});
