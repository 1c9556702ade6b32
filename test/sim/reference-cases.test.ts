import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { caseToSimOptions, parseCaseText } from '../../src/sim/reference-case.ts';
import { curl, curlAbsSum, meanPolarizationMagnitude } from '../../src/sim/observables.ts';
import { simulate } from '../../src/sim/simulate.ts';
import { refCasePath } from '../helpers/repo-paths.ts';

// spec §9: a float64 port matches the reference to ~1e-12; 1e-9 leaves room for summation order.
const TOL = 1e-9;

const CASES = [
  'case1_n10_sine_det.json',
  'case2_n20_expsin_Ey_det.json',
  'case4_n10_expsin_stochastic.json',
  'case5_n10_squareelectric_det.json',
];

function maxAbsDiff(actual: ArrayLike<number>, expected: number[]): number {
  assert.equal(actual.length, expected.length, 'length');
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  return worst;
}

for (const file of CASES) {
  describe(`reference ${file}`, () => {
    const text = readFileSync(refCasePath(file), 'utf8');
    const c = parseCaseText(text);
    const out = JSON.parse(text).outputs;
    const result = simulate(caseToSimOptions(c));
    const n = c.inputs.n;

    it('matches P_final with the portable JS engine too', () => {
      const js = simulate({ ...caseToSimOptions(c), engine: 'js' });
      assert.ok(maxAbsDiff(js.pFinal, out.P_final.flat(2)) < TOL);
      assert.ok(maxAbsDiff(js.meanP, out.mean_P_vs_time.flat()) < TOL);
    });

    it('matches P_final and the integrator copy', () => {
      assert.ok(maxAbsDiff(result.pFinal, out.P_final.flat(2)) < TOL);
      assert.ok(maxAbsDiff(result.pFinalIntegrator, out.P_final_integrator_array.flat(2)) < TOL);
    });

    it('matches mean_P_vs_time of both copies', () => {
      assert.ok(maxAbsDiff(result.meanP, out.mean_P_vs_time.flat()) < TOL);
      assert.ok(maxAbsDiff(result.meanPIntegrator, out.mean_P_vs_time_integrator_array.flat()) < TOL);
    });

    it('matches every snapshot', () => {
      for (const [step, expected] of Object.entries(out.P_snapshots as Record<string, number[][][]>)) {
        const got = result.snapshots.get(Number(step));
        assert.ok(got, `snapshot ${step} recorded`);
        assert.ok(maxAbsDiff(got, expected.flat(2)) < TOL, `snapshot ${step}`);
      }
    });

    it('matches curl_final and curl_abs_sum (relative)', () => {
      assert.ok(maxAbsDiff(curl(result.pFinal, n, result.curlBoundary), out.curl_final.flat()) < TOL);
      const sum = curlAbsSum(result.pFinal, n, result.curlBoundary);
      assert.ok(Math.abs(sum - out.curl_abs_sum) / out.curl_abs_sum < TOL, `${sum} vs ${out.curl_abs_sum}`);
      const sumInt = curlAbsSum(result.pFinalIntegrator, n, result.curlBoundary);
      assert.ok(Math.abs(sumInt - out.curl_abs_sum_integrator_array) / out.curl_abs_sum_integrator_array < TOL);
      assert.ok(Math.abs(meanPolarizationMagnitude(result.pFinal, n) - out.mean_P_final_magnitude) < TOL);
    });
  });
}
