import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCampaign } from '../../src/agents/campaign-runner.ts';
import { prepareWorkflow } from '../../src/agents/workflows/prepare-workflow.ts';
import { createInstrument } from '../../src/drivers/create-instrument.ts';
import { loadCampaignConfig } from '../../src/config-loader.ts';
import { checkRunConsistency, eventModelValidator } from '../helpers/event-model-validator.ts';
import { validateRun } from '../../src/events/run-validator.ts';
import { repoRoot } from '../helpers/repo-paths.ts';

const dir = mkdtempSync(join(tmpdir(), 'ferroloop-workflows-'));
const cacheDir = join(dir, 'cache');

function config(file: string, overrides: string[]) {
  return loadCampaignConfig(readFileSync(join(repoRoot, 'configs', file), 'utf8'), file, overrides);
}

/** The primary events of a run log: candidate and y of each measurement, in order. */
function measurements(log: string): { candidate: number; y: number; data: Record<string, unknown> }[] {
  const docs = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const validate = eventModelValidator();
  for (const d of docs) assert.deepEqual(validate(d), []);
  assert.deepEqual(checkRunConsistency(docs), []);
  const primary = docs.find(([n, d]) => n === 'descriptor' && d.name === 'primary')[1].uid;
  return docs.filter(([n, d]) => n === 'event' && d.descriptor === primary).map(([, d]) => ({ candidate: d.data.candidate, y: d.data.y, data: d.data }));
}

/** The workflow's ground truth (from the cache the campaign filled), via the same preparation on a fresh instrument. */
async function groundTruth(cfg: ReturnType<typeof config>): Promise<Float64Array> {
  const instrument = createInstrument(cfg.instrument);
  await instrument.connect();
  try {
    const prepared = await prepareWorkflow(cfg, { cacheDir }, instrument);
    return prepared.groundTruth!;
  } finally {
    await instrument.close();
  }
}

describe('workflows end to end on the simulator', () => {
  it('W1: GP-BO over K × α_dep measures exactly what the grid search computed', async () => {
    const cfg = config('param-bo.json', ['workflow.k.count=12', 'workflow.depAlpha.count=10', 'agent.budget=15', 'agent.initialPoints=5', 'workflow.field.steps=300']);
    const summary = await runCampaign({ config: cfg, runsDir: join(dir, 'w1'), cacheDir });
    assert.equal(summary.exit_status, 'success');
    assert.equal(summary.evaluations, 15);
    // The instrument's 'simulate' and the grid sweep run the same model: identical numbers, not just close.
    const truth = await groundTruth(cfg);
    const runs = measurements(summary.log);
    for (const m of runs) assert.equal(m.y, truth[m.candidate], `candidate ${m.candidate}`);
    assert.ok(summary.best! <= summary.true_best!);
    assert.ok(summary.random_search!.best <= summary.true_best!);
    assert.equal(summary.figures.length, 2);
    const again = await runCampaign({ config: cfg, runsDir: join(dir, 'w1b'), cacheDir });
    assert.deepEqual(measurements(again.log).map((m) => [m.candidate, m.y]), runs.map((m) => [m.candidate, m.y]), 'same seed, same campaign');
    assert.ok(summary.best === summary.true_best || summary.best_over_true! > 0.9);
  });

  it('W3: DKL on structural patches, loops measured as the exhaustive map says; resume reuses the stored scan', async () => {
    const overrides = [
      'instrument.twin.n=20', 'workflow.scan.pixels=[20,20]', 'workflow.patch=6', 'workflow.spectroscopy.points=16',
      'agent.budget=12', 'agent.initialPoints=6', 'surrogate={"kind":"dkl","options":{"epochs":40,"hidden":[16]}}',
    ];
    const summary = await runCampaign({ config: config('dkl-microscope.json', overrides), runsDir: join(dir, 'w3'), cacheDir });
    assert.equal(summary.exit_status, 'success');
    const runs = measurements(summary.log);
    assert.equal(runs.length, 12);
    // Stored nested as declared ([3, 16]: bias, on, off), so event-model readers reshape them right.
    assert.ok(runs.every((m) => Array.isArray(m.data.loop) && (m.data.loop as number[][]).length === 3 && (m.data.loop as number[][]).every((r) => r.length === 16)));
    assert.deepEqual(validateRun(readFileSync(summary.log, 'utf8').trim().split('\n').map((l) => JSON.parse(l))), []);
    // Spectroscopy with the 'reset' policy starts from the pristine sample, as the exhaustive map does: equal values.
    const truth = await groundTruth(config('dkl-microscope.json', overrides));
    for (const m of runs) assert.equal(m.y, truth[m.candidate], `candidate ${m.candidate}`);

    // Kill after 8 measurements: keep the log up to the 8th primary event, then resume to the budget.
    const lines = readFileSync(summary.log, 'utf8').trim().split('\n');
    let seen = 0;
    const cut = lines.findIndex((l) => l.startsWith('["event"') && l.includes('"phase"') && ++seen === 8);
    // The killed copy lives in its own runs dir under the run's id (resume checks that a log is the run it names).
    mkdirSync(join(dir, 'w3-killed'), { recursive: true });
    const killedLog = join(dir, 'w3-killed', `${summary.run_id}.jsonl`);
    writeFileSync(killedLog, `${lines.slice(0, cut + 1).join('\n')}\n`);
    const resumed = await runCampaign({ config: config('dkl-microscope.json', overrides), runsDir: join(dir, 'w3-killed'), resumeId: summary.run_id, cacheDir });
    const after = measurements(resumed.log);
    assert.equal(after.length, 12);
    assert.deepEqual(after.slice(0, 8).map((m) => m.candidate), runs.slice(0, 8).map((m) => m.candidate));
    const start = JSON.parse(readFileSync(resumed.log, 'utf8').split('\n')[0])[1];
    assert.equal(start.structure_scan.image.length, 400);
  });

  it('W3 baseline: a GP on raw (x, y) coordinates runs on the same candidates', async () => {
    const overrides = [
      'instrument.twin.n=20', 'workflow.scan.pixels=[20,20]', 'workflow.patch=6', 'workflow.spectroscopy.points=16',
      'workflow.features=coordinates', 'agent.budget=10', 'agent.initialPoints=4', 'surrogate={"kind":"gp"}',
    ];
    const summary = await runCampaign({ config: config('dkl-microscope.json', overrides), runsDir: join(dir, 'w3-gp'), cacheDir });
    assert.equal(summary.exit_status, 'success');
    assert.deepEqual(measurements(summary.log).length, 10);
    assert.ok(typeof summary.r2 === 'number');
  });
});
