/** k-nearest-neighbour classification of images by Euclidean pixel distance (bench use: is a decoded image of suit k?). */

/** Majority label (ties: the nearest of the tied labels) of the k nearest reference rows to each query row; rows are d values. */
export function knnClassify(reference: Float32Array, labels: Int32Array, queries: Float32Array, d: number, k = 5): Int32Array {
  const nRef = reference.length / d;
  const nQ = queries.length / d;
  const out = new Int32Array(nQ);
  const dist = new Float64Array(nRef);
  for (let q = 0; q < nQ; q++) {
    for (let r = 0; r < nRef; r++) {
      let s = 0;
      for (let j = 0; j < d; j++) {
        const e = queries[q * d + j] - reference[r * d + j];
        s += e * e;
      }
      dist[r] = s;
    }
    const nearest = Array.from({ length: nRef }, (_, i) => i).sort((a, b) => dist[a] - dist[b]).slice(0, k);
    const votes = new Map<number, number>();
    for (const i of nearest) votes.set(labels[i], (votes.get(labels[i]) ?? 0) + 1);
    const top = Math.max(...votes.values());
    out[q] = labels[nearest.find((i) => votes.get(labels[i]) === top)!];
  }
  return out;
}
