import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { DEFAULT_SIM_SPEC } from '../../src/sim/sim-spec.ts';
import { parseAxis } from '../../src/sweep/axis.ts';
import { SUMMARY_KEYS } from '../../src/sweep/sim-summary.ts';
import { runSimTasks } from '../../src/sweep/sim-task.ts';
import { gridPlan } from '../../src/sweep/sweep-plan.ts';
import { repoRoot } from '../helpers/repo-paths.ts';

const hasGcc = !spawnSync('gcc', ['--version']).error;

it('the C reference of bench sweep-vs-c computes the W2 grid summaries of the TS engine (≤ 1e-12)', { skip: hasGcc ? false : 'gcc not found' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'ferroloop-c-reference-'));
  try {
    const bin = join(dir, 'kernel');
    const cc = spawnSync('gcc', ['-O2', '-ffp-contract=off', '-o', bin, join(repoRoot, 'bench', 'c', 'ferrosim-kernel.c'), '-lm'], { encoding: 'utf8' });
    assert.equal(cc.status, 0, cc.stderr);
    const run = spawnSync(bin, ['0.1', '10', '3', '0', '2', '2', '1', join(dir, 'out.csv')], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const rows = readFileSync(join(dir, 'out.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
    const plan = gridPlan(DEFAULT_SIM_SPEC, parseAxis('k', '0.1:10:3', 'linear'), parseAxis('dep-alpha', '0:2:2', 'linear'));
    const ts = runSimTasks(plan.tasks).value.map((r) => r.summary);
    assert.equal(rows.length, ts.length);
    rows.forEach((row, i) => {
      assert.deepEqual(row.slice(0, 2), plan.coordinates[i]);
      SUMMARY_KEYS.forEach((key, c) => {
        const want = ts[i][key];
        assert.ok(Math.abs(row[2 + c] - want) <= 1e-12 * Math.max(1, Math.abs(want)), `run ${i} ${key}: C ${row[2 + c]}, TS ${want}`);
      });
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
