// A synthetic ferroelectric surface, pure and seeded: Gaussian grains raise the topography, and the local
// coercive bias grows with the height, so structure (TOPO) sets the switching loop — what W3 learns.

/** mulberry32: a small seeded PRNG, uniform in [0, 1). */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Builds the sample: grains at seeded positions (µm) with seeded radii and heights (nm). */
export function makeSample({ seed, sizeUm, grains }) {
  const rand = seededRandom(seed);
  const list = Array.from({ length: grains }, () => ({
    x: rand() * sizeUm, y: rand() * sizeUm, r: (0.05 + 0.1 * rand()) * sizeUm, h: 2 + 8 * rand(),
  }));
  return { sizeUm, grains: list };
}

/** Height (nm) at (x, y) µm. */
export function heightAt(sample, x, y) {
  let z = 0;
  for (const g of sample.grains) z += g.h * Math.exp(-((x - g.x) ** 2 + (y - g.y) ** 2) / (2 * g.r * g.r));
  return z;
}

/** Coercive bias (V) at (x, y): 0.6 V on flat ground, up to ~2.5 V on a tall grain. */
export function coerciveAt(sample, x, y) {
  return 0.6 + 0.2 * Math.min(heightAt(sample, x, y), 10);
}

/**
 * Switching loop under a bias waveform (V): rows bias, on-field and off-field response (a.u.), 3 × M row-major.
 * The polarization flips up when the bias exceeds +Vc and down below −Vc, and stays otherwise (hysteresis).
 */
export function switchingLoop(sample, x, y, waveform, noise, rand) {
  const m = waveform.length;
  const vc = coerciveAt(sample, x, y);
  const out = new Float64Array(3 * m);
  let state = -1;
  for (let k = 0; k < m; k++) {
    const v = waveform[k];
    if (v >= vc) state = 1;
    else if (v <= -vc) state = -1;
    out[k] = v;
    out[m + k] = state + 0.15 * v + noise * (rand() - 0.5);
    out[2 * m + k] = 0.8 * state + noise * (rand() - 0.5);
  }
  return out;
}
