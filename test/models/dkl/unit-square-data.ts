/** Seeded test data for the DKL tests: n points uniform on the unit square, y = f(x1, x2) + N(0, noise²). */
import { matrix, type Dataset } from '../../../src/models/surrogate.ts';
import { Rng } from '../../../src/sim/rng.ts';

/** n rows of X (n × 2) drawn uniformly from [0, 1]², y = f(x1, x2) + noise·N(0, 1), all from one seeded stream. */
export function unitSquareData(n: number, seed: number, noise: number, f: (a: number, b: number) => number): Dataset {
  const rng = new Rng(seed);
  const X = new Float64Array(2 * n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    X[2 * i] = rng.uniform();
    X[2 * i + 1] = rng.uniform();
    y[i] = f(X[2 * i], X[2 * i + 1]) + noise * rng.normal();
  }
  return { X: matrix(n, 2, X), y };
}
