import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { runCli } from '../helpers/run-cli.ts';
import { WorkerProcess } from '../helpers/worker-process.ts';
import { redisServerAvailable, startRedis, type RedisUnderTest } from '../helpers/redis-server.ts';
import { SIM_QUEUE } from '../../src/distributed/sim-jobs.ts';
import { redisOptions } from '../../src/distributed/redis-url.ts';

const skip = redisServerAvailable() ? false : 'redis-server is not installed (apt-get install redis-server; .ci/run does)';

describe('sweeps on the Redis queue (BullMQ) with ferroloop worker processes', { skip }, () => {
  let redis: RedisUnderTest;
  const dir = mkdtempSync(join(tmpdir(), 'ferroloop-dist-'));
  // 30 × 12 W2-type runs in chunks of 30: each chunk takes a worker thread a fraction of a second to seconds.
  const grid = ['sweep', 'grid', '--k', '0.1:10:30', '--dep-alpha', '0:2:12', '--quiet'];
  before(async () => {
    redis = await startRedis();
  });
  after(async () => {
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a worker SIGKILLed mid-chunk loses nothing: its chunk is re-run elsewhere and the output equals the local sweep', async () => {
    const local = await runCli([...grid, '--out', join(dir, 'local.csv')]);
    assert.equal(local.code, 0, local.stderr);
    // A short lock so the killed worker's chunk is handed on after ~1 s instead of BullMQ's 30 s.
    const doomed = new WorkerProcess(redis.url, ['--lock-ms', '1000']);
    await doomed.waitFor(/ready on/);
    const sweep = runCli([...grid, '--redis', redis.url, '--chunk', '30', '--out', join(dir, 'remote.csv')]);
    const started = await doomed.waitFor(/chunk \w+ (\d+)–(\d+) \(\d+ runs\) started/);
    doomed.child.kill('SIGKILL');
    await doomed.exited();
    const survivor = new WorkerProcess(redis.url, ['--lock-ms', '1000']);
    const remote = await sweep;
    assert.equal(remote.code, 0, remote.stderr + survivor.log);
    assert.equal(readFileSync(join(dir, 'remote.csv'), 'utf8'), readFileSync(join(dir, 'local.csv'), 'utf8'));
    // The survivor ran the chunk the killed worker held.
    assert.match(survivor.log, new RegExp(`chunk \\w+ ${started[1]}–${started[2]} \\(\\d+ runs\\) started`));
    survivor.child.kill('SIGINT');
    assert.equal(await survivor.exited(), 0, survivor.log);
    assert.match(survivor.log, /draining/);
  });

  it('re-running the same sweep re-uses its finished chunks (deterministic job ids): no worker needed, same bytes', async () => {
    const again = await runCli([...grid, '--redis', redis.url, '--chunk', '30', '--out', join(dir, 'again.csv')]);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(readFileSync(join(dir, 'again.csv'), 'utf8'), readFileSync(join(dir, 'local.csv'), 'utf8'));
  });

  it('two workers share a trajectory sweep; the output equals the local one bit for bit', async () => {
    const traj = ['sweep', 'trajectories', '--count', '24', '--seed', '7', '--quiet'];
    const local = await runCli([...traj, '--out', join(dir, 'tl.csv')]);
    assert.equal(local.code, 0, local.stderr);
    const workers = [new WorkerProcess(redis.url), new WorkerProcess(redis.url)];
    await Promise.all(workers.map((w) => w.waitFor(/ready on/)));
    const remote = await runCli([...traj, '--redis', redis.url, '--chunk', '3', '--out', join(dir, 'tr.csv')]);
    assert.equal(remote.code, 0, remote.stderr);
    assert.equal(readFileSync(join(dir, 'tr.csv'), 'utf8'), readFileSync(join(dir, 'tl.csv'), 'utf8'));
    for (const w of workers) w.child.kill('SIGINT');
    assert.deepEqual(await Promise.all(workers.map((w) => w.exited())), [0, 0]);
  });

  it('Ctrl-C cancels a queued sweep: exit 130, nothing written, no chunk left waiting', async () => {
    const out = join(dir, 'cancelled.csv');
    const r = await runCli(['sweep', 'grid', '--k', '0.5:5:9', '--dep-alpha', '0:1:9', '--quiet', '--redis', redis.url, '--chunk', '4', '--out', out], {
      signalWhen: { pattern: /runs on the queue/, signal: 'SIGINT' },
    });
    assert.equal(r.code, 130, r.stderr);
    assert.match(r.stderr, /cancelled, nothing written/);
    const queue = new Queue(SIM_QUEUE, { connection: redisOptions(redis.url) });
    try {
      assert.equal(await queue.getWaitingCount(), 0);
    } finally {
      await queue.close();
    }
  });

  it('refuses a Redis that may evict keys, and an unreachable one, with one line', async () => {
    const lru = await startRedis('allkeys-lru');
    try {
      const r = await runCli(['worker', '--redis', lru.url]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /maxmemory-policy is 'allkeys-lru'; ferroloop needs 'noeviction'/);
    } finally {
      await lru.stop();
    }
    const bad = await runCli(['worker', '--redis', 'http://x']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--redis: expected a redis:\/\/ URL/);
  });
});
