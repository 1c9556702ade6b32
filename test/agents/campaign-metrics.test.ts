import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { campaignMetrics } from '../../src/agents/campaign-metrics.ts';
import { evaluationsToReachAfter } from '../../src/agents/campaign-report.ts';
import { parameterGridSpace } from '../../src/agents/spaces/parameter-grid-space.ts';
import { patchPixelSpace } from '../../src/agents/spaces/patch-pixel-space.ts';
import type { PreparedWorkflow } from '../../src/agents/workflows/prepared-workflow.ts';
import { parseCampaignConfig } from '../../src/config-loader.ts';
import { matrix } from '../../src/models/surrogate.ts';
import type { Surrogate } from '../../src/models/surrogate.ts';
import { repoRoot } from '../helpers/repo-paths.ts';

const config = (name: string, initialPoints: number) => {
  const c = parseCampaignConfig(JSON.parse(readFileSync(join(repoRoot, 'configs', name), 'utf8')));
  return { ...c, agent: { ...c.agent, initialPoints } };
};
/** A surrogate never asked for (one evaluation: no reconstruction). */
const unused = {} as Surrogate;

describe('campaign metrics', () => {
  it('W1: best_x is {k, depAlpha} with k itself, not its log10', async () => {
    const space = parameterGridSpace({ k: { name: 'k', min: 0.1, max: 10, count: 3, scale: 'log' }, depAlpha: { name: 'depAlpha', min: 0, max: 2, count: 2, scale: 'linear' }, field: new Float64Array(1), component: 0, response: 'loop-area' });
    const m = await campaignMetrics({ config: config('param-bo.json', 1), prepared: { space, info: {} }, candidates: [4], y: [1], surrogate: unused });
    assert.equal(m.best_x!.k.toFixed(6), '1.000000');
    assert.deepEqual(Object.keys(m.best_x!), ['k', 'depAlpha']);
    assert.equal(m.best_x!.depAlpha, 2);
  });

  it('W2: latent coordinates named z1, z2 (features keyed by featureNames)', async () => {
    const space = { name: 'latent', candidates: matrix(2, 2, Float64Array.of(-1, 0.5, 0.25, 2)), featureNames: ['z1', 'z2'] } as unknown as PreparedWorkflow['space'];
    const m = await campaignMetrics({ config: config('latent-bo.json', 1), prepared: { space, info: {} }, candidates: [1], y: [3], surrogate: unused });
    assert.deepEqual(m.best_x, { z1: 0.25, z2: 2 });
  });

  it('W3: the pixel centre in µm, not the 64 patch features', async () => {
    const space = patchPixelSpace({ image: Float64Array.from({ length: 100 }, (_, i) => i % 7), nx: 10, ny: 10, sizeUm: 5, patch: 8, waveform: new Float64Array(4), dtMs: 1, descriptor: 'area', response: 'off' });
    assert.equal(space.candidates.cols, 64);
    const m = await campaignMetrics({ config: config('dkl-microscope.json', 1), prepared: { space, info: {} }, candidates: [3], y: [1], surrogate: unused });
    // 3 × 3 candidates (pixels 4…6); candidate 3 is pixel (4, 5): centres (4.5, 5.5) × 0.5 µm.
    assert.deepEqual(m.best_x, { x_um: 2.25, y_um: 2.75 });
  });

  it('evaluations to 99 % after the random phase: counted from the first chosen evaluation; null if reached during it or never', () => {
    assert.equal(evaluationsToReachAfter([1, 2, 3, 9.95], 10, 2), 2);
    assert.equal(evaluationsToReachAfter([1, 9.95, 9.95], 10, 2), null);
    assert.equal(evaluationsToReachAfter([1, 2, 3], 10, 2), null);
    assert.equal(evaluationsToReachAfter([1, 2, 9.9], 10, 0), 3);
  });

  it('the summary reports the random phase and evaluations_to_99_after_random beside evaluations_to_99', async () => {
    const space = { name: 'line', candidates: matrix(5, 1, Float64Array.of(0, 1, 2, 3, 4)), featureNames: ['x'] } as unknown as PreparedWorkflow['space'];
    const prepared: PreparedWorkflow = { space, groundTruth: Float64Array.of(1, 2, 3, 4, 10), info: {} };
    const fit = { fit: async () => ({ posterior: () => ({ mean: Float64Array.of(1, 2, 3, 4, 10) }), dispose() {} }) } as unknown as Surrogate;
    const m = await campaignMetrics({ config: config('latent-bo.json', 2), prepared, candidates: [0, 1, 2, 4], y: [1, 2, 3, 10], surrogate: fit });
    assert.deepEqual(m.random_phase, { evaluations: 2, best: 2, best_over_true: 0.2, reached_99: false });
    assert.equal(m.evaluations_to_99, 4);
    assert.equal(m.evaluations_to_99_after_random, 2);
    assert.equal(typeof m.random_search!.evaluations_to_99_after_random === 'number' || m.random_search!.evaluations_to_99_after_random === null, true);
  });
});
