import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chunkJobId, chunkRanges, decodeSummaries, encodeSummaries } from '../../src/distributed/sim-jobs.ts';
import { encodeDescription, gridDescription, planFromDescription, trajectoryDescription } from '../../src/distributed/plan-reference.ts';
import { DEFAULT_SIM_SPEC } from '../../src/sim/sim-spec.ts';
import { generateTrajectorySet } from '../../src/sim/trajectories.ts';
import { gridPlan, trajectoryPlan } from '../../src/sweep/sweep-plan.ts';
import { SUMMARY_KEYS, type SimSummary } from '../../src/sweep/sim-summary.ts';

test('summaries survive the queue bit for bit, NaN and −0 included', () => {
  const s = (v: number) => Object.fromEntries(SUMMARY_KEYS.map((k, i) => [k, i === 0 ? v : i / 3])) as unknown as SimSummary;
  const rows = [s(Number.NaN), s(-0), s(1e-310), s(Math.PI)];
  const back = decodeSummaries(JSON.parse(JSON.stringify(encodeSummaries(12, rows))));
  assert.equal(back.length, 4);
  assert.ok(Number.isNaN(back[0].curlAbsSum));
  assert.ok(Object.is(back[1].curlAbsSum, -0));
  assert.deepEqual(back.slice(2), rows.slice(2));
});

test('a plan rebuilt from its reference has the same tasks; equal plans have equal ids', () => {
  const kAxis = { name: 'k', min: 0.1, max: 10, count: 5, scale: 'log' as const };
  const depAxis = { name: 'dep-alpha', min: 0, max: 2, count: 3, scale: 'linear' as const };
  const g = gridDescription(DEFAULT_SIM_SPEC, kAxis, depAxis);
  assert.deepEqual(planFromDescription(JSON.parse(encodeDescription(g).text)), gridPlan(DEFAULT_SIM_SPEC, kAxis, depAxis));
  assert.equal(encodeDescription(g).id, encodeDescription(gridDescription(DEFAULT_SIM_SPEC, kAxis, depAxis)).id);
  assert.notEqual(encodeDescription(g).id, encodeDescription(gridDescription(DEFAULT_SIM_SPEC, { ...kAxis, count: 6 }, depAxis)).id);
  const set = generateTrajectorySet(5, 2);
  const t = trajectoryDescription(DEFAULT_SIM_SPEC, set, 50, 1);
  assert.deepEqual(planFromDescription(JSON.parse(encodeDescription(t).text)), trajectoryPlan(DEFAULT_SIM_SPEC, set, 50, 1));
});

test('chunks cover every index once, in order, with ids naming plan and range', () => {
  assert.deepEqual(chunkRanges(10, 4), [[0, 4], [4, 8], [8, 10]]);
  assert.deepEqual(chunkRanges(8, 4), [[0, 4], [4, 8]]);
  assert.equal(chunkJobId({ plan: 'a'.repeat(32), start: 4, end: 8 }), `${'a'.repeat(32)}-4-8`);
});
