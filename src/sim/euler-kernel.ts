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
 * One fused Jacobi forward-Euler sweep, src → dst (ghost ring of src already filled).
 * Returns Σpx and Σpy of dst in sums[0], sums[1] (for the next step's ⟨p⟩). O(n²), allocation-free.
 */
export function eulerSweep(f: ForceParams, src: PaddedState, dst: PaddedState, d: StepDrive, sums: Float64Array): void {
  if (f.mode === 'tetragonal' || f.mode === 'rhombohedral') sweepTetragonal(f, src, dst, d, sums);
  else sweepUniaxialFamily(f, src, dst, d, sums, f.mode === 'uniaxial');
}

function sweepTetragonal(f: ForceParams, src: PaddedState, dst: PaddedState, d: StepDrive, sums: Float64Array): void {
  const n = f.n;
  const w = n + 2;
  const { px, py } = src;
  const qx = dst.px;
  const qy = dst.py;
  const { k, depAlpha, defectX, defectY } = f;
  const a1 = 2 * f.alpha1;
  const a2 = 4 * f.alpha2;
  const a3 = 2 * f.alpha3;
  const { ex, ey, mx, my, h } = d;
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
      const gx = a1 * cx + a2 * cx2 * cx + a3 * cy2 * cx + kk * (cx - sx * 0.25) - (ex - dep * mx + defectX[s]);
      const gy = a1 * cy + a2 * cy2 * cy + a3 * cx2 * cy + kk * (cy - sy * 0.25) - (ey - dep * my + defectY[s]);
      const nx = x + h * gx;
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

function sweepUniaxialFamily(
  f: ForceParams, src: PaddedState, dst: PaddedState, d: StepDrive, sums: Float64Array, uniaxial: boolean,
): void {
  const n = f.n;
  const w = n + 2;
  const { px, py } = src;
  const qx = dst.px;
  const qy = dst.py;
  const { k, depAlpha, defectX, defectY, alpha1, alpha2 } = f;
  const { ex, ey, mx, my, h } = d;
  const hx = uniaxial ? 0 : h; // uniaxial: g_x = 0, px never moves
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
      const gx = alpha2 * cx * cx * cx + alpha1 * cx + kk * (cx - sx * 0.25) - (ex - dep * mx + defectX[s]);
      const gy = alpha2 * cy * cy * cy + alpha1 * cy + kk * (cy - sy * 0.25) - (ey - dep * my + defectY[s]);
      const nx = uniaxial ? x : x + hx * gx;
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
