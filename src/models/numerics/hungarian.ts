/**
 * Minimum-cost assignment on a square n × n cost matrix (row-major) by the Hungarian method with potentials,
 * O(n³). Written here because the ensembles need only this (n ≤ 64) and no maintained npm package offers a typed,
 * dependency-free version. Returns assignment[row] = column.
 */
export function hungarian(cost: ArrayLike<number>, n: number): Int32Array {
  if (cost.length !== n * n) throw new RangeError(`hungarian: expected ${n * n} costs, got ${cost.length}`);
  const u = new Float64Array(n + 1);
  const v = new Float64Array(n + 1);
  const match = new Int32Array(n + 1); // match[column] = row (1-based; 0 = free)
  const way = new Int32Array(n + 1);
  for (let row = 1; row <= n; row++) {
    match[0] = row;
    let col0 = 0;
    const minv = new Float64Array(n + 1).fill(Infinity);
    const used = new Uint8Array(n + 1);
    do {
      used[col0] = 1;
      const r = match[col0];
      let delta = Infinity;
      let col1 = 0;
      for (let c = 1; c <= n; c++) {
        if (used[c]) continue;
        const reduced = cost[(r - 1) * n + (c - 1)] - u[r] - v[c];
        if (reduced < minv[c]) {
          minv[c] = reduced;
          way[c] = col0;
        }
        if (minv[c] < delta) {
          delta = minv[c];
          col1 = c;
        }
      }
      for (let c = 0; c <= n; c++) {
        if (used[c]) {
          u[match[c]] += delta;
          v[c] -= delta;
        } else {
          minv[c] -= delta;
        }
      }
      col0 = col1;
    } while (match[col0] !== 0);
    do {
      const col1 = way[col0];
      match[col0] = match[col1];
      col0 = col1;
    } while (col0 !== 0);
  }
  const assignment = new Int32Array(n);
  for (let c = 1; c <= n; c++) assignment[match[c] - 1] = c - 1;
  return assignment;
}
