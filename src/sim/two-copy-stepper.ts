import { type PaddedState, createPadded, fillPeriodicGhosts, writeInterior } from './padded-grid.ts';
import { type ForceParams, siteForce } from './site-force.ts';

/**
 * The reference's general update with both state copies (spec §4b, bugs B2/B3): the integrator
 * array `pn` (self term, ⟨p⟩) and the per-site "atoms" copy `pa` (neighbour sums, returned state),
 * with stale derivatives for sites not selected. Used for stochastic runs and γ ≠ 1; with
 * `corrected` it becomes a plain asynchronous update of one copy with γ applied once.
 */
export class TwoCopyStepper {
  /** Integrator copy, [comp][site]. */
  readonly pn: Float64Array;
  /** Atoms copy on the padded grid. */
  readonly pa: PaddedState;
  private readonly dp: Float64Array; // last derivative, [comp][site]
  private readonly nextPn: Float64Array;
  private readonly nextPa: PaddedState;
  private readonly g = new Float64Array(2);

  constructor(
    private readonly f: ForceParams,
    private readonly gamma: number,
    private readonly corrected: boolean,
    private readonly periodic: boolean,
    initial: Float64Array,
  ) {
    const sites = f.n * f.n;
    this.pn = Float64Array.from(initial);
    this.pa = createPadded(f.n);
    writeInterior(this.pa, initial);
    this.dp = new Float64Array(2 * sites);
    this.nextPn = new Float64Array(2 * sites);
    this.nextPa = createPadded(f.n);
  }

  /**
   * Advances one step. ex, ey: Ec·E_app(t) (absolute); dt: step length; selected: per-site flag,
   * or null for every site; first: the reference's step t = 1 (γ applied twice to the integrator copy).
   */
  step(ex: number, ey: number, dt: number, selected: Uint8Array | null, first: boolean): void {
    const { f, gamma, pn, pa, dp, nextPn, nextPa, g } = this;
    const n = f.n;
    const w = n + 2;
    const sites = n * n;
    if (this.periodic) fillPeriodicGhosts(pa);
    let totalX = 0;
    let totalY = 0;
    for (let s = 0; s < sites; s++) {
      totalX += pn[s];
      totalY += pn[sites + s];
    }
    const mx = totalX / sites;
    const my = totalY / sites;
    const pnFactor = this.corrected ? 1 : first ? gamma : 1;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const s = i * n + j;
        const idx = (i + 1) * w + j + 1;
        const x = pn[s];
        const y = pn[sites + s];
        if (selected === null || selected[s] === 1) {
          const sx = pa.px[idx - w] + pa.px[idx + w] + pa.px[idx - 1] + pa.px[idx + 1];
          const sy = pa.py[idx - w] + pa.py[idx + w] + pa.py[idx - 1] + pa.py[idx + 1];
          const elx = ex - f.depAlpha[s] * mx + f.defectX[s];
          const ely = ey - f.depAlpha[s] * my + f.defectY[s];
          siteForce(f, s, x, y, sx, sy, elx, ely, g);
          dp[s] = -gamma * g[0];
          dp[sites + s] = -gamma * g[1];
          nextPn[s] = x + pnFactor * dp[s] * dt;
          nextPn[sites + s] = y + pnFactor * dp[sites + s] * dt;
        } else {
          nextPn[s] = x;
          nextPn[sites + s] = y;
        }
        if (this.corrected) {
          nextPa.px[idx] = nextPn[s];
          nextPa.py[idx] = nextPn[sites + s];
        } else {
          // Every atom moves with its (possibly stale) derivative, from the integrator copy (bug B3).
          nextPa.px[idx] = x + gamma * dp[s] * dt;
          nextPa.py[idx] = y + gamma * dp[sites + s] * dt;
        }
      }
    }
    pn.set(nextPn);
    pa.px.set(nextPa.px);
    pa.py.set(nextPa.py);
  }
}
