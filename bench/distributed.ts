// Distributed-sweep benchmark: one W2-style grid sweep run in-process (thread pool) and through the Redis queue
// (BullMQ) with `ferroloop worker` processes; runs/s, wall time, ratio vs in-process, queue overhead, and a
// bit-for-bit check of the queued output against the local one. Starts its own redis-server in a temp dir.
// Usage: npm run bench -- distributed [--runs 12800] [--chunk 800] [--rounds 3]
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { DEFAULT_SIM_SPEC } from '../src/sim/sim-spec.ts';
import { gridPlan } from '../src/sweep/sweep-plan.ts';
import { runSweep } from '../src/sweep/run-sweep.ts';
import type { SimSummary } from '../src/sweep/sim-summary.ts';
import type { Axis } from '../src/sweep/axis.ts';
import { gridDescription, type PlanDescription } from '../src/distributed/plan-reference.ts';
import { runRemoteSweep } from '../src/distributed/remote-sweep.ts';
import { redisOptions } from '../src/distributed/redis-url.ts';
import { encodeSummaries } from '../src/distributed/sim-jobs.ts';
import { startRedis } from '../test/helpers/redis-server.ts';
import { WorkerProcess } from '../test/helpers/worker-process.ts';

/** One queue configuration: worker processes × threads each, chunks at once per worker. */
interface QueueSetup {
  readonly label: string;
  readonly workers: number;
  readonly threads: number;
  readonly concurrency: number;
}

/** Float64 bytes of every summary, base64: equal strings mean equal bits (NaN payloads and −0 included). */
const bits = (s: readonly SimSummary[]): string => encodeSummaries(0, s).summaries;

/** Median of the per-chunk "done in X s" times (s) in worker logs, or NaN. */
function medianChunkSeconds(logs: readonly string[]): number {
  const t = logs.flatMap((l) => [...l.matchAll(/ done in ([\d.]+) s/g)].map((m) => Number(m[1]))).sort((a, b) => a - b);
  return t.length ? t[Math.floor(t.length / 2)] : Number.NaN;
}

/** Wall time (s) of one queued sweep with `s`'s worker processes (started, and ready, before the clock starts). */
async function queueRun(url: string, s: QueueSetup, description: PlanDescription, runs: number, chunk: number, localBits: string): Promise<{ wall: number; chunkSeconds: number; same: boolean }> {
  const workers = Array.from({ length: s.workers }, () => new WorkerProcess(url, ['--threads', String(s.threads), '--concurrency', String(s.concurrency)], { FERROLOOP_SOURCE: '1' }));
  try {
    await Promise.all(workers.map((w) => w.waitFor(/ready on/)));
    const t0 = performance.now();
    const remote = await runRemoteSweep(description, runs, { url, chunkSize: chunk });
    const wall = (performance.now() - t0) / 1000;
    return { wall, chunkSeconds: medianChunkSeconds(workers.map((w) => w.log)), same: bits(remote) === localBits };
  } finally {
    for (const w of workers) w.child.kill('SIGINT');
    await Promise.all(workers.map((w) => w.exited()));
  }
}

export async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { runs: { type: 'string' }, chunk: { type: 'string' }, rounds: { type: 'string' } } });
  const wanted = Number(values.runs ?? 12800);
  const chunk = Number(values.chunk ?? 800);
  const rounds = Number(values.rounds ?? 3);
  const cores = availableParallelism();
  const nk = Math.min(wanted, 100);
  const kAxis: Axis = { name: 'k', min: 0.1, max: 10, count: nk, scale: 'linear' };
  const depAxis: Axis = { name: 'dep-alpha', min: 0, max: 2, count: Math.ceil(wanted / nk), scale: 'linear' };
  const plan = gridPlan(DEFAULT_SIM_SPEC, kAxis, depAxis);
  const description = gridDescription(DEFAULT_SIM_SPEC, kAxis, depAxis);
  const runs = plan.tasks.length;
  const jobs = Math.ceil(runs / chunk);
  const setups: QueueSetup[] = [
    { label: `queue: 1 worker × ${cores} threads, concurrency 1`, workers: 1, threads: cores, concurrency: 1 },
    { label: `queue: 1 worker × ${cores} threads, concurrency ${cores}`, workers: 1, threads: cores, concurrency: cores },
    { label: `queue: ${cores} workers × 1 thread, concurrency 1`, workers: cores, threads: 1, concurrency: 1 },
  ];
  console.log(`W2 grid sweep (20×20, 950 steps): ${nk} k × ${depAxis.count} α_dep = ${runs} runs, ${cores} cores; queue chunks of ${chunk} runs (${jobs} jobs)`);
  console.log(`baseline: in-process pool of ${cores} threads. Fair queue comparison: ${cores} worker processes × 1 thread, concurrency 1`);
  console.log(`(same ${cores} simulation threads); overhead: 1 worker × ${cores} threads at concurrency ${cores} (the pool's parallelism).`);
  console.log(`best wall time of ${rounds} interleaved rounds; worker start-up (tsx, Redis connect) is outside the timings, thread-pool start-up inside all.`);
  console.log(`load average at start ${loadavg()[0].toFixed(2)} on ${cores} cores: on a shared machine single runs vary by up to 2x; compare the best-of figures.`);

  const dir = mkdtempSync(join(tmpdir(), 'ferroloop-bench-redis-'));
  const redis = await startRedis('noeviction', { dir });
  const admin = new Redis(redisOptions(redis.url) as import('ioredis').RedisOptions);
  try {
    let base = Infinity;
    let localBits = '';
    const best = setups.map(() => ({ wall: Infinity, chunkSeconds: Number.NaN, same: true }));
    for (let r = 0; r < rounds; r++) {
      const t0 = performance.now();
      const local = await runSweep(plan.tasks, { workers: cores });
      base = Math.min(base, (performance.now() - t0) / 1000);
      const b = bits(local);
      if (localBits && b !== localBits) throw new Error('the in-process sweep changed between rounds');
      localBits = b;
      for (const [i, s] of setups.entries()) {
        await admin.flushall(); // finished chunks of the previous run would be re-used (deterministic job ids)
        const q = await queueRun(redis.url, s, description, runs, chunk, localBits);
        best[i] = { wall: Math.min(best[i].wall, q.wall), chunkSeconds: q.wall <= best[i].wall ? q.chunkSeconds : best[i].chunkSeconds, same: best[i].same && q.same };
      }
    }
    const row = (label: string, seconds: number, extra = '') =>
      console.log(`  ${label.padEnd(44)} ${seconds.toFixed(2).padStart(7)} s ${(runs / seconds).toFixed(1).padStart(7)} runs/s  ${(base / seconds).toFixed(3)}x vs in-process${extra}`);
    row(`in-process pool, ${cores} threads`, base);
    for (const [i, s] of setups.entries()) {
      row(s.label, best[i].wall, `  median chunk ${best[i].chunkSeconds.toFixed(2)} s; ${best[i].same ? 'bit-identical to in-process' : 'DIFFERS from in-process'}`);
    }
    const workPerChunk = (base * cores * chunk) / runs;
    const over = best[1].wall - base;
    console.log(`work per chunk: ${workPerChunk.toFixed(2)} s on one core (${chunk} runs × ${((base * cores * 1000) / runs).toFixed(2)} ms/run), ${(workPerChunk / cores).toFixed(2)} s on the ${cores}-thread pool`);
    console.log(`queue overhead (1 worker, concurrency ${cores} vs in-process): ${((100 * over) / base).toFixed(1)} % of the wall time, ${((1000 * over) / jobs).toFixed(1)} ms per job (target ≤ 5 % at chunks ≥ 1 s of work)`);
    console.log(`queue overhead (${cores} workers × 1 thread vs in-process): ${((100 * (best[2].wall - base)) / base).toFixed(1)} %`);
    console.log(`output: ${best.every((q) => q.same) ? 'every queued sweep equals the in-process one bit for bit (float64 summaries)' : 'MISMATCH between queued and in-process output'}`);
    console.log('batch BO (W2 wall time to 99 % with q = 1, 4, 8 simulator workers): npm run bench -- batch-bo');
  } finally {
    admin.disconnect();
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
