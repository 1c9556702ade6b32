import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GpSurrogate, type GpOptions } from '../../../src/models/gp/index.ts';
import { Rng } from '../../../src/sim/rng.ts';
import { braninData, coverage, rmse } from './branin.ts';

// Issue 12 item 7: on Branin, 120 points, noise σ = 2, scikit-learn's maximum-likelihood Matérn-5/2 GP reached a
// held-out RMSE of 1.20 (RBF 1.06) where the MAP-prior GP reached 1.57 (values recorded in the issue, on the
// issue's own random design). The RMSE of one 120-point design varies by ±40 % from design to design, so the
// check averages four seeded designs (same seeds, same held-out set, for both settings).
const DESIGNS = [11, 12, 13, 14];
const test = braninData(2000, new Rng(2));

async function meanScores(options: GpOptions): Promise<{ rmse: number; coverage: number }> {
  let r = 0;
  let c = 0;
  for (const seed of DESIGNS) {
    const fitted = await new GpSurrogate({ ...options, seed }).fit(braninData(120, new Rng(seed), 2));
    const p = fitted.posterior(test.X);
    r += rmse(p.mean, test.truth);
    c += coverage(p.mean, p.variance, test.truth);
  }
  return { rmse: r / DESIGNS.length, coverage: c / DESIGNS.length };
}

describe('GP accuracy on noisy Branin (issue 12)', () => {
  it('matches scikit-learn’s Matérn-5/2 RMSE at n = 120, σ = 2, with calibrated intervals', async () => {
    const after = await meanScores({});
    const before = await meanScores({ priors: 'botorch', outputscaleBounds: [1e-3, 1e2] });
    console.log(`mean held-out RMSE ${after.rmse.toFixed(3)} (MAP priors ${before.rmse.toFixed(3)}), coverage ${after.coverage.toFixed(3)}`);
    // Bound: the sklearn anchor 1.20 plus 10 % for the different designs (the issue's own design is not recorded;
    // the four-design mean is expected within a few per cent of any other four-design mean at this n).
    assert.ok(after.rmse < 1.2 * 1.1, `rmse ${after.rmse}`);
    // The fix must be a real improvement over the old MAP priors on the same designs (observed ratio ≈ 0.75).
    assert.ok(after.rmse < 0.9 * before.rmse, `rmse ${after.rmse} vs ${before.rmse} before`);
    // Nominal 2σ coverage 0.954; the issue asks for 0.9–0.99.
    assert.ok(after.coverage >= 0.9 && after.coverage <= 0.99, `coverage ${after.coverage}`);
  });
});
