/** An sRGB colour, each channel 0..255. */
export type Rgb = readonly [number, number, number];

/** Viridis control points (matplotlib), 9 evenly spaced stops from t = 0 to 1. */
const VIRIDIS: readonly Rgb[] = [
  [68, 1, 84], [71, 44, 122], [59, 81, 139], [44, 113, 142], [33, 144, 141],
  [39, 173, 129], [92, 200, 99], [170, 220, 50], [253, 231, 37],
];

/** Grey used for NaN cells. */
export const MISSING: Rgb = [128, 128, 128];

/** Viridis colour of t ∈ [0, 1] (clamped), linearly interpolated between the stops; NaN → MISSING. */
export function viridis(t: number): Rgb {
  if (!Number.isFinite(t)) return MISSING;
  const x = Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const a = VIRIDIS[i];
  const b = VIRIDIS[i + 1];
  return [Math.round(a[0] + (b[0] - a[0]) * f), Math.round(a[1] + (b[1] - a[1]) * f), Math.round(a[2] + (b[2] - a[2]) * f)];
}

/** HSV (h in turns [0, 1), s, v ∈ [0, 1]) → sRGB. */
export function hsvToRgb(h: number, s: number, v: number): Rgb {
  const hh = ((h % 1) + 1) % 1 * 6;
  const i = Math.floor(hh);
  const f = hh - i;
  const p = v * (1 - s);
  const q = v * (1 - s * f);
  const t = v * (1 - s * (1 - f));
  const table: readonly [number, number, number][] = [[v, t, p], [q, v, p], [p, v, t], [p, q, v], [t, p, v], [v, p, q]];
  const [r, g, b] = table[i % 6];
  return [Math.round(r * 255), Math.round(g * 255), Math.round(b * 255)];
}

/**
 * Colour of an in-plane polarization vector: hue = direction (angle of (px, py), 0 rad = +x = red, counter-
 * clockwise), brightness = |P| / maxMagnitude (clamped). Zero or non-finite vectors are black/MISSING.
 */
export function angleColor(px: number, py: number, maxMagnitude: number): Rgb {
  if (!Number.isFinite(px) || !Number.isFinite(py)) return MISSING;
  const mag = Math.hypot(px, py);
  if (mag === 0 || !(maxMagnitude > 0)) return [0, 0, 0];
  const turns = Math.atan2(py, px) / (2 * Math.PI);
  return hsvToRgb(turns, 1, 0.25 + 0.75 * Math.min(1, mag / maxMagnitude));
}

/** CSS `rgb(r, g, b)` text of a colour. */
export function cssColor(c: Rgb): string {
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}
