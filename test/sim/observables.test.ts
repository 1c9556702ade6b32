import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { curl, curlAbsSum, freeEnergy, hysteresisLoop, meanPolarization } from '../../src/sim/observables.ts';
import { resolveSimOptions } from '../../src/sim/sim-options.ts';
import { rateOf } from '../../src/sim/rate-kernel.ts';
import { createPadded, writeInterior } from '../../src/sim/padded-grid.ts';
import { forceParams } from '../../src/sim/simulate.ts';
import { Rng } from '../../src/sim/rng.ts';

describe('observables', () => {
  it('curl of a vortex is positive at its centre; periodic and open differ only at the edges', () => {
    const n = 5;
    const p = new Float64Array(2 * n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        p[i * n + j] = -(j - 2); // px = −y
        p[n * n + i * n + j] = i - 2; // py = x
      }
    }
    const periodic = curl(p, n, 'periodic');
    const open = curl(p, n, 'open');
    assert.equal(periodic[2 * n + 2], 2); // dPy/dx − dPx/dy = 1 − (−1)
    assert.equal(open[2 * n + 2], 2);
    assert.notEqual(periodic[0], open[0]);
    assert.equal(curlAbsSum(p, n, 'open'), open.reduce((a, v) => a + Math.abs(v), 0));
    assert.deepEqual(meanPolarization(p, n), [0, 0]);
  });

  it('hysteresis loop area of a square loop is 4·Pmax·Emax', () => {
    // Field ramps 0 → 1 → −1 → 1 with P switching at the extremes: a rectangle traversed once.
    const E = [-1, 1, 1, -1, -1];
    const P = [-1, -1, 1, 1, -1];
    const field = E.flatMap((e) => [0, e]);
    const meanP = [...new Array(5).fill(0), ...P];
    assert.equal(hysteresisLoop(meanP, field, 5, 1).area, 4);
  });

  it('the force of the dynamics is the gradient of the free energy (central differences)', () => {
    for (const mode of ['tetragonal', 'rhombohedral', 'squareelectric'] as const) {
      for (const boundary of ['open', 'periodic'] as const) {
        const n = 4;
        const rng = new Rng(5);
        const setup = resolveSimOptions({
          n, mode, physics: 'corrected', boundary, k: 1.7, depAlpha: 0.4,
          timeVec: [0, 1], field: [0.3, -0.2, 0.3, -0.2],
          defects: Array.from({ length: 2 * n * n }, () => rng.uniformIn(-1, 1)),
        });
        const p = Float64Array.from({ length: 2 * n * n }, () => rng.uniformIn(-0.4, 0.4));
        const padded = createPadded(n);
        writeInterior(padded, p);
        if (boundary === 'periodic') {
          for (const a of [padded.px, padded.py]) {
            const w = n + 2;
            for (let j = 1; j <= n; j++) { a[j] = a[n * w + j]; a[(n + 1) * w + j] = a[w + j]; }
            for (let i = 1; i <= n; i++) { a[i * w] = a[i * w + n]; a[i * w + n + 1] = a[i * w + 1]; }
          }
        }
        const ec = setup.ec;
        const rate = new Float64Array(2 * n * n);
        rateOf(forceParams(setup), padded, ec * 0.3, ec * -0.2, 1, rate);
        const h = 1e-6;
        for (const idx of [0, 5, 2 * n * n - 1]) {
          const plus = Float64Array.from(p);
          const minus = Float64Array.from(p);
          plus[idx] += h;
          minus[idx] -= h;
          const grad = (freeEnergy(setup, plus, 1) - freeEnergy(setup, minus, 1)) / (2 * h);
          // Central differences on a quartic: error O(h²·F''') ≈ 1e-10; 1e-6 leaves ample room for rounding.
          assert.ok(Math.abs(grad + rate[idx]) < 1e-6, `${mode}/${boundary} site ${idx}: ${grad} vs ${-rate[idx]}`);
        }
      }
    }
  });
});
