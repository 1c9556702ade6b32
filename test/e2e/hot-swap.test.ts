import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Subject } from 'rxjs';
import { runCampaign } from '../../src/agents/campaign-runner.ts';
import { prepareWorkflow } from '../../src/agents/workflows/prepare-workflow.ts';
import { createInstrument } from '../../src/drivers/create-instrument.ts';
import { loadCampaignConfig } from '../../src/config-loader.ts';
import type { ControlMessage } from '../../src/events/control.ts';
import { SOCAT_MISSING, type PtyRig, startPtyRig } from '../drivers/serial/pty-rig.ts';
import { checkRunConsistency, eventModelValidator } from '../helpers/event-model-validator.ts';
import { repoRoot } from '../helpers/repo-paths.ts';

const dir = mkdtempSync(join(tmpdir(), 'ferroloop-swap-'));

describe('hot swap: FerroSIM → serial rig (socat ptys + ferroloop emulate) → FerroSIM', { skip: SOCAT_MISSING }, () => {
  let rig: PtyRig;
  before(async () => { rig = await startPtyRig(); });
  after(async () => { await rig?.cleanup(); });

  it('completes the budget with one continuous dataset and one run log, each observation tagged', async () => {
    const text = readFileSync(join(repoRoot, 'configs', 'latent-bo.json'), 'utf8');
    const config = loadCampaignConfig(text, 'latent-bo.json', [
      'workflow.trajectories.count=300', 'workflow.vae.epochs=3', 'workflow.vae.hidden=[32]',
      'workflow.grid.nx=12', 'workflow.grid.ny=12', 'agent.budget=15', 'agent.initialPoints=4',
    ]);
    const rigConfig = JSON.parse(readFileSync(join(repoRoot, 'configs', 'latent-bo.rig.json'), 'utf8')).instrument;
    rigConfig.poling.transport.path = rig.paths.awg;
    rigConfig.microscope.transport.path = rig.paths.pfm;
    const control$ = new Subject<ControlMessage>();
    const swaps: string[] = [];
    const summary = await runCampaign({
      config, runsDir: join(dir, 'runs'), cacheDir: join(dir, 'cache'), control$,
      onEvent: (e) => {
        if (e.kind !== 'status') return;
        if (e.type === 'instrument/swapped') swaps.push(`${e.payload.step}:${e.payload.from}->${e.payload.to}`);
        if (e.type === 'agent/progress' && e.payload.step === 5) control$.next({ type: 'swap', instrument: rigConfig });
        if (e.type === 'agent/progress' && e.payload.step === 10) control$.next({ type: 'swap', instrument: config.instrument as never });
      },
    });
    assert.equal(summary.exit_status, 'success');
    assert.equal(summary.evaluations, 15);
    assert.deepEqual(swaps, ['5:ferrosim->poling-rig', '10:poling-rig->ferrosim']);
    const docs = readFileSync(summary.log, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const validate = eventModelValidator();
    for (const d of docs) assert.deepEqual(validate(d), []);
    assert.deepEqual(checkRunConsistency(docs), []);
    assert.equal(docs.filter(([n]) => n === 'start').length, 1);
    const primary = docs.find(([n, d]) => n === 'descriptor' && d.name === 'primary')[1].uid;
    const events = docs.filter(([n, d]) => n === 'event' && d.descriptor === primary).map(([, d]) => d);
    assert.deepEqual(events.map((e) => e.data.instrument), [...Array(5).fill('ferrosim'), ...Array(5).fill('poling-rig'), ...Array(5).fill('ferrosim')]);
    assert.equal(new Set(events.map((e) => e.data.candidate)).size, 15, 'one dataset: no candidate measured twice');
    // The rig poles the emulator's twin (the same sample as the FerroSIM config) through the AWG in float32 volts and
    // reads the maps back as float32 blocks: Σ|curl| matches the simulator's ground truth to 1e-4 relative.
    const instrument = createInstrument(config.instrument);
    await instrument.connect();
    const truth = (await prepareWorkflow(config, { cacheDir: join(dir, 'cache') }, instrument)).groundTruth!;
    await instrument.close();
    for (const e of events) {
      const rel = Math.abs(e.data.y - truth[e.data.candidate]) / truth[e.data.candidate];
      assert.ok(e.data.instrument === 'ferrosim' ? rel === 0 : rel < 1e-4, `${e.data.instrument} candidate ${e.data.candidate}: ${rel}`);
    }
  });
});
