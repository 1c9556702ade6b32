import { type PaddedState, createPadded, fillPeriodicGhosts, writeInterior } from './padded-grid.ts';
import { rateOf } from './rate-kernel.ts';
import type { ForceParams } from './site-force.ts';

/** Butcher tableaux of the explicit higher-order integrators (field held at E_app[t] over the step). */
const TABLEAUX = {
  heun: { a: [[], [1]], b: [0.5, 0.5] },
  rk4: { a: [[], [0.5], [0, 0.5], [0, 0, 1]], b: [1 / 6, 1 / 3, 1 / 3, 1 / 6] },
} as const;

/** Heun (2nd order) or classical RK4 on dp/dt = −γ·g(p), one state copy, any boundary. */
export class RungeKuttaStepper {
  readonly state: PaddedState;
  private readonly stage: PaddedState;
  private readonly k: Float64Array[];

  constructor(
    private readonly f: ForceParams,
    private readonly gamma: number,
    private readonly method: keyof typeof TABLEAUX,
    private readonly periodic: boolean,
    initial: Float64Array,
  ) {
    this.state = createPadded(f.n);
    writeInterior(this.state, initial);
    this.stage = createPadded(f.n);
    this.k = TABLEAUX[method].b.map(() => new Float64Array(2 * f.n * f.n));
  }

  /** Advances by dt under the absolute applied field (ex, ey). */
  step(ex: number, ey: number, dt: number): void {
    const { a, b } = TABLEAUX[this.method];
    for (let stage = 0; stage < b.length; stage++) {
      const weights = a[stage] as readonly number[];
      this.combine(this.stage, weights.map((x) => x * dt));
      rateOf(this.f, this.stage, ex, ey, this.gamma, this.k[stage]);
    }
    this.combine(this.state, b.map((x) => x * dt));
  }

  /** dst.interior = state.interior + Σ_m w[m]·k[m]; then refreshes dst's ghost ring. */
  private combine(dst: PaddedState, w: readonly number[]): void {
    const n = this.f.n;
    const pw = n + 2;
    const sites = n * n;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const s = i * n + j;
        const idx = (i + 1) * pw + j + 1;
        let x = this.state.px[idx];
        let y = this.state.py[idx];
        for (let m = 0; m < w.length; m++) {
          if (w[m] === 0) continue;
          x += w[m] * this.k[m][s];
          y += w[m] * this.k[m][sites + s];
        }
        dst.px[idx] = x;
        dst.py[idx] = y;
      }
    }
    if (this.periodic) fillPeriodicGhosts(dst);
  }
}
