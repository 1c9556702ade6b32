import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MODES } from '../../src/sim/modes.ts';
import { Rng } from '../../src/sim/rng.ts';
import type { SimOptions } from '../../src/sim/sim-options.ts';
import { simulate } from '../../src/sim/simulate.ts';

/** A run with random init, defects and a two-component field; n sites per side, T time points. */
function options(n: number, T: number, extra: Partial<SimOptions> = {}): SimOptions {
  const rng = new Rng(5);
  const timeVec = Array.from({ length: T }, (_, t) => t / (T - 1));
  const field = timeVec.flatMap((t) => [0.3 * Math.sin(2 * Math.PI * t), 2 * Math.sin(4 * Math.PI * t)]);
  const defects = Array.from({ length: 2 * n * n }, () => rng.uniformIn(-2, 2));
  return { n, timeVec, field, defects, k: 1.3, depAlpha: 0.4, gamma: 0.9, physics: 'corrected', boundary: 'open', init: { kind: 'random', seed: 2 }, engine: 'wasm', ...extra };
}

describe('wasm whole-run path (one call for all steps)', () => {
  for (const mode of MODES) {
    it(`gives the step-by-step results bit for bit: ${mode}`, () => {
      const whole = simulate(options(9, 150, { mode }));
      // A snapshot request sends the run through the step-by-step path.
      const stepped = simulate(options(9, 150, { mode, snapshotSteps: [1] }));
      assert.deepEqual(whole.pFinal, stepped.pFinal);
      assert.deepEqual(whole.meanP, stepped.meanP);
    });
  }

  it('is unaffected by what a reused instance ran before (other sizes, periodic, per-site k)', () => {
    const first = simulate(options(12, 80));
    simulate(options(5, 40, { physics: 'corrected', boundary: 'periodic' }));
    simulate(options(17, 30, { k: Array.from({ length: 289 }, (_, s) => 0.5 + (s % 7) / 7) }));
    const again = simulate(options(12, 80));
    assert.deepEqual(again.pFinal, first.pFinal);
    assert.deepEqual(again.meanP, first.meanP);
  });

  it('reports divergence at the same step as step-by-step driving', () => {
    // dt = 10 ≫ 2/λ: the (unclipped) neighbour term grows ×~10 per step and overflows within ~400 steps.
    const diverging = (extra: Partial<SimOptions>) => () => simulate({
      n: 4, timeVec: Array.from({ length: 1000 }, (_, t) => 10 * t), field: new Array(2000).fill(50), init: { kind: 'random', seed: 1 }, engine: 'wasm', ...extra,
    });
    const message = (fn: () => unknown): string => {
      try {
        fn();
      } catch (err) {
        return `${(err as { code?: string }).code}: ${(err as Error).message}`;
      }
      return 'no error';
    };
    const whole = message(diverging({}));
    assert.match(whole, /^SIM_DIVERGED: .* at step \d+/);
    assert.equal(whole, message(diverging({ snapshotSteps: [0] })));
  });
});
