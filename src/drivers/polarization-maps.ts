import type { MeasuredArray } from './instrument.ts';

/**
 * Lattice state ([comp][i][j], 2·n², x = i) → PX and PY images (n × n row-major, row = y), the image convention
 * every instrument uses.
 */
export function latticeToImages(state: ArrayLike<number>, n: number): { PX: MeasuredArray; PY: MeasuredArray } {
  const sites = n * n;
  const px = new Float64Array(sites);
  const py = new Float64Array(sites);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      px[j * n + i] = state[i * n + j];
      py[j * n + i] = state[sites + i * n + j];
    }
  }
  return { PX: { shape: [n, n], data: px, unit: 'a.u.' }, PY: { shape: [n, n], data: py, unit: 'a.u.' } };
}

/** PX and PY images (ny × nx, row = y) → a lattice state [comp][i][j] (x = i) for src/sim observables (needs nx = ny). */
export function imagesToLattice(px: MeasuredArray, py: MeasuredArray): { state: Float64Array; n: number } {
  const [ny, nx] = px.shape;
  if (nx !== ny || py.shape[0] !== ny || py.shape[1] !== nx) throw new RangeError(`PX/PY must be square and alike, got ${px.shape} and ${py.shape}`);
  const n = nx;
  const sites = n * n;
  const state = new Float64Array(2 * sites);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      state[i * n + j] = px.data[j * n + i];
      state[sites + i * n + j] = py.data[j * n + i];
    }
  }
  return { state, n };
}
