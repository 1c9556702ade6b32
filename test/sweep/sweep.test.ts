import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SimSpecSchema } from '../../src/sim/sim-spec.ts';
import { generateTrajectorySet } from '../../src/sim/trajectories.ts';
import { runSweep } from '../../src/sweep/run-sweep.ts';
import { SimPool } from '../../src/sweep/sim-pool.ts';
import { runSimTasks } from '../../src/sweep/sim-task.ts';
import { gridPlan, trajectoryPlan } from '../../src/sweep/sweep-plan.ts';

const small = SimSpecSchema.parse({ n: 8, field: { kind: 'sine', amplitude: 2, steps: 200 } });

describe('sweeps', () => {
  it('grid results are in input order and identical for 1 and 2 workers and in-process', async () => {
    const plan = gridPlan(small,
      { name: 'k', min: 0.1, max: 5, count: 5, scale: 'log' },
      { name: 'depAlpha', min: 0, max: 1, count: 3, scale: 'linear' });
    assert.equal(plan.tasks.length, 15);
    const one = await runSweep(plan.tasks, { workers: 1, chunkSize: 4 });
    const two = await runSweep(plan.tasks, { workers: 2, chunkSize: 1 });
    const local = runSimTasks(plan.tasks).value.map((r) => r.summary);
    assert.deepEqual(one, two);
    assert.deepEqual(one, local);
    assert.deepEqual(plan.coordinates[1], [0.1 * Math.pow(50, 0.25), 0]);
  });

  it('trajectory sweeps run one simulation per trajectory', async () => {
    const set = generateTrajectorySet(6, 4, 120);
    const plan = trajectoryPlan(small, set, 10, 1);
    assert.equal(plan.tasks[0].options.timeVec!.length, 130);
    const results = await runSweep(plan.tasks, { workers: 2 });
    assert.equal(results.length, 6);
    assert.deepEqual(results, runSimTasks(plan.tasks).value.map((r) => r.summary));
  });

  it('cancels: aborting rejects with SWEEP_CANCELLED and the pool shuts down', async () => {
    const plan = gridPlan(small,
      { name: 'k', min: 0.5, max: 2, count: 20, scale: 'linear' },
      { name: 'depAlpha', min: 0, max: 1, count: 20, scale: 'linear' });
    const abort = new AbortController();
    let seen = 0;
    await assert.rejects(
      runSweep(plan.tasks, { workers: 2, chunkSize: 1, signal: abort.signal, onProgress: (d) => { seen = d; if (d >= 3) abort.abort(); } }),
      (err: Error & { code?: string }) => err.code === 'SWEEP_CANCELLED',
    );
    assert.ok(seen < plan.tasks.length);
  });

  it('a pool returns the final state and ⟨p⟩(t) when asked, off the main thread', async () => {
    const pool = new SimPool({ size: 1 });
    try {
      const r = await pool.run({ options: { n: 6 }, keepFinalState: true, keepMeanP: true });
      assert.equal(r.pFinal!.length, 72);
      assert.equal(r.meanP!.length, 2000);
    } finally {
      await pool.close();
    }
  });
});
