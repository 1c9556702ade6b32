import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { logMarginalWithGradient, factorise, hyperFromLog } from '../../../src/models/gp/marginal-likelihood.ts';
import { negativeLogPosterior } from '../../../src/models/gp/fit-hyperparameters.ts';
import { hyperSpec, logPrior } from '../../../src/models/gp/hyperparameters.ts';
import { kernelMatrix } from '../../../src/models/gp/kernels.ts';
import { matrix } from '../../../src/models/surrogate.ts';
import { Rng } from '../../../src/sim/rng.ts';

const rng = new Rng(11);
const n = 25;
const d = 3;
const X = matrix(n, d, Float64Array.from({ length: n * d }, () => rng.uniform()));
const y = Float64Array.from({ length: n }, (_, i) => Math.sin(4 * X.data[i * d]) + X.data[i * d + 1] - 0.5 + 0.1 * rng.normal());
const z = Float64Array.from([-1.1, -0.4, 0.3, 0.2, -3.0]); // log ℓ (3), log s², log σ²

/** Central finite difference with step h; truncation error O(h²) ≈ 1e-10 relative for these smooth functions. */
function fd(f: (z: Float64Array) => number, at: Float64Array, j: number, h = 1e-5): number {
  const zp = Float64Array.from(at);
  const zm = Float64Array.from(at);
  zp[j] += h;
  zm[j] -= h;
  return (f(zp) - f(zm)) / (2 * h);
}

describe('GP log marginal likelihood', () => {
  for (const kind of ['rbf', 'matern52'] as const) {
    it(`${kind}: analytic gradient w.r.t. log-hyperparameters matches central differences`, () => {
      const { gradient } = logMarginalWithGradient(kind, z, X, y);
      for (let j = 0; j < z.length; j++) {
        const num = fd((zz) => factorise(hyperFromLog(kind, zz), X, y).logMarginal, z, j);
        // Relative 1e-6: FD rounding error ≈ ε·|log p|/h ≈ 1e-10 absolute, truncation ≈ 1e-10; the margin covers both.
        assert.ok(Math.abs(gradient[j] - num) <= 1e-6 * Math.max(1, Math.abs(num)), `${kind} z[${j}]: ${gradient[j]} vs ${num}`);
      }
    });
  }

  it('equals the closed form −½yᵀA⁻¹y − ½log|A| − (n/2)log 2π for n = 2', () => {
    const X2 = matrix(2, 1, Float64Array.from([0, 0.5]));
    const y2 = Float64Array.from([1, -1]);
    const h = hyperFromLog('rbf', Float64Array.from([Math.log(0.5), 0, Math.log(0.1)]));
    const k = Math.exp(-0.5 * (0.5 / 0.5) ** 2);
    const a = 1.1; // s² + σ²
    const det = a * a - k * k;
    const quad = (a * 1 - 2 * k * 1 * -1 + a * 1) / det; // yᵀ A⁻¹ y for A = [[a, k], [k, a]]
    const expected = -0.5 * quad - 0.5 * Math.log(det) - Math.log(2 * Math.PI);
    assert.ok(Math.abs(factorise(h, X2, y2).logMarginal - expected) < 1e-14);
  });

  it('Matérn-5/2 kernel matrix equals the textbook formula', () => {
    const X2 = matrix(2, 2, Float64Array.from([0.1, 0.2, 0.4, 0.6]));
    const K = kernelMatrix({ kind: 'matern52', lengthscales: Float64Array.from([0.5, 2]), outputscale: 1.7 }, X2);
    const r = Math.sqrt((0.3 / 0.5) ** 2 + (0.4 / 2) ** 2);
    const expected = 1.7 * (1 + Math.sqrt(5) * r + (5 / 3) * r * r) * Math.exp(-Math.sqrt(5) * r);
    assert.ok(Math.abs(K[1] - expected) < 1e-15 && K[1] === K[2] && K[0] === 1.7);
  });

  it('log-prior gradient and the full negative log posterior gradient match central differences', () => {
    const spec = hyperSpec(d, {}, 'botorch');
    const lp = logPrior(spec, z);
    const f = negativeLogPosterior('matern52', spec, X, y);
    const g = f(z).gradient;
    for (let j = 0; j < z.length; j++) {
      const numPrior = fd((zz) => logPrior(spec, zz).value, z, j);
      assert.ok(Math.abs(lp.gradient[j] - numPrior) < 1e-7);
      const num = fd((zz) => f(zz).value, z, j);
      assert.ok(Math.abs(g[j] - num) <= 1e-6 * Math.max(1, Math.abs(num)), `z[${j}]: ${g[j]} vs ${num}`);
    }
  });
});
