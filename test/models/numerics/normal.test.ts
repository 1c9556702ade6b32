import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { erfc, erfcx, logEiHelper, logNormCdf, normCdf } from '../../../src/models/numerics/normal.ts';

/** |a − b| ≤ rel·|b|. */
function close(a: number, b: number, rel: number): void {
  assert.ok(Math.abs(a - b) <= rel * Math.abs(b), `${a} vs ${b}`);
}

// Reference values: CPython math.erfc, scipy.special (erfcx, log_ndtr) and mpmath at 50 digits.
// Relative tolerance 1e-13: the series / continued fraction are accurate to a few ulps (measured ≤ 3e-15).
describe('normal functions', () => {
  it('erfc matches CPython math.erfc across the branches', () => {
    const ref: [number, number][] = [
      [0.5, 0.4795001221869535], [1.9, 0.0072095707647425325], [2, 0.004677734981047265],
      [3, 2.2090496998585438e-5], [10, 2.088487583762545e-45], [-1, 1.8427007929497148],
    ];
    for (const [x, v] of ref) close(erfc(x), v, 1e-13);
  });

  it('erfcx matches scipy.special.erfcx', () => {
    close(erfcx(0.3), 0.7345993345676554, 1e-13);
    close(erfcx(2.5), 0.2108063640611436, 1e-13);
    close(erfcx(30), 0.018795888861416754, 1e-13);
    close(erfcx(-1.5), 18.653886256262734, 1e-13);
  });

  it('Φ and log Φ match scipy (log_ndtr) including the far tail', () => {
    close(normCdf(0.25), 0.5987063256829237, 1e-13);
    close(logNormCdf(-20), -203.9171553710973, 1e-13);
    close(logNormCdf(-3), -6.60772622151035, 1e-13);
    close(logNormCdf(3), -0.0013508099647481925, 1e-11);
  });

  it('log h(u) = log(φ(u) + uΦ(u)) matches mpmath where plain EI underflows', () => {
    close(logEiHelper(-0.5), -1.6205162643873199, 1e-13);
    close(logEiHelper(-3), -7.8696860596030285, 1e-13);
    close(logEiHelper(-30), -457.724653760598, 1e-13);
    close(logEiHelper(-200), -20011.515648259739, 1e-13);
  });
});
