import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runCampaign } from '../../src/agents/campaign-runner.ts';
import { loadCampaignConfig } from '../../src/config-loader.ts';
import { replayMaps } from '../../src/server/replay-prepared.ts';
import { SOCAT_MISSING, startPtyRig } from '../drivers/serial/pty-rig.ts';
import { repoRoot } from '../helpers/repo-paths.ts';

/**
 * Issue 13 (e): a run recorded on hardware replays with its maps. The maps are rebuilt from the start document
 * (W3: the structure scan) and the cache (W2: the VAE) without opening the instrument: the rig is stopped first.
 */
const RUNS: Record<string, (p: { awg: string; pfm: string }) => string[]> = {
  'dkl-microscope.rig.json': (p) => ['workflow.scan.pixels=[16,16]', 'workflow.patch=4', 'instrument.scan.defaultPixels=[16,16]', 'agent.budget=6', 'agent.initialPoints=3',
    'surrogate={"kind":"gp"}', `instrument.transport.path=${p.pfm}`],
  'latent-bo.rig.json': (p) => ['workflow.trajectories.count=600', 'workflow.vae.epochs=6', 'workflow.vae.hidden=[32]', 'workflow.grid.nx=8', 'workflow.grid.ny=8',
    'workflow.groundTruth=false', 'agent.budget=5', 'agent.initialPoints=3', 'instrument.poling.voltsPerEc=20',
    `instrument.poling.transport.path=${p.awg}`, `instrument.microscope.transport.path=${p.pfm}`],
};

describe('replay of hardware run logs rebuilds their maps', { skip: SOCAT_MISSING }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'ferroloop-replay-rig-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('W3 microscope and W2 rig logs: grid and candidate coordinates from the start document and the cache, no port opened', async () => {
    const rig = await startPtyRig([]);
    const starts: Record<string, Record<string, unknown>> = {};
    try {
      for (const [file, over] of Object.entries(RUNS)) {
        const config = loadCampaignConfig(readFileSync(join(repoRoot, 'configs', file), 'utf8'), file, over(rig.paths));
        const s = await runCampaign({ config, runsDir: join(dir, 'runs'), cacheDir: join(dir, 'cache'), log: () => {} });
        assert.equal(s.exit_status, 'success', s.reason);
        starts[file] = JSON.parse(readFileSync(s.log, 'utf8').split('\n')[0])[1];
      }
    } finally {
      await rig.cleanup(); // the ports are gone: the replay must not need them
    }
    const logs: string[] = [];
    const w3 = await replayMaps(starts['dkl-microscope.rig.json'] as never, (m) => logs.push(m), join(dir, 'cache'));
    assert.ok(w3, logs.join('\n'));
    const p3 = w3.prepared.payload as { grid: { nx: number; ny: number; xLabel: string }; coordinates: number[] };
    assert.deepEqual([p3.grid.nx, p3.grid.ny], [13, 13], '16 px scan, 4 px patches');
    assert.equal(p3.grid.xLabel, 'x (µm)');
    assert.equal(p3.coordinates.length, 2 * 13 * 13);
    assert.ok(logs.includes('structure scan taken from the run log'), logs.join('\n'));
    const w2 = await replayMaps(starts['latent-bo.rig.json'] as never, (m) => logs.push(m), join(dir, 'cache'));
    assert.ok(w2, logs.join('\n'));
    const p2 = w2.prepared.payload as { grid: { nx: number; ny: number }; candidates: number; infeasible: number[] };
    assert.deepEqual([p2.grid.nx, p2.grid.ny], [8, 8]);
    assert.equal(p2.candidates, 64, 'the rig limits were checked from the config alone');
    const fitted = await w2.posterior([0, 1, 2], [1, 2, 3]);
    assert.equal(fitted.mean.length, 64);
  });
});
