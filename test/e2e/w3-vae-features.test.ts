import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.ts';
import { parseNpy } from '../../src/data/npy.ts';
import { loadCampaignConfig } from '../../src/config-loader.ts';

const dir = mkdtempSync(join(tmpdir(), 'ferroloop-w3-vae-'));
/** A 24×24 twin keeps the scan, the VAE and 12 measurements to seconds. */
const small = ['--set', 'workflow.scan.pixels=[24,24]', '--set', 'instrument.twin.n=24'];

describe('W3 with VAE latents as features (vae patches → vae train → run)', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('cuts the scan into patches, trains an rVAE on them and runs the campaign on its latents', async () => {
    const p = await runCli(['vae', 'patches', '--config', 'configs/dkl-microscope.json', ...small, '--out', join(dir, 'p.npy')]);
    assert.equal(p.code, 0, p.stderr);
    const stack = parseNpy(readFileSync(join(dir, 'p.npy')), 'p.npy');
    // Every pixel at least half a patch (4 px) from the edge of 24 px: 17 × 17 candidates of 8 × 8.
    assert.deepEqual(stack.shape, [289, 8, 8]);
    const t = await runCli(['vae', 'train', '--model', 'rvae', '--data', join(dir, 'p.npy'), '--epochs', '2', '--hidden', '32', '--quiet', '--no-figures', '--out', join(dir, 'm')]);
    assert.equal(t.code, 0, t.stderr);
    const runs = join(dir, 'runs');
    const r = await runCli(['run', 'configs/dkl-microscope.json', ...small, '--set', 'workflow.features=vae', '--set', `workflow.vaeModel=${join(dir, 'm')}`,
      '--set', 'agent.budget=12', '--set', 'agent.initialPoints=4', '--runs-dir', runs, '--quiet']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /features: rvae latents \(z1, z2\) of 289 8×8 patches/);
    const summary = JSON.parse(r.stdout);
    assert.equal(summary.evaluations, 12);
    const log = readdirSync(runs).find((f) => f.endsWith('.jsonl'))!;
    // The events carry the candidate's latent features under the space's name.
    assert.match(readFileSync(join(runs, log), 'utf8'), /"space:vae-latents\/features"/);
  });

  it('refuses features "vae" without a model, a model for other features, and a model of the wrong patch size', async () => {
    const base = readFileSync('configs/dkl-microscope.json', 'utf8');
    assert.throws(() => loadCampaignConfig(base, 'c.json', ['workflow.features=vae']), /workflow\.vaeModel: features "vae" needs vaeModel/);
    assert.throws(() => loadCampaignConfig(base, 'c.json', ['workflow.vaeModel=x']), /workflow\.vaeModel: applies to features "vae" only/);
    const r = await runCli(['run', 'configs/dkl-microscope.json', ...small, '--set', 'workflow.patch=6', '--set', 'workflow.features=vae',
      '--set', `workflow.vaeModel=${join(dir, 'm')}`, '--runs-dir', join(dir, 'runs2'), '--quiet']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /trained on 8×8 images, the campaign's patches are 6×6/);
  });
});
