import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MODES } from '../../src/sim/modes.ts';
import { Rng } from '../../src/sim/rng.ts';
import type { SimOptions } from '../../src/sim/sim-options.ts';
import { simulate } from '../../src/sim/simulate.ts';
import { wasmEulerAvailable } from '../../src/sim/wasm-euler-engine.ts';

/** A 12×12 run with random init, defects and a two-component field, varied per case. */
function options(extra: Partial<SimOptions>): SimOptions {
  const rng = new Rng(7);
  const n = 12;
  const T = 200;
  const timeVec = Array.from({ length: T }, (_, t) => t / (T - 1));
  const field = timeVec.flatMap((t) => [0.4 * Math.sin(2 * Math.PI * t), 1.5 * Math.sin(4 * Math.PI * t)]);
  const defects = Array.from({ length: 2 * n * n }, () => rng.uniformIn(-2, 2));
  return { n, timeVec, field, defects, depAlpha: 0.3, init: { kind: 'random', seed: 3 }, ...extra };
}

function maxAbsDiff(a: Float64Array, b: Float64Array): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

describe('WebAssembly SIMD engine', () => {
  it('is available on Node ≥ 20', () => {
    assert.equal(wasmEulerAvailable(), true);
  });

  const rng = new Rng(11);
  const perSiteK = Array.from({ length: 144 }, () => rng.uniformIn(0.5, 2));
  const perSiteDep = Array.from({ length: 144 }, () => rng.uniformIn(0, 0.5));
  const variants: [string, Partial<SimOptions>][] = [
    ...MODES.map((mode) => [mode, { mode }] as [string, Partial<SimOptions>]),
    ['per-site k and α_dep', { k: perSiteK, depAlpha: perSiteDep }],
    ['corrected physics, periodic', { physics: 'corrected', boundary: 'periodic', gamma: 0.7 }],
    ['corrected physics, open', { physics: 'corrected', boundary: 'open' }],
  ];
  for (const [name, extra] of variants) {
    it(`matches the JS engine: ${name}`, () => {
      const js = simulate(options({ ...extra, engine: 'js' }));
      const wasm = simulate(options({ ...extra, engine: 'wasm' }));
      // Same arithmetic regrouped (a·c + b·c³ vs c·(a + b·c²)): differences stay at rounding level.
      assert.ok(maxAbsDiff(js.pFinal, wasm.pFinal) < 1e-12, `${maxAbsDiff(js.pFinal, wasm.pFinal)}`);
      assert.ok(maxAbsDiff(js.meanP, wasm.meanP) < 1e-12);
    });
  }
});
