import type { PaddedState } from './padded-grid.ts';
import { type ForceParams, siteForce } from './site-force.ts';

/**
 * dp/dt = −γ·g(p) for every site of a padded state whose ghost ring is filled, under the applied
 * field (ex, ey) (absolute) and the state's own ⟨p⟩. Writes into rate ([comp][site], length 2·n²).
 */
export function rateOf(f: ForceParams, p: PaddedState, ex: number, ey: number, gamma: number, rate: Float64Array): void {
  const n = f.n;
  const w = n + 2;
  const sites = n * n;
  let totalX = 0;
  let totalY = 0;
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= n; j++) {
      totalX += p.px[i * w + j];
      totalY += p.py[i * w + j];
    }
  }
  const mx = totalX / sites;
  const my = totalY / sites;
  const g = new Float64Array(2);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const s = i * n + j;
      const idx = (i + 1) * w + j + 1;
      const sx = p.px[idx - w] + p.px[idx + w] + p.px[idx - 1] + p.px[idx + 1];
      const sy = p.py[idx - w] + p.py[idx + w] + p.py[idx - 1] + p.py[idx + 1];
      const elx = ex - f.depAlpha[s] * mx + f.defectX[s];
      const ely = ey - f.depAlpha[s] * my + f.defectY[s];
      siteForce(f, s, p.px[idx], p.py[idx], sx, sy, elx, ely, g);
      rate[s] = -gamma * g[0];
      rate[sites + s] = -gamma * g[1];
    }
  }
}
