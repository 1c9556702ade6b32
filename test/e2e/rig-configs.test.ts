import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCampaign } from '../../src/agents/campaign-runner.ts';
import { loadCampaignConfig } from '../../src/config-loader.ts';
import { SOCAT_MISSING, type PtyRig, startPtyRig } from '../drivers/serial/pty-rig.ts';
import { repoRoot } from '../helpers/repo-paths.ts';

/**
 * Every shipped rig config completes its budget against `ferroloop emulate` at its defaults (gain 100, 40 V/Ec)
 * over socat ptys. Budgets and models are reduced by --set overrides to keep CI short; the full-budget feasibility
 * of every candidate is checked statically in test/shipped-rig-feasibility.test.ts. The small latent-bo VAE gets a
 * 25 % margin on its latent box so that, as with the full VAE (407 of 10 000), some decoded trajectories pass
 * 10 Ec = 400 V at the sample and must be excluded for the run to complete.
 */
const REDUCED: Record<string, string[]> = {
  'latent-bo.rig.json': [
    'workflow.trajectories.count=1500', 'workflow.vae.epochs=15', 'workflow.vae.hidden=[64]', 'workflow.grid.margin=0.25', 'workflow.grid.nx=12', 'workflow.grid.ny=12',
    'workflow.groundTruth=false', 'agent.budget=12', 'agent.initialPoints=4',
  ],
  'dkl-microscope.rig.json': [
    'workflow.scan.pixels=[20,20]', 'workflow.patch=6', 'instrument.scan.defaultPixels=[20,20]', 'workflow.spectroscopy.points=16',
    'agent.budget=8', 'agent.initialPoints=4', 'surrogate={"kind":"dkl","options":{"epochs":20,"hidden":[8]}}',
  ],
};

const dir = mkdtempSync(join(tmpdir(), 'ferroloop-rig-configs-'));

describe('shipped rig configs complete their budget on the virtual rig (socat ptys + ferroloop emulate)', { skip: SOCAT_MISSING }, () => {
  let rig: PtyRig;
  before(async () => { rig = await startPtyRig(); });
  after(async () => {
    await rig?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('covers every configs/*.rig.json', () => {
    assert.deepEqual(readdirSync(join(repoRoot, 'configs')).filter((f) => f.endsWith('.rig.json')).sort(), Object.keys(REDUCED).sort());
  });

  for (const [file, overrides] of Object.entries(REDUCED)) {
    it(`${file}: success at the budget, candidates counted in the start document`, async () => {
      const paths = file.startsWith('latent-bo')
        ? [`instrument.poling.transport.path=${rig.paths.awg}`, `instrument.microscope.transport.path=${rig.paths.pfm}`]
        : [`instrument.transport.path=${rig.paths.pfm}`];
      const config = loadCampaignConfig(readFileSync(join(repoRoot, 'configs', file), 'utf8'), file, [...overrides, ...paths]);
      const logs: string[] = [];
      const failures: string[] = [];
      const summary = await runCampaign({
        config, runsDir: join(dir, 'runs'), cacheDir: join(dir, 'cache'), log: (m) => logs.push(m),
        onEvent: (e) => { if (e.kind === 'status' && e.type === 'instrument/failed') failures.push(e.payload.message); },
      });
      assert.equal(summary.exit_status, 'success', `${summary.reason}\n${logs.join('\n')}`);
      assert.equal(summary.reason, 'budget reached');
      assert.equal(summary.evaluations, config.agent.budget);
      const start = JSON.parse(readFileSync(summary.log, 'utf8').split('\n')[0])[1];
      assert.equal(typeof start.candidates_total, 'number');
      assert.equal(typeof start.candidates_infeasible, 'number');
      assert.ok(start.candidates_total - start.candidates_infeasible >= config.agent.budget);
      assert.deepEqual(failures, [], 'no measurement refused');
      if (file.startsWith('latent-bo')) {
        assert.ok(start.candidates_infeasible > 0, 'the exclusion is exercised');
        assert.match(start.candidates_infeasible_example, /^candidate \d+: pole: peak [\d.]+ V at the sample exceeds the limit 400 V$/);
        assert.ok(logs.some((l) => /^\d+ of 144 candidates break poling-rig's limits and are excluded from the search/.test(l)), logs.join('\n'));
      } else {
        assert.equal(start.candidates_infeasible, 0);
      }
    });
  }
});
