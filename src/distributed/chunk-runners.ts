/**
 * How a queue worker runs a range [start, end) of each kind of plan: sweeps and the W2 ground truth on the FerroSIM
 * thread pool (summaries back), the W3 ground truth on a twin thread pool (one loop descriptor per pixel back). The
 * tasks come from the same builders the local computations use, so results are bit-identical to them.
 */
import type { Redis } from 'ioredis';
import { UnrecoverableError } from 'bullmq';
import { FerroloopError } from '../errors.ts';
import type { SimPool } from '../sweep/sim-pool.ts';
import type { WorkerPool } from '../sweep/worker-pool.ts';
import type { TwinTask, TwinTaskResult } from '../drivers/twin/twin-task.ts';
import { createTwinSample } from '../drivers/twin/twin-sample.ts';
import type { TwinConfig } from '../drivers/twin/twin-config.ts';
import { latentTruthTaskBuilder, latentTruthTasks } from '../agents/workflows/latent-truth-tasks.ts';
import { loopTruthTask, loopTruthValue } from '../agents/workflows/loop-truth-task.ts';
import { planBlobKey, planFromDescription, type PlanDescription } from './plan-reference.ts';
import { float64FromBytes } from './truth-plans.ts';
import { encodeSummaries, encodeValues, type ChunkResult } from './sim-jobs.ts';
import { encodeTwinResult, taskFromPlan } from './twin-task-plan.ts';

/** A plan made runnable: its run count, and a runner of one index range. */
export interface ChunkRunner {
  readonly total: number;
  run(start: number, end: number, signal: AbortSignal): Promise<ChunkResult>;
}

export interface RunnerPools {
  readonly sim: () => SimPool;
  readonly twin: () => WorkerPool<TwinTask, TwinTaskResult>;
}

/** Defects of the last few samples twin tasks ran on (a batch campaign sends many tasks on one sample). */
const defectsBySample = new Map<string, Float64Array>();

function sampleDefects(cfg: TwinConfig): Float64Array {
  const key = JSON.stringify(cfg);
  let defects = defectsBySample.get(key);
  if (!defects) {
    if (defectsBySample.size >= 4) defectsBySample.clear();
    defects = createTwinSample(cfg).defects;
    defectsBySample.set(key, defects);
  }
  return defects;
}

/** The runner of plan `id` described by `d`. */
export function chunkRunner(id: string, d: PlanDescription, redis: Redis, pools: RunnerPools): ChunkRunner {
  if (d.kind === 'grid' || d.kind === 'trajectories') {
    const plan = planFromDescription(d);
    return {
      total: plan.tasks.length,
      run: async (start, end, signal) => encodeSummaries(start, (await pools.sim().map(plan.tasks.slice(start, end), { signal })).map((r) => r.summary)),
    };
  }
  if (d.kind === 'latent-truth') {
    const build = latentTruthTaskBuilder(d.twin, d.hold, d.cols);
    return {
      total: d.rows,
      run: async (start, end, signal) => {
        const bytes = await redis.getrangeBuffer(planBlobKey(id), start * d.cols * 8, end * d.cols * 8 - 1);
        if (bytes.byteLength !== (end - start) * d.cols * 8) throw new UnrecoverableError(`plan ${id}: its curve rows are not in Redis (expired?)`);
        const tasks = latentTruthTasks(build, float64FromBytes(bytes), d.cols, end - start);
        return encodeSummaries(start, (await pools.sim().map(tasks, { signal })).map((r) => r.summary));
      },
    };
  }
  if (d.kind === 'twin-task') {
    return {
      total: 1,
      run: async (start, end, signal) => {
        if (signal.aborted) throw new FerroloopError('SWEEP_CANCELLED', 'sweep cancelled');
        return encodeTwinResult(await pools.twin().run(taskFromPlan(d, sampleDefects(d.sample))));
      },
    };
  }
  const sample = createTwinSample(d.twin);
  const positions = float64FromBytes(Buffer.from(d.positions, 'base64'));
  const waveform = float64FromBytes(Buffer.from(d.waveform, 'base64'));
  return {
    total: positions.length / 2,
    run: async (start, end, signal) => {
      const pool = pools.twin();
      const values = new Float64Array(end - start);
      // At most two tasks per thread queued, so a cancel leaves little running.
      let next = start;
      const lane = async (): Promise<void> => {
        while (next < end) {
          if (signal.aborted) throw new FerroloopError('SWEEP_CANCELLED', 'sweep cancelled');
          const i = next++;
          const r = await pool.run(loopTruthTask(d.twin, sample, positions[2 * i], positions[2 * i + 1], waveform));
          values[i - start] = loopTruthValue(r, waveform.length, d.descriptor, d.response);
        }
      };
      await Promise.all(Array.from({ length: Math.min(end - start, 2 * pool.size) }, lane));
      return encodeValues(start, values);
    },
  };
}
