/** Scalar descriptors of a switching-spectroscopy loop (response vs bias), as users of SS-PFM read them. */
export const LOOP_DESCRIPTORS = ['area', 'height', 'coercive-width', 'imprint'] as const;
export type LoopDescriptor = (typeof LOOP_DESCRIPTORS)[number];

/**
 * A one-cycle triangular bias waveform 0 → +V → −V → 0 with `points` samples (V at the tip), the usual
 * switching-spectroscopy excitation.
 */
export function triangleWaveform(amplitude: number, points: number): Float64Array {
  const out = new Float64Array(points);
  for (let k = 0; k < points; k++) {
    const phase = (4 * k) / points; // 0..4: quarter periods
    out[k] = amplitude * (phase < 1 ? phase : phase < 3 ? 2 - phase : phase - 4);
  }
  return out;
}

/** |∮ r dV| over the loop, closed from the last point back to the first (trapezoids). */
export function loopArea(bias: ArrayLike<number>, response: ArrayLike<number>): number {
  const m = bias.length;
  let area = 0;
  for (let k = 0; k < m; k++) {
    const next = (k + 1) % m;
    area += 0.5 * (response[k] + response[next]) * (bias[next] - bias[k]);
  }
  return Math.abs(area);
}

/** max − min of the response. */
export function loopHeight(response: ArrayLike<number>): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = 0; k < response.length; k++) {
    lo = Math.min(lo, response[k]);
    hi = Math.max(hi, response[k]);
  }
  return hi - lo;
}

/**
 * Coercive biases: where the response crosses its mid-level while the bias rises (V+) and while it falls (V−),
 * by linear interpolation; NaN when a branch never crosses.
 */
export function coerciveBiases(bias: ArrayLike<number>, response: ArrayLike<number>): { up: number; down: number } {
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = 0; k < response.length; k++) {
    lo = Math.min(lo, response[k]);
    hi = Math.max(hi, response[k]);
  }
  const mid = (lo + hi) / 2;
  let up = NaN;
  let down = NaN;
  for (let k = 1; k < bias.length; k++) {
    const a = response[k - 1] - mid;
    const b = response[k] - mid;
    if (a === b || Math.sign(a) === Math.sign(b)) continue;
    const v = bias[k - 1] + ((bias[k] - bias[k - 1]) * a) / (a - b);
    if (bias[k] > bias[k - 1] && Number.isNaN(up)) up = v;
    if (bias[k] < bias[k - 1] && Number.isNaN(down)) down = v;
  }
  return { up, down };
}

/** The chosen descriptor of a loop (bias and response of equal length). */
export function loopDescriptor(kind: LoopDescriptor, bias: ArrayLike<number>, response: ArrayLike<number>): number {
  switch (kind) {
    case 'area':
      return loopArea(bias, response);
    case 'height':
      return loopHeight(response);
    case 'coercive-width': {
      const { up, down } = coerciveBiases(bias, response);
      return Number.isNaN(up) || Number.isNaN(down) ? 0 : Math.abs(up - down);
    }
    case 'imprint': {
      const { up, down } = coerciveBiases(bias, response);
      return Number.isNaN(up) || Number.isNaN(down) ? 0 : (up + down) / 2;
    }
  }
}
