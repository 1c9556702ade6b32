import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { freeEnergy, curlAbsSum } from '../../src/sim/observables.ts';
import { resolveSimOptions, type SimOptions } from '../../src/sim/sim-options.ts';
import { simulate } from '../../src/sim/simulate.ts';

function grid(T: number, tMax = 1): number[] {
  return Array.from({ length: T }, (_, t) => (tMax * t) / (T - 1));
}

describe('FerroSIM properties', () => {
  it('same seed → same result (random init, stochastic update)', () => {
    const opts = (seed: number): SimOptions => ({
      n: 10, init: { kind: 'random', seed }, update: { kind: 'stochastic', seed: seed + 1 },
    });
    const a = simulate(opts(5));
    const b = simulate(opts(5));
    const c = simulate(opts(6));
    assert.deepEqual(a.pFinal, b.pFinal);
    assert.deepEqual(a.meanP, b.meanP);
    assert.notDeepEqual(a.pFinal, c.pFinal);
  });

  it('free energy never increases under a constant field and small dt', () => {
    fc.assert(fc.property(
      fc.constantFrom('tetragonal', 'rhombohedral', 'squareelectric', 'uniaxial'),
      fc.double({ min: -1.5, max: 1.5, noNaN: true }),
      fc.double({ min: -1.5, max: 1.5, noNaN: true }),
      fc.double({ min: 0, max: 0.5, noNaN: true }),
      fc.integer({ min: 0, max: 1000 }),
      fc.constantFrom('open', 'periodic'),
      (mode, ex, ey, depAlpha, seed, boundary) => {
        const T = 400;
        const opts: SimOptions = {
          n: 6, mode, depAlpha, k: 1.3, physics: 'corrected', boundary,
          timeVec: grid(T, 0.1), field: Array.from({ length: T }, () => [ex, ey]).flat(),
          init: { kind: 'random', seed }, snapshotSteps: Array.from({ length: T }, (_, t) => t),
        };
        const setup = resolveSimOptions(opts);
        const run = simulate(opts);
        let previous = Infinity;
        for (let t = 1; t < T; t++) {
          const f = freeEnergy(setup, run.snapshots.get(t)!, t);
          // Gradient flow with dt = 2.5e-4 ≪ 2/λ_max: each Euler step lowers F by ~dt·|g|²; 1e-12 absorbs rounding.
          assert.ok(f <= previous + 1e-12, `F rose at step ${t}: ${previous} → ${f}`);
          previous = f;
        }
      },
    ), { numRuns: 24, seed: 42 });
  });

  it('a field along y on a zero state with no x-defects leaves px = 0', () => {
    const T = 300;
    const n = 10;
    for (const engine of ['js', 'wasm'] as const) {
      const run = simulate({
        n, engine, timeVec: grid(T), init: { kind: 'zero' }, depAlpha: 0.2,
        field: grid(T).flatMap((t) => [0, 2 * Math.sin(2 * Math.PI * t)]),
        defects: Array.from({ length: n * n }, (_, s) => [0, ((s * 37) % 11) / 5 - 1]).flat(),
      });
      for (let s = 0; s < n * n; s++) assert.equal(run.pFinal[s], 0);
      assert.ok(run.pFinal.slice(n * n).some((v) => v !== 0), 'py moved');
    }
  });

  it('corrected physics applies γ once: γ = 2 equals γ = 1 on a doubled time grid', () => {
    const T = 200;
    const field = grid(T).flatMap((t) => [0.2, Math.sin(3 * t)]);
    const a = simulate({ n: 8, physics: 'corrected', gamma: 2, timeVec: grid(T), field, init: { kind: 'random', seed: 1 } });
    const b = simulate({ n: 8, physics: 'corrected', gamma: 1, timeVec: grid(T, 2), field, init: { kind: 'random', seed: 1 } });
    for (let i = 0; i < a.pFinal.length; i++) assert.ok(Math.abs(a.pFinal[i] - b.pFinal[i]) < 1e-12);
  });

  it('reference physics with γ ≠ 1 keeps two diverging copies (bug B2)', () => {
    const run = simulate({ n: 8, gamma: 1.5, init: { kind: 'random', seed: 2 } });
    assert.notDeepEqual(run.pFinal, run.pFinalIntegrator);
  });

  it("corrected 'remanent' init starts at p_r on y; reference 'remanent' is all zeros (bug B1)", () => {
    const T = 2;
    const base: SimOptions = { n: 4, timeVec: [0, 1e-9], field: [0, 0, 0, 0], snapshotSteps: [0] };
    const ref = simulate(base);
    const fixed = simulate({ ...base, physics: 'corrected' });
    assert.ok(ref.snapshots.get(0)!.every((v) => v === 0));
    assert.ok(Math.abs(fixed.snapshots.get(0)![16] + Math.sqrt(1.6 / 12.2)) < 1e-15);
    assert.equal(T, 2);
  });

  it('RK4 is converged at the reference dt; Euler differs by ~1e-3 relative in Σ|curl|', () => {
    const T = 950;
    const timeVec = Array.from({ length: T }, (_, t) => t / 899);
    const field = timeVec.flatMap((t) => [0, 0.5 * Math.exp(t) * Math.sin(2.4 * Math.PI * Math.min(t, 1)) + 0.1]);
    const base: SimOptions = { n: 12, depAlpha: 0.2, timeVec, field, init: { kind: 'random', seed: 9 } };
    const euler = curlAbsSum(simulate(base).pFinal, 12);
    const rk4 = curlAbsSum(simulate({ ...base, integrator: 'rk4' }).pFinal, 12);
    const heun = curlAbsSum(simulate({ ...base, integrator: 'heun' }).pFinal, 12);
    // spec §9: Euler's error at this dt is 1e-4–5e-4 relative; Heun is second order, so ≥ 10x closer to RK4.
    assert.ok(Math.abs(euler - rk4) / rk4 < 5e-3);
    assert.ok(Math.abs(heun - rk4) < Math.abs(euler - rk4) / 10);
  });
});
