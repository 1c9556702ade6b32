import type { PaddedState } from './padded-grid.ts';
import { CLIP, type ForceParams } from './site-force.ts';

/** Field seen by every site in one step (absolute units): applied field and mean polarization. */
export interface StepDrive {
  /** Ec·E_app,x(t) and Ec·E_app,y(t). */
  readonly ex: number;
  readonly ey: number;
  /** Site means ⟨px⟩, ⟨py⟩ of the previous state. */
  readonly mx: number;
  readonly my: number;
  /** Euler factor h in p ← p + h·g, i.e. −γ·dt. */
  readonly h: number;
}

/**
 * Polynomial coefficients of the self term g_self = c·(a1 + a2·c² + a3·c⊥²) per mode (spec §3):
 * tetragonal/rhombohedral 2α1, 4α2, 2α3; squareelectric/uniaxial α1, α2, 0.
 */
export function selfCoefficients(f: ForceParams): [number, number, number] {
  return f.mode === 'tetragonal' || f.mode === 'rhombohedral'
    ? [2 * f.alpha1, 4 * f.alpha2, 2 * f.alpha3]
    : [f.alpha1, f.alpha2, 0];
}

/**
 * One fused Jacobi forward-Euler sweep, src → dst (ghost ring of src already filled), every mode in one
 * loop (uniaxial freezes px). Returns Σpx and Σpy of dst in sums[0], sums[1]. O(n²), allocation-free.
 */
export function eulerSweep(f: ForceParams, src: PaddedState, dst: PaddedState, d: StepDrive, sums: Float64Array): void {
  const n = f.n;
  const w = n + 2;
  const { px, py } = src;
  const qx = dst.px;
  const qy = dst.py;
  const { k, depAlpha, defectX, defectY } = f;
  const [a1, a2, a3] = selfCoefficients(f);
  const { ex, ey, mx, my, h } = d;
  const hx = f.mode === 'uniaxial' ? 0 : h;
  let sumX = 0;
  let sumY = 0;
  for (let i = 0; i < n; i++) {
    let idx = (i + 1) * w + 1;
    let s = i * n;
    for (let j = 0; j < n; j++, idx++, s++) {
      const x = px[idx];
      const y = py[idx];
      const cx = x > CLIP ? CLIP : x < -CLIP ? -CLIP : x;
      const cy = y > CLIP ? CLIP : y < -CLIP ? -CLIP : y;
      const sx = px[idx - w] + px[idx + w] + px[idx - 1] + px[idx + 1];
      const sy = py[idx - w] + py[idx + w] + py[idx - 1] + py[idx + 1];
      const kk = k[s];
      const dep = depAlpha[s];
      const cx2 = cx * cx;
      const cy2 = cy * cy;
      const gx = cx * (a1 + a2 * cx2 + a3 * cy2) + kk * (cx - sx * 0.25) - (ex - dep * mx + defectX[s]);
      const gy = cy * (a1 + a2 * cy2 + a3 * cx2) + kk * (cy - sy * 0.25) - (ey - dep * my + defectY[s]);
      const nx = x + hx * gx;
      const ny = y + h * gy;
      qx[idx] = nx;
      qy[idx] = ny;
      sumX += nx;
      sumY += ny;
    }
  }
  sums[0] = sumX;
  sums[1] = sumY;
}
