import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { candidateFeasibility } from '../src/agents/feasibility.ts';
import type { SearchSpace } from '../src/agents/search-space.ts';
import { triangleWaveform } from '../src/agents/spaces/loop-descriptors.ts';
import { patchPixelSpace } from '../src/agents/spaces/patch-pixel-space.ts';
import { prepareLatentBo } from '../src/agents/workflows/latent-bo.ts';
import { loadCampaignConfig } from '../src/config-loader.ts';
import { checkCommand } from '../src/drivers/command-checks.ts';
import { createInstrument } from '../src/drivers/create-instrument.ts';
import type { CampaignConfig } from '../src/config.ts';
import { repoRoot } from './helpers/repo-paths.ts';

/**
 * Static check of every shipped rig config at its full settings (the e2e over socat ptys runs a reduced budget):
 * the candidates the rig's limits refuse are known before the campaign, and enough remain for the full budget.
 * The latent-bo rig trains its full VAE (7500 curves, 100 epochs): a few minutes on the wasm backend.
 */
const dir = mkdtempSync(join(tmpdir(), 'ferroloop-rig-feasibility-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const RIG_CONFIGS = readdirSync(join(repoRoot, 'configs')).filter((f) => f.endsWith('.rig.json')).sort();

/** The full search space a config's campaign would search (ground truth off: it does not change the candidates). */
async function fullSpace(cfg: CampaignConfig): Promise<SearchSpace> {
  const w = cfg.workflow;
  if (w.kind === 'latent-bo') {
    return (await prepareLatentBo({ ...cfg, workflow: { ...w, groundTruth: false } } as never, { cacheDir: join(dir, 'cache') })).space;
  }
  if (w.kind === 'dkl-microscope') {
    // The commands depend on the pixel grid, the scan size and the waveform only, never on the image's values.
    const [nx, ny] = w.scan.pixels;
    const sizeUm = w.scan.sizeUm ?? (cfg.instrument as { scan: { defaultSizeUm: number } }).scan.defaultSizeUm;
    return patchPixelSpace({
      image: new Float64Array(nx * ny).map((_, i) => i % 7), nx, ny, sizeUm, patch: w.patch,
      waveform: triangleWaveform(w.spectroscopy.amplitude, w.spectroscopy.points), dtMs: w.spectroscopy.dtMs,
      descriptor: w.descriptor, response: w.response,
    });
  }
  throw new Error(`no static space for ${w.kind}`);
}

describe('shipped rig configs: full-budget feasibility, checked before any hardware', () => {
  it('there are rig configs to check', () => assert.deepEqual(RIG_CONFIGS, ['dkl-microscope.rig.json', 'latent-bo.rig.json']));

  for (const file of RIG_CONFIGS) {
    it(`${file}: every candidate the agent may pick passes the rig's limits, and at least the budget of them exist`, async () => {
      const cfg = loadCampaignConfig(readFileSync(join(repoRoot, 'configs', file), 'utf8'), file);
      const space = await fullSpace(cfg);
      const instrument = createInstrument(cfg.instrument);
      const f = candidateFeasibility(space, instrument);
      const feasible = f.infeasible.length - f.count;
      assert.ok(feasible >= cfg.agent.budget, `${file}: ${feasible} feasible of ${f.infeasible.length}, budget ${cfg.agent.budget}`);
      for (let i = 0; i < f.infeasible.length; i++) {
        if (f.infeasible[i]) continue;
        // Declared limits and the driver's own check (amplifier, generator range) both accept it.
        checkCommand(instrument.info, space.toCommand(i));
        instrument.check?.(space.toCommand(i));
      }
      if (cfg.workflow.kind === 'latent-bo') {
        // The trajectory family reaches ~12 Ec = 485 V at 40 V/Ec, beyond the amplifier's 400 V: some are excluded.
        assert.ok(f.count > 0 && f.count < f.infeasible.length / 10, `${f.count} infeasible`);
        assert.match(f.example!.message, /^pole: peak [\d.]+ V at the sample exceeds the limit 400 V$/);
        process.stdout.write(`# ${file}: ${f.count} of ${f.infeasible.length} candidates infeasible at the defaults\n`);
      } else {
        assert.equal(f.count, 0);
      }
    });
  }
});
