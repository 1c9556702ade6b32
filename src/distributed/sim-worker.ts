/**
 * A queue worker for FerroSIM chunks: BullMQ takes jobs from Redis, the simulations run on local worker-thread
 * pools (the event loop stays free, so job locks keep renewing), and each result is the chunk's encoded summaries
 * (or values). Plans are fetched from Redis once per plan id. A sweep's cancel key aborts its running chunks.
 */
import { Worker, UnrecoverableError, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { SimPool } from '../sweep/sim-pool.ts';
import { WorkerPool } from '../sweep/worker-pool.ts';
import type { TwinTask, TwinTaskResult } from '../drivers/twin/twin-task.ts';
import { siblingModule } from '../util/sibling-module.ts';
import { FerroloopError } from '../errors.ts';
import { redisOptions } from './redis-connection.ts';
import { cancelKey, PlanDescriptionSchema, planKey } from './plan-reference.ts';
import { ChunkJobSchema, SIM_QUEUE, type ChunkResult } from './sim-jobs.ts';
import { chunkRunner, type ChunkRunner } from './chunk-runners.ts';

export interface SimWorkerOptions {
  readonly url: string;
  /** Chunks processed at once (default 1; each uses the whole thread pool). */
  readonly concurrency?: number;
  /** Worker threads of the local pool (default: all cores). */
  readonly threads?: number;
  /** Lock duration, ms (BullMQ default 30 000; a killed worker's chunk is re-run after about this long). */
  readonly lockMs?: number;
  readonly log?: (line: string) => void;
}

export { cancelKey };

export class SimWorker {
  private pool: SimPool | undefined;
  private twinPool: WorkerPool<TwinTask, TwinTaskResult> | undefined;
  private readonly worker: Worker<unknown, ChunkResult>;
  private readonly plans = new Map<string, ChunkRunner>();

  constructor(private readonly redis: Redis, private readonly opts: SimWorkerOptions) {
    const lockDuration = opts.lockMs ?? 30_000;
    this.worker = new Worker(SIM_QUEUE, (job) => this.process(job), {
      connection: redisOptions(opts.url),
      concurrency: opts.concurrency ?? 1,
      lockDuration,
      stalledInterval: Math.max(500, Math.floor(lockDuration / 2)),
      maxStalledCount: 3,
      autorun: false,
    });
    this.worker.on('error', (err) => this.log(`worker error: ${err.message}`));
  }

  /** Starts taking jobs; resolves when the worker is closed. */
  run(): Promise<void> {
    return this.worker.run();
  }

  /** Resolves once the worker is connected and waiting for jobs. */
  waitUntilReady(): Promise<unknown> {
    return this.worker.waitUntilReady();
  }

  /** Finishes the chunks in hand, takes no more, and frees the pool. */
  async close(): Promise<void> {
    await this.worker.close();
    await this.pool?.close();
    await this.twinPool?.close();
  }

  private async process(job: Job): Promise<ChunkResult> {
    const parsed = ChunkJobSchema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`malformed job ${job.id}: ${parsed.error.issues[0].message}`);
    const { plan: id, start, end } = parsed.data;
    const plan = await this.plan(id);
    if (end > plan.total || start >= end) throw new UnrecoverableError(`job ${job.id}: range ${start}–${end} outside the plan's ${plan.total} runs`);
    const started = performance.now();
    this.log(`chunk ${id.slice(0, 8)} ${start}–${end} (${end - start} runs) started`);
    const abort = new AbortController();
    const watch = setInterval(() => {
      void this.redis.exists(cancelKey(id)).then((n) => n > 0 && abort.abort(), () => undefined);
    }, 500);
    try {
      const result = await plan.run(start, end, abort.signal);
      this.log(`chunk ${id.slice(0, 8)} ${start}–${end} done in ${((performance.now() - started) / 1000).toFixed(2)} s`);
      return result;
    } catch (err) {
      if (err instanceof FerroloopError && err.code === 'SWEEP_CANCELLED') {
        this.log(`chunk ${id.slice(0, 8)} ${start}–${end} cancelled`);
        throw new UnrecoverableError('sweep cancelled');
      }
      throw err;
    } finally {
      clearInterval(watch);
    }
  }

  private async plan(id: string): Promise<ChunkRunner> {
    const cached = this.plans.get(id);
    if (cached) return cached;
    const text = await this.redis.get(planKey(id));
    if (text === null) throw new UnrecoverableError(`plan ${id} is not in Redis (expired or never stored)`);
    const d = PlanDescriptionSchema.safeParse(JSON.parse(text));
    if (!d.success) throw new UnrecoverableError(`plan ${id}: ${d.error.issues[0].message}`);
    const plan = chunkRunner(id, d.data, this.redis, {
      sim: () => (this.pool ??= new SimPool({ size: this.opts.threads })),
      twin: () => (this.twinPool ??= new WorkerPool({ moduleUrl: siblingModule(import.meta.url, '../drivers/twin/twin-task'), exportName: 'runTwinTask', size: this.opts.threads })),
    });
    if (this.plans.size > 8) this.plans.clear();
    this.plans.set(id, plan);
    return plan;
  }

  private log(line: string): void {
    this.opts.log?.(line);
  }
}
