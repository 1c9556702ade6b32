/**
 * The lattice on an (n+2)×(n+2) grid with a ghost ring, one Float64Array per component.
 * Site (i, j) sits at index (i+1)·(n+2) + (j+1). A zero ghost ring is the reference's open
 * boundary (missing neighbours count as 0); copying opposite edges into it makes the lattice periodic.
 */
export interface PaddedState {
  readonly n: number;
  readonly px: Float64Array; // (n+2)²
  readonly py: Float64Array; // (n+2)²
}

/** A zero state on the padded grid. */
export function createPadded(n: number): PaddedState {
  const size = (n + 2) * (n + 2);
  return { n, px: new Float64Array(size), py: new Float64Array(size) };
}

/** Copies a [comp][i][j] state (length 2·n²) into the interior of a padded state. */
export function writeInterior(dst: PaddedState, src: ArrayLike<number>): void {
  const { n, px, py } = dst;
  const w = n + 2;
  const sites = n * n;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      px[(i + 1) * w + j + 1] = src[i * n + j];
      py[(i + 1) * w + j + 1] = src[sites + i * n + j];
    }
  }
}

/** The interior of a padded state as [comp][i][j] (length 2·n²). */
export function readInterior(src: PaddedState, out = new Float64Array(2 * src.n * src.n)): Float64Array {
  const { n, px, py } = src;
  const w = n + 2;
  const sites = n * n;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      out[i * n + j] = px[(i + 1) * w + j + 1];
      out[sites + i * n + j] = py[(i + 1) * w + j + 1];
    }
  }
  return out;
}

/** Copies opposite edges into the ghost ring, making 4-neighbour sums periodic. */
export function fillPeriodicGhosts(s: PaddedState): void {
  for (const a of [s.px, s.py]) wrapComponent(a, s.n);
}

function wrapComponent(a: Float64Array, n: number): void {
  const w = n + 2;
  for (let j = 1; j <= n; j++) {
    a[j] = a[n * w + j];
    a[(n + 1) * w + j] = a[w + j];
  }
  for (let i = 1; i <= n; i++) {
    a[i * w] = a[i * w + n];
    a[i * w + n + 1] = a[i * w + 1];
  }
}

/** Sum of the interior of one padded component. */
export function interiorSum(a: Float64Array, n: number): number {
  const w = n + 2;
  let sum = 0;
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= n; j++) sum += a[i * w + j];
  }
  return sum;
}
