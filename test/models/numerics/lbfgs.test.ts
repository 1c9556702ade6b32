import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { lbfgs } from '../../../src/models/numerics/lbfgs.ts';

/** Rosenbrock function, minimum 0 at (1, 1). */
function rosenbrock(x: Float64Array) {
  const [a, b] = x;
  return {
    value: (1 - a) ** 2 + 100 * (b - a * a) ** 2,
    gradient: Float64Array.from([-2 * (1 - a) - 400 * a * (b - a * a), 200 * (b - a * a)]),
  };
}

describe('lbfgs', () => {
  it('minimises the Rosenbrock function from (−1.2, 1)', () => {
    const r = lbfgs(rosenbrock, Float64Array.from([-1.2, 1]), { maxIterations: 500, relativeTolerance: 0, gradientTolerance: 1e-8 });
    assert.ok(r.converged);
    // Gradient tolerance 1e-8 near a minimum with Hessian eigenvalues in [0.4, 1000] puts x within ~1e-6.
    assert.ok(Math.abs(r.x[0] - 1) < 1e-5 && Math.abs(r.x[1] - 1) < 1e-5, `x = ${r.x}`);
  });

  it('respects box bounds: the constrained minimum of (x − 3)² + (y + 1)² on [0, 2]² is (2, 0)', () => {
    const f = (x: Float64Array) => ({
      value: (x[0] - 3) ** 2 + (x[1] + 1) ** 2,
      gradient: Float64Array.from([2 * (x[0] - 3), 2 * (x[1] + 1)]),
    });
    const r = lbfgs(f, Float64Array.from([1, 1]), { lower: Float64Array.from([0, 0]), upper: Float64Array.from([2, 2]) });
    assert.ok(r.converged);
    assert.deepEqual(Array.from(r.x), [2, 0]);
  });

  it('backs off from non-finite values', () => {
    // log barrier: +∞ for x ≤ 0; minimum of x − log x at x = 1.
    const f = (x: Float64Array) => ({
      value: x[0] > 0 ? x[0] - Math.log(x[0]) : Infinity,
      gradient: Float64Array.from([1 - 1 / x[0]]),
    });
    const r = lbfgs(f, Float64Array.from([5]), { gradientTolerance: 1e-9, relativeTolerance: 0 });
    assert.ok(Math.abs(r.x[0] - 1) < 1e-6);
  });

  it('stops when aborted', () => {
    const ctl = new AbortController();
    ctl.abort();
    assert.throws(() => lbfgs(rosenbrock, Float64Array.from([-1.2, 1]), { signal: ctl.signal }), { name: 'AbortError' });
  });
});
