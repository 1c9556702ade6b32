import type { Mode } from './modes.ts';

/** Per-run constants of the generalised force g = ∂F/∂p (spec §3), laid out for the kernels. */
export interface ForceParams {
  readonly n: number;
  readonly mode: Mode;
  readonly alpha1: number;
  readonly alpha2: number;
  readonly alpha3: number;
  readonly k: Float64Array; // n², per site
  readonly depAlpha: Float64Array; // n², per site
  readonly defectX: Float64Array; // n², absolute units
  readonly defectY: Float64Array; // n², absolute units
}

/** Self-term clip of the reference (bug B6: applies to the self term only). */
export const CLIP = 10;

/**
 * Writes g_x, g_y of one site into out[0], out[1].
 * px, py: own (unclipped) values; sx, sy: neighbour sums; elx, ely: local field (absolute units).
 */
export function siteForce(
  f: ForceParams, s: number, px: number, py: number, sx: number, sy: number, elx: number, ely: number,
  out: Float64Array,
): void {
  const cx = px > CLIP ? CLIP : px < -CLIP ? -CLIP : px;
  const cy = py > CLIP ? CLIP : py < -CLIP ? -CLIP : py;
  const k = f.k[s];
  switch (f.mode) {
    case 'tetragonal':
    case 'rhombohedral':
      out[0] = 2 * f.alpha1 * cx + 4 * f.alpha2 * cx * cx * cx + 2 * f.alpha3 * (cy * cy) * cx + k * (cx - sx / 4) - elx;
      out[1] = 2 * f.alpha1 * cy + 4 * f.alpha2 * cy * cy * cy + 2 * f.alpha3 * (cx * cx) * cy + k * (cy - sy / 4) - ely;
      return;
    case 'squareelectric':
      out[0] = f.alpha2 * cx * cx * cx + f.alpha1 * cx + k * (cx - sx / 4) - elx;
      out[1] = f.alpha2 * cy * cy * cy + f.alpha1 * cy + k * (cy - sy / 4) - ely;
      return;
    case 'uniaxial':
      out[0] = 0;
      out[1] = f.alpha2 * cy * cy * cy + f.alpha1 * cy + k * (cy - sy / 4) - ely;
      return;
  }
}
