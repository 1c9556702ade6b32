/** Seeded regression problems for the GP accuracy bench: Branin (2-D), Hartmann-6 and Forrester (1-D), on the unit box. */
import { matrix, type Dataset, type Matrix } from '../../src/models/surrogate.ts';
import { Rng } from '../../src/sim/rng.ts';

export interface TestFunction {
  readonly name: string;
  readonly d: number;
  /** Observation-noise standard deviation (units of f). */
  readonly noiseSd: number;
  /** f at the unit-box point u (length d). */
  f(u: Float64Array): number;
}

/** Branin–Hoo with x = 15u₀ − 5, y = 15u₁ (range ≈ 0.4…308, std ≈ 51 over the square). */
export const branin: TestFunction = {
  name: 'branin',
  d: 2,
  noiseSd: 2,
  f(u) {
    const x = 15 * u[0] - 5;
    const y = 15 * u[1];
    return (y - (5.1 / (4 * Math.PI ** 2)) * x * x + (5 / Math.PI) * x - 6) ** 2 + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x) + 10;
  },
};

const H6_ALPHA = [1.0, 1.2, 3.0, 3.2];
const H6_A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]];
const H6_P = [
  [0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886], [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
  [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650], [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381],
];

/** Hartmann-6 on [0, 1]⁶ (minimum −3.32237; std ≈ 0.38 under uniform inputs). */
export const hartmann6: TestFunction = {
  name: 'hartmann6',
  d: 6,
  noiseSd: 0.05,
  f(u) {
    let s = 0;
    for (let i = 0; i < 4; i++) {
      let e = 0;
      for (let j = 0; j < 6; j++) e += H6_A[i][j] * (u[j] - H6_P[i][j]) ** 2;
      s += H6_ALPHA[i] * Math.exp(-e);
    }
    return -s;
  },
};

/** Forrester et al. (2008): (6x − 2)² sin(12x − 4) on [0, 1] (range ≈ −6…16). */
export const forrester: TestFunction = {
  name: 'forrester-1d',
  d: 1,
  noiseSd: 1,
  f: (u) => (6 * u[0] - 2) ** 2 * Math.sin(12 * u[0] - 4),
};

/** n uniform training points with noisy values and m held-out points with noise-free truths. */
export function problem(fn: TestFunction, n: number, m: number, rng: Rng): { train: Dataset; test: Matrix; truth: Float64Array } {
  const draw = (k: number) => Float64Array.from({ length: k * fn.d }, () => rng.uniform());
  const X = draw(n);
  const y = Float64Array.from({ length: n }, (_, i) => fn.f(X.subarray(i * fn.d, (i + 1) * fn.d)) + fn.noiseSd * rng.normal());
  const T = draw(m);
  const truth = Float64Array.from({ length: m }, (_, i) => fn.f(T.subarray(i * fn.d, (i + 1) * fn.d)));
  return { train: { X: matrix(n, fn.d, X), y }, test: matrix(m, fn.d, T), truth };
}
