import { type StepDrive, eulerSweep } from './euler-kernel.ts';
import { type PaddedState, createPadded, fillPeriodicGhosts, interiorSum, readInterior, writeInterior } from './padded-grid.ts';
import type { ForceParams } from './site-force.ts';

/** A single-copy Jacobi forward-Euler engine: owns the state, advances it, reports Σp. */
export interface EulerEngine {
  /** Advances one step under drive d; writes Σpx, Σpy of the new state into sums. */
  step(d: StepDrive, sums: Float64Array): void;
  /** The current state as [comp][i][j] (length 2·n²). */
  read(): Float64Array;
  /** Σpx, Σpy of the current state. */
  sums(out: Float64Array): void;
}

/** The portable engine: plain Float64Array loops (about 10 ns per site-step). */
export class JsEulerEngine implements EulerEngine {
  private src: PaddedState;
  private dst: PaddedState;

  constructor(private readonly f: ForceParams, initial: Float64Array, private readonly periodic: boolean) {
    this.src = createPadded(f.n);
    this.dst = createPadded(f.n);
    writeInterior(this.src, initial);
  }

  step(d: StepDrive, sums: Float64Array): void {
    if (this.periodic) fillPeriodicGhosts(this.src);
    eulerSweep(this.f, this.src, this.dst, d, sums);
    [this.src, this.dst] = [this.dst, this.src];
  }

  read(): Float64Array {
    return readInterior(this.src);
  }

  sums(out: Float64Array): void {
    out[0] = interiorSum(this.src.px, this.f.n);
    out[1] = interiorSum(this.src.py, this.f.n);
  }
}
