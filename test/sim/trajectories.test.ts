import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeTrajectorySet, encodeTrajectorySet } from '../../src/data/trajectory-store.ts';
import {
  TRAJECTORY_BOX, evaluateTrajectory, generateTrajectorySet, runTimeVector, trajectoryParams, withEquilibration,
} from '../../src/sim/trajectories.ts';

describe('trajectory family', () => {
  it('evaluates E(t) = A·exp(αt)·sin(ωt) + B on t_k = k/899', () => {
    const p = { A: 0.5, alpha: 1, omega: 2.4 * Math.PI, B: 0.1 };
    const curve = evaluateTrajectory(p);
    assert.equal(curve.length, 900);
    assert.equal(curve[0], 0.1);
    const t = 450 / 899;
    assert.equal(curve[450], 0.5 * Math.exp(t) * Math.sin(2.4 * Math.PI * t) + 0.1);
  });

  it('holds the final value for 50 equilibration steps on the reference time grid', () => {
    const curve = withEquilibration(evaluateTrajectory({ A: 0.3, alpha: -1, omega: 7, B: 0.2 }));
    assert.equal(curve.length, 950);
    for (let k = 900; k < 950; k++) assert.equal(curve[k], curve[899]);
    const tv = runTimeVector();
    assert.equal(tv.length, 950);
    assert.equal(tv[899], 1);
    assert.equal(tv[949], 949 / 899);
  });

  it('draws 7 500 seeded curves inside the lecture box, reproducibly', () => {
    const a = generateTrajectorySet(7500, 11);
    const b = generateTrajectorySet(7500, 11);
    assert.deepEqual(a.params, b.params);
    assert.equal(a.curves.length, 7500 * 900);
    for (let i = 0; i < a.count; i++) {
      const p = trajectoryParams(a, i);
      for (const key of ['A', 'alpha', 'omega', 'B'] as const) {
        const [lo, hi] = TRAJECTORY_BOX[key];
        assert.ok(p[key] >= lo && p[key] < hi, `${key} = ${p[key]}`);
      }
    }
    // Uniform draws: every parameter's sample mean sits near the box centre (±4 standard errors).
    for (const [c, key] of (['A', 'alpha', 'omega', 'B'] as const).entries()) {
      const [lo, hi] = TRAJECTORY_BOX[key];
      let mean = 0;
      for (let i = 0; i < a.count; i++) mean += a.params[4 * i + c] / a.count;
      const se = (hi - lo) / Math.sqrt(12 * a.count);
      assert.ok(Math.abs(mean - (lo + hi) / 2) < 4 * se, key);
    }
    assert.notDeepEqual(generateTrajectorySet(10, 12).params, generateTrajectorySet(10, 11).params);
  });

  it('saves compactly (32 bytes per trajectory) and loads the same curves', () => {
    const set = generateTrajectorySet(7500, 3);
    const bytes = encodeTrajectorySet(set);
    assert.ok(bytes.length < 7500 * 32 + 100);
    const back = decodeTrajectorySet(bytes);
    assert.deepEqual(back.params, set.params);
    assert.deepEqual(back.curves, set.curves);
  });

  it('refuses foreign and truncated files with an InputError', () => {
    const bytes = encodeTrajectorySet(generateTrajectorySet(4, 1));
    assert.throws(() => decodeTrajectorySet(Buffer.from('hello\n')), /not a ferroloop trajectory file/);
    assert.throws(() => decodeTrajectorySet(bytes.subarray(0, bytes.length - 8)), /expected 128 bytes/);
  });
});
