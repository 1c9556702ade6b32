/** Naive reference linear algebra for the numerics tests (textbook triple loops, row-major). */
import { Rng } from '../../../src/sim/rng.ts';

/** A random SPD matrix A = R Rᵀ + shift·I (n x n). */
export function randomSpd(n: number, seed: number, shift = 0.5): Float64Array {
  const rng = new Rng(seed);
  const R = Float64Array.from({ length: n * n }, () => rng.normal());
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let k = 0; k < n; k++) s += R[i * n + k] * R[j * n + k];
    A[i * n + j] = s + (i === j ? shift : 0);
  }
  return A;
}

/** C = A B, A (r x k), B (k x c). */
export function matmul(A: Float64Array, B: Float64Array, r: number, k: number, c: number): Float64Array {
  const C = new Float64Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) {
    let s = 0;
    for (let t = 0; t < k; t++) s += A[i * k + t] * B[t * c + j];
    C[i * c + j] = s;
  }
  return C;
}

export function transpose(A: Float64Array, r: number, c: number): Float64Array {
  const T = new Float64Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) T[j * r + i] = A[i * c + j];
  return T;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}
