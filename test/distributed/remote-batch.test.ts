import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { runCli } from '../helpers/run-cli.ts';
import { WorkerProcess } from '../helpers/worker-process.ts';
import { repoRoot } from '../helpers/repo-paths.ts';
import { redisServerAvailable, startRedis, type RedisUnderTest } from '../helpers/redis-server.ts';
import { checkRunConsistency } from '../helpers/event-model-validator.ts';
import { runLogLines, waitForDir } from '../helpers/wait-for-file.ts';

const skip = redisServerAvailable() ? false : 'redis-server is not installed (apt-get install redis-server; .ci/run does)';

/** W1 in batches of 4 on a 12 × 10 grid, 60 evaluations. */
const W1 = ['workflow.k.count=12', 'workflow.depAlpha.count=10', 'workflow.field.steps=300', 'agent.budget=60', 'agent.initialPoints=8', 'agent.batchSize=4', 'figures=false'];

/** [seq_num, step, candidate, y] of the primary events of a run log. */
function primaryRows(path: string): unknown[][] {
  const docs = readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(checkRunConsistency(docs), []);
  const uid = docs.find(([n, d]) => n === 'descriptor' && d.name === 'primary')[1].uid;
  return docs.filter(([n, d]) => n === 'event' && d.descriptor === uid).map(([, d]) => [d.seq_num, d.data.step, d.data.candidate, d.data.y]);
}

describe('batch BO with the proposals measured by ferroloop workers on the Redis queue', { skip }, () => {
  let redis: RedisUnderTest;
  let workers: WorkerProcess[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'ferroloop-dist-batch-'));
  const args = (runs: string, extra: string[] = []) => ['run', 'param-bo.json', ...W1.flatMap((s) => ['--set', s]), '--runs-dir', join(dir, runs), '--quiet', ...extra];
  before(async () => {
    redis = await startRedis();
    workers = [new WorkerProcess(redis.url), new WorkerProcess(redis.url)];
    await Promise.all(workers.map((w) => w.waitFor(/ready on/)));
  });
  after(async () => {
    for (const w of workers) w.child.kill('SIGINT');
    for (const w of workers) assert.equal(await w.exited(), 0, w.log);
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('logs the same measurements, bit for bit, as the batch run on local threads; both workers take evaluations', async () => {
    const local = await runCli(args('local'));
    assert.equal(local.code, 0, local.stderr);
    const remote = await runCli(args('remote', ['--redis', redis.url]));
    assert.equal(remote.code, 0, remote.stderr);
    assert.deepEqual(primaryRows(JSON.parse(remote.stdout).log), primaryRows(JSON.parse(local.stdout).log));
    for (const w of workers) assert.match(w.log, /chunk [0-9a-f]{8} 0–1 done in/, 'each worker ran twin tasks');
  });

  it('an agent killed with SIGKILL mid-run and resumed loses and repeats no evaluation', { timeout: 240_000 }, async () => {
    const reference = primaryRows(JSON.parse((await runCli(args('reference'))).stdout).log);
    const runs = join(dir, 'killed');
    mkdirSync(runs, { recursive: true });
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'ferroloop.mjs'), ...args('killed', ['--redis', redis.url])], { cwd: repoRoot, env: process.env, stdio: 'ignore' });
    const exited = new Promise<string | null>((resolve) => child.on('exit', (_c, signal) => resolve(signal)));
    await waitForDir(runs, () => {
      const log = runLogLines(runs);
      return log && log.lines.filter((l) => l.startsWith('["event"') && l.includes('"phase"')).length >= 14 ? log : undefined;
    });
    child.kill('SIGKILL');
    assert.equal(await exited, 'SIGKILL');
    const killed = runLogLines(runs)!;
    assert.ok(!killed.lines.some((l) => l.startsWith('["stop"')), 'killed before the end');
    const resumed = await runCli([...args('killed', ['--redis', redis.url]), '--resume', basename(killed.path, '.jsonl')]);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.deepEqual(primaryRows(killed.path), reference, 'every evaluation once, as in the uninterrupted run');
  });
});
