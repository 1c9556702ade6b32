/**
 * Runs a sweep on the queue: stores the plan reference, enqueues its chunks under deterministic job ids (an
 * identical sweep re-uses finished chunks and never duplicates one), and gathers the results in input order from
 * completion events (with a periodic reconcile, so a missed event costs seconds, not a hang). Aborting sets the
 * sweep's cancel key (running chunks stop), removes the waiting chunks and rejects with SWEEP_CANCELLED.
 */
import { Queue, QueueEvents, type Job } from 'bullmq';
import { FerroloopError } from '../errors.ts';
import type { SimSummary } from '../sweep/sim-summary.ts';
import { connectRedis, redisOptions } from './redis-connection.ts';
import { cancelKey, encodeDescription, planBlobKey, planKey, type PlanDescription } from './plan-reference.ts';

import { ChunkResultSchema, chunkJobId, chunkRanges, decodeSummaries, SIM_QUEUE, type ChunkJob, type ChunkResult } from './sim-jobs.ts';

export interface RemoteSweepOptions {
  readonly url: string;
  /** Runs per job (default 64: about 0.05 s of W2 runs on one core at ≈ 0.8 ms a run). */
  readonly chunkSize?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number) => void;
  /** Seconds finished chunks stay in Redis for re-use by an identical sweep (default one day). */
  readonly keepSeconds?: number;
  /** The plan's binary rows (W2 ground truth: its curves), stored beside the reference for workers to read by range. */
  readonly blob?: Buffer;
}

const RECONCILE_MS = 2000;

/** Summaries of every run of a sweep plan, in input order. */
export async function runRemoteSweep(description: PlanDescription, total: number, opts: RemoteSweepOptions): Promise<SimSummary[]> {
  return (await runRemoteChunks(description, total, opts)).flatMap(decodeSummaries);
}

/** The chunk results of a plan of `total` runs, in input order. */
export async function runRemoteChunks(description: PlanDescription, total: number, opts: RemoteSweepOptions): Promise<ChunkResult[]> {
  if (opts.signal?.aborted) throw new FerroloopError('SWEEP_CANCELLED', 'sweep cancelled');
  const redis = await connectRedis(opts.url);
  const connection = redisOptions(opts.url);
  const queue = new Queue(SIM_QUEUE, { connection });
  const events = new QueueEvents(SIM_QUEUE, { connection });
  const keep = opts.keepSeconds ?? 86_400;
  try {
    const { text, id } = encodeDescription(description);
    if (opts.blob) await redis.set(planBlobKey(id), opts.blob, 'EX', Math.max(keep, 3600));
    await redis.set(planKey(id), text, 'EX', Math.max(keep, 3600));
    await redis.del(cancelKey(id));
    await events.waitUntilReady();
    const chunks: ChunkJob[] = chunkRanges(total, Math.max(1, opts.chunkSize ?? 64)).map(([start, end]) => ({ plan: id, start, end }));
    const results: (ChunkResult | undefined)[] = Array.from({ length: chunks.length }, () => undefined);
    const indexOf = new Map(chunks.map((c, i) => [chunkJobId(c), i]));
    let done = 0;
    let settle!: () => void;
    let fail!: (err: unknown) => void;
    const finished = new Promise<void>((resolve, reject) => {
      settle = resolve;
      fail = reject;
    });
    const accept = (jobId: string, value: unknown) => {
      const i = indexOf.get(jobId);
      if (i === undefined || results[i] !== undefined) return;
      const parsed = ChunkResultSchema.safeParse(typeof value === 'string' ? JSON.parse(value) : value);
      if (!parsed.success || parsed.data.start !== chunks[i].start || parsed.data.end !== chunks[i].end) {
        fail(new FerroloopError('QUEUE_UNAVAILABLE', `job ${jobId} returned a malformed result`));
        return;
      }
      results[i] = parsed.data;
      done += chunks[i].end - chunks[i].start;
      opts.onProgress?.(done, total);
      if (results.every((r) => r !== undefined)) settle();
    };
    events.on('completed', ({ jobId, returnvalue }) => accept(jobId, returnvalue));
    events.on('failed', ({ jobId, failedReason }) => {
      if (!indexOf.has(jobId)) return;
      void queue.getJob(jobId).then(async (job) => {
        if (job && (await job.getState()) === 'failed') fail(new FerroloopError('QUEUE_UNAVAILABLE', `chunk ${jobId} failed: ${failedReason}`));
      });
    });
    const jobOptions = { removeOnComplete: { age: keep }, removeOnFail: { age: keep }, attempts: 3, backoff: { type: 'exponential', delay: 1000 } };
    await queue.addBulk(chunks.map((c) => ({ name: 'chunk', data: c, opts: { ...jobOptions, jobId: chunkJobId(c) } })));
    const reconcile = async () => {
      for (let i = 0; i < chunks.length; i++) {
        if (results[i] !== undefined) continue;
        const jobId = chunkJobId(chunks[i]);
        const job: Job | undefined = await queue.getJob(jobId);
        if (!job) {
          // Removed (e.g. expired) before we read it: enqueue it again under the same id.
          await queue.add('chunk', chunks[i], { ...jobOptions, jobId });
          continue;
        }
        const state = await job.getState();
        if (state === 'completed') accept(jobId, job.returnvalue);
        else if (state === 'failed') await job.retry('failed');
      }
    };
    await reconcile(); // chunks finished by an identical earlier sweep, and ones failed by a cancelled one
    const timer = setInterval(() => void reconcile().catch(fail), RECONCILE_MS);
    const onAbort = () => fail(new FerroloopError('SWEEP_CANCELLED', 'sweep cancelled'));
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    if (opts.signal?.aborted) onAbort(); // Ctrl-C while connecting or enqueueing
    try {
      if (chunks.length > 0 && results.every((r) => r !== undefined)) settle();
      await finished;
    } catch (err) {
      if (err instanceof FerroloopError && err.code === 'SWEEP_CANCELLED') await cancel(redis, queue, id, chunks);
      throw err;
    } finally {
      clearInterval(timer);
      opts.signal?.removeEventListener('abort', onAbort);
    }
    return results as ChunkResult[];
  } finally {
    await events.close();
    await queue.close();
    redis.disconnect();
  }
}

/** Stops running chunks (cancel key) and removes the waiting ones. */
async function cancel(redis: import('ioredis').Redis, queue: Queue, id: string, chunks: readonly ChunkJob[]): Promise<void> {
  await redis.set(cancelKey(id), '1', 'EX', 3600);
  for (const c of chunks) {
    const job = await queue.getJob(chunkJobId(c));
    if (job && (await job.getState()) !== 'completed') await job.remove().catch(() => undefined);
  }
}
