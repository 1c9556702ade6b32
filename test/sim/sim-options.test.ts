import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { coerciveField, defaultLandau, resolveLandau } from '../../src/sim/modes.ts';
import { resolveSimOptions, type SimOptions } from '../../src/sim/sim-options.ts';
import { simulate } from '../../src/sim/simulate.ts';

describe('simulation options', () => {
  it('derives Ec as the reference does (spec §2)', () => {
    assert.ok(Math.abs(coerciveField(defaultLandau('tetragonal')) - 0.223022) < 1e-6);
    assert.ok(Math.abs(coerciveField(defaultLandau('squareelectric')) - 0.866265) < 1e-6);
  });

  it('applies the reference temperature scaling to α1', () => {
    assert.equal(resolveLandau('tetragonal', undefined, 300).alpha1, -(-1.6) * (300 - 400));
    assert.equal(resolveLandau('tetragonal', { alpha1: -2 }, 300).alpha1, -2 * (300 - 400));
  });

  it('uses the reference default field when none is given (Ey = 40 sin 4πt in Ec units, T = 1000)', () => {
    const s = resolveSimOptions({});
    assert.equal(s.timeVec.length, 1000);
    assert.equal(s.fieldEc[2 * 250 + 1], 40 * Math.sin((250 / 999) * 4 * Math.PI));
    assert.equal(s.fieldEc[2 * 250], 0);
  });

  const bad: [string, SimOptions, RegExp][] = [
    ['unknown mode', { mode: 'cubic' as never }, /mode: unknown mode 'cubic'/],
    ['time without field', { timeVec: [0, 1] }, /field: timeVec and field must be given together/],
    ['wrong field length', { timeVec: [0, 1, 2], field: [0, 0, 0, 0] }, /field: must hold T × 2 = 6 values/],
    ['non-increasing time', { timeVec: [0, 1, 1], field: [0, 0, 0, 0, 0, 0] }, /timeVec\[2\]: time points must increase/],
    ['NaN in the field', { timeVec: [0, 1], field: [0, 0, NaN, 0] }, /field\[2\]: must be finite/],
    ['per-site k of the wrong length', { n: 3, k: [1, 2] }, /k: must be a scalar or hold n² = 9 values/],
    ['defects of the wrong length', { n: 3, defects: [1, 2, 3] }, /defects: must hold n² × 2 = 18 values/],
    ['explicit init of the wrong length', { n: 3, init: { kind: 'explicit', p: [0] } }, /init\.p: must hold 2 × n² = 18/],
    ['rk4 with a stochastic update', { integrator: 'rk4', update: { kind: 'stochastic', seed: 1 } }, /integrator: 'rk4' needs update 'deterministic'/],
    ['short replay', { n: 4, timeVec: [0, 1, 2, 3], field: new Array(8).fill(0), update: { kind: 'stochastic-replay', selections: [[1]] } }, /update\.selections: needs one selection per step/],
    ['replayed site out of range', { n: 4, timeVec: [0, 1, 2], field: new Array(6).fill(0), update: { kind: 'stochastic-replay', selections: [[1, 2, 3, 99]] } }, /update\.selections\[0\]\[3\]: site 99 out of range/],
    ['boundary under reference physics', { boundary: 'periodic' }, /boundary: is fixed by physics 'reference'/],
    ['snapshot outside the run', { snapshotSteps: [5000] }, /snapshotSteps: step 5000 is outside/],
  ];
  for (const [what, options, message] of bad) {
    it(`refuses ${what}, naming the field`, () => {
      assert.throws(() => resolveSimOptions(options), (err: Error & { code?: string }) => {
        assert.equal(err.code, 'SIM_INVALID');
        assert.match(err.message, message);
        return true;
      });
    });
  }

  it('reports a diverging run as SIM_DIVERGED instead of returning NaN', () => {
    assert.throws(
      // dt = 10 ≫ 2/λ: the (unclipped) neighbour term grows ×~10 per step and overflows within ~400 steps.
      () => simulate({ n: 4, timeVec: Array.from({ length: 1000 }, (_, t) => 10 * t), field: new Array(2000).fill(50), init: { kind: 'random', seed: 1 } }),
      (err: Error & { code?: string }) => err.code === 'SIM_DIVERGED',
    );
  });
});
