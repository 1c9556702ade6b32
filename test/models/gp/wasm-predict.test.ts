import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { predictScaled, predictScaledJs, type GpPredictor } from '../../../src/models/gp/predict.ts';
import { factorise } from '../../../src/models/gp/marginal-likelihood.ts';
import { inverseLower } from '../../../src/models/numerics/triangular.ts';
import { heap, wasmLinalg } from '../../../src/models/numerics/wasm-linalg.ts';
import { matrix } from '../../../src/models/surrogate.ts';
import { Rng } from '../../../src/sim/rng.ts';

const w = wasmLinalg();

function predictor(kind: 'rbf' | 'matern52', n: number, d: number, seed: number): GpPredictor {
  const rng = new Rng(seed);
  const X = matrix(n, d, Float64Array.from({ length: n * d }, () => rng.uniform()));
  const y = Float64Array.from({ length: n }, () => rng.normal());
  const kernel = { kind, lengthscales: Float64Array.from({ length: d }, (_, i) => 0.2 + 0.1 * i), outputscale: 1.3 };
  const f = factorise({ kernel, noise: 1e-3 }, X, y);
  return { kernel, X, alpha: f.alpha, Linv: inverseLower(f.L, n) };
}

describe('WebAssembly GP posterior', { skip: w === null ? 'WebAssembly SIMD unavailable or FERROLOOP_LINALG=js' : false }, () => {
  it('vectorised exp is within 2 ulp-ish (4e-16 relative) of Math.exp on [−708, 0]', () => {
    const rng = new Rng(1);
    let worst = 0;
    for (let t = 0; t < 2000; t++) {
      const x = [-708 * rng.uniform() ** 3, -rng.uniform()];
      const h = heap(w!, 2);
      h[0] = x[0];
      h[1] = x[1];
      w!.exp2(0);
      for (let lane = 0; lane < 2; lane++) worst = Math.max(worst, Math.abs(h[lane] - Math.exp(x[lane])) / Math.exp(x[lane]));
    }
    assert.ok(worst < 4e-16, `worst relative error ${worst}`);
  });

  // Odd n exercises the padded column, block sizes not divisible by 4 the padded rows, d = 1, 3 the kernel loop.
  for (const [kind, n, d, m, block] of [['rbf', 31, 2, 23, 10], ['matern52', 40, 3, 17, 7], ['matern52', 1, 1, 5, 1000], ['rbf', 64, 1, 0, 16]] as const) {
    it(`${kind} n=${n} d=${d}: matches the TypeScript posterior`, () => {
      const p = predictor(kind, n, d, n + d);
      const rng = new Rng(7);
      const Xs = matrix(m, d, Float64Array.from({ length: m * d }, () => rng.uniform()));
      const a = predictScaled(p, Xs, block);
      const b = predictScaledJs(p, Xs, block);
      for (let k = 0; k < m; k++) {
        // Kernel values differ by ≤ 4e-16 relative (exp above), sums by summation order: 1e-11 absolute in
        // standardised units (|α| ≲ 1e3 at σ² = 1e-3) leaves a wide margin.
        assert.ok(Math.abs(a.mean[k] - b.mean[k]) < 1e-11 * Math.max(1, Math.abs(b.mean[k])), `mean ${a.mean[k]} vs ${b.mean[k]}`);
        assert.ok(Math.abs(a.variance[k] - b.variance[k]) < 1e-11, `variance ${a.variance[k]} vs ${b.variance[k]}`);
      }
    });
  }
});
