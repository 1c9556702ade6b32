import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Subject } from 'rxjs';
import { runCampaign } from '../../src/agents/campaign-runner.ts';
import { loadCampaignConfig } from '../../src/config-loader.ts';
import type { ControlMessage } from '../../src/events/control.ts';
import { checkRunConsistency, eventModelValidator } from '../helpers/event-model-validator.ts';
import { fixturesDir, repoRoot } from '../helpers/repo-paths.ts';

const dir = mkdtempSync(join(tmpdir(), 'ferroloop-plugin-swap-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('hot swap to a driver plugin', () => {
  it('W3 on FerroSIM swaps to a plain-JS plugin mid-campaign; one dataset, one valid run log, each event tagged', async () => {
    const config = loadCampaignConfig(readFileSync(join(repoRoot, 'configs', 'dkl-microscope.json'), 'utf8'), 'dkl-microscope.json', [
      'workflow.scan.pixels=[12,12]', 'workflow.patch=4', 'workflow.groundTruth=false', 'instrument.twin.n=12',
      'agent.budget=10', 'agent.initialPoints=4', 'surrogate={"kind":"gp"}', 'instrument.execution="inline"',
    ]);
    const control$ = new Subject<ControlMessage>();
    const swaps: string[] = [];
    const summary = await runCampaign({
      config, runsDir: join(dir, 'runs'), cacheDir: join(dir, 'cache'), control$,
      configDir: join(fixturesDir, 'plugins'),
      onEvent: (e) => {
        if (e.kind !== 'status') return;
        if (e.type === 'instrument/swapped') swaps.push(`${e.payload.step}:${e.payload.from}->${e.payload.to}`);
        if (e.type === 'agent/progress' && e.payload.step === 5) {
          control$.next({ type: 'swap', instrument: { kind: 'plugin', module: './synthetic-spm.mjs', options: { gain: 2 } } });
        }
      },
    });
    assert.equal(summary.exit_status, 'success');
    assert.equal(summary.evaluations, 10);
    assert.deepEqual(swaps, ['5:ferrosim-twin->synthetic-spm']);
    const docs = readFileSync(summary.log, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const validate = eventModelValidator();
    for (const d of docs) assert.deepEqual(validate(d), []);
    assert.deepEqual(checkRunConsistency(docs), []);
    const primary = docs.find(([n, d]) => n === 'descriptor' && d.name === 'primary')[1].uid;
    const events = docs.filter(([n, d]) => n === 'event' && d.descriptor === primary).map(([, d]) => d);
    assert.deepEqual(events.map((e) => e.data.instrument), [...Array(5).fill('ferrosim-twin'), ...Array(5).fill('synthetic-spm')]);
    assert.equal(new Set(events.map((e) => e.data.candidate)).size, 10, 'no candidate measured twice');
  });
});
