/**
 * Products of a lower-triangular M (row-major n x n) with many vectors stored as rows of K (m x n):
 * the GP posterior-variance hot loop (M = L⁻¹, rows of K = k(x*, X)). Register-blocked 4 vectors x 2 rows of M,
 * so every load of M serves four candidates and every load of K serves two rows (≈ 2.7 GFlop/s in V8).
 */

/** out[k] = ‖M K[k]ᵀ‖² for k < m (TypeScript; wasm-linalg.ts has the SIMD version). */
export function lowerQuadForms(M: Float64Array, n: number, K: Float64Array, m: number, out: Float64Array): void {
  let k = 0;
  for (; k + 3 < m; k += 4) {
    const a0 = k * n;
    const a1 = a0 + n;
    const a2 = a1 + n;
    const a3 = a2 + n;
    let q0 = 0;
    let q1 = 0;
    let q2 = 0;
    let q3 = 0;
    let i = 0;
    for (; i + 1 < n; i += 2) {
      const ri = i * n;
      const rj = ri + n;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0, t0 = 0, t1 = 0, t2 = 0, t3 = 0; // prettier-ignore
      // M[ri + i + 1] is zero (strictly upper), so one loop covers both rows.
      for (let j = 0; j <= i + 1; j++) {
        const mv = M[ri + j];
        const mw = M[rj + j];
        const b0 = K[a0 + j];
        const b1 = K[a1 + j];
        const b2 = K[a2 + j];
        const b3 = K[a3 + j];
        s0 += mv * b0;
        s1 += mv * b1;
        s2 += mv * b2;
        s3 += mv * b3;
        t0 += mw * b0;
        t1 += mw * b1;
        t2 += mw * b2;
        t3 += mw * b3;
      }
      q0 += s0 * s0 + t0 * t0;
      q1 += s1 * s1 + t1 * t1;
      q2 += s2 * s2 + t2 * t2;
      q3 += s3 * s3 + t3 * t3;
    }
    if (i < n) {
      q0 += rowDot(M, i * n, K, a0, i + 1) ** 2;
      q1 += rowDot(M, i * n, K, a1, i + 1) ** 2;
      q2 += rowDot(M, i * n, K, a2, i + 1) ** 2;
      q3 += rowDot(M, i * n, K, a3, i + 1) ** 2;
    }
    out[k] = q0;
    out[k + 1] = q1;
    out[k + 2] = q2;
    out[k + 3] = q3;
  }
  for (; k < m; k++) {
    let q = 0;
    for (let i = 0; i < n; i++) q += rowDot(M, i * n, K, k * n, i + 1) ** 2;
    out[k] = q;
  }
}

/** V[k][i] = M[i] · K[k] (i.e. V = K Mᵀ, m x n): the whitened cross-covariances for joint sampling. */
export function lowerProjectRows(M: Float64Array, n: number, K: Float64Array, m: number): Float64Array {
  const V = new Float64Array(m * n);
  for (let k = 0; k < m; k++) {
    for (let i = 0; i < n; i++) V[k * n + i] = rowDot(M, i * n, K, k * n, i + 1);
  }
  return V;
}

function rowDot(a: Float64Array, p: number, b: Float64Array, q: number, len: number): number {
  let s = 0;
  for (let j = 0; j < len; j++) s += a[p + j] * b[q + j];
  return s;
}
