import { SimError } from '../errors.ts';
import { type EulerEngine, JsEulerEngine } from './euler-engine.ts';
import { interiorSum, readInterior } from './padded-grid.ts';
import { Rng } from './rng.ts';
import { RungeKuttaStepper } from './runge-kutta.ts';
import { type SimOptions, type SimSetup, resolveSimOptions } from './sim-options.ts';
import type { ForceParams } from './site-force.ts';
import { TwoCopyStepper } from './two-copy-stepper.ts';
import { WasmEulerEngine, wasmEulerAvailable } from './wasm-euler-engine.ts';

/** What one FerroSIM run returns. Lattice arrays are [comp][i][j] (length 2·n²). */
export interface SimResult {
  readonly n: number;
  /** Number of time points T. */
  readonly steps: number;
  /** Nominal coercive field (absolute units). */
  readonly ec: number;
  /** Final state as the reference returns it (the "atoms" copy). */
  readonly pFinal: Float64Array;
  /** Final state of the integrator copy (equal to pFinal unless stochastic or γ ≠ 1 under reference physics). */
  readonly pFinalIntegrator: Float64Array;
  /** Site mean of the returned state per step, [comp][t] (length 2·T). */
  readonly meanP: Float64Array;
  /** Site mean of the integrator copy per step, [comp][t] (length 2·T). */
  readonly meanPIntegrator: Float64Array;
  /** Full states at the requested steps. */
  readonly snapshots: ReadonlyMap<number, Float64Array>;
  /** Boundary the curl of this run should use (periodic under reference physics, bug B4). */
  readonly curlBoundary: 'open' | 'periodic';
}

/** Runs FerroSIM. Pure: same options → same result. */
export function simulate(options: SimOptions): SimResult {
  return runSetup(resolveSimOptions(options));
}

/** Runs an already validated setup. */
export function runSetup(setup: SimSetup): SimResult {
  const singleCopy = setup.update.kind === 'deterministic' && (setup.physics === 'corrected' || setup.gamma === 1);
  if (setup.integrator !== 'euler') return runRungeKutta(setup);
  return singleCopy ? runFastEuler(setup) : runTwoCopy(setup);
}

/** Kernel constants of a setup. */
export function forceParams(s: SimSetup): ForceParams {
  return {
    n: s.n, mode: s.mode, alpha1: s.landau.alpha1, alpha2: s.landau.alpha2, alpha3: s.landau.alpha3,
    k: s.k, depAlpha: s.depAlpha,
    defectX: s.defectAbs.subarray(0, s.sites), defectY: s.defectAbs.subarray(s.sites),
  };
}

/** Records ⟨p⟩ and snapshots while a run advances. */
class Recorder {
  readonly meanP: Float64Array;
  readonly snapshots = new Map<number, Float64Array>();
  private readonly wanted: Set<number>;

  constructor(private readonly setup: SimSetup) {
    this.meanP = new Float64Array(2 * setup.timeVec.length);
    this.wanted = new Set(setup.snapshotSteps);
  }

  /** Stores the site means (sums / N) of step t; throws SIM_DIVERGED on a non-finite state. */
  mean(t: number, sumX: number, sumY: number): void {
    if (!Number.isFinite(sumX) || !Number.isFinite(sumY)) {
      throw new SimError('SIM_DIVERGED', `polarization left the finite numbers at step ${t}; reduce dt, the field or k`);
    }
    const steps = this.setup.timeVec.length;
    this.meanP[t] = sumX / this.setup.sites;
    this.meanP[steps + t] = sumY / this.setup.sites;
  }

  /** After ⟨p⟩(t) was written straight into meanP: throws SIM_DIVERGED at the first non-finite step, as mean() would. */
  check(): void {
    const steps = this.setup.timeVec.length;
    for (let t = 0; t < steps; t++) {
      if (!Number.isFinite(this.meanP[t]) || !Number.isFinite(this.meanP[steps + t])) this.mean(t, NaN, NaN);
    }
  }

  wants(t: number): boolean {
    return this.wanted.has(t);
  }

  snapshot(t: number, state: Float64Array): void {
    this.snapshots.set(t, state);
  }
}

function runFastEuler(setup: SimSetup): SimResult {
  const f = forceParams(setup);
  const { timeVec, fieldEc, ec, gamma } = setup;
  const periodic = setup.boundary === 'periodic';
  const useWasm = setup.engine === 'wasm' || (setup.engine === 'auto' && wasmEulerAvailable());
  const engine: EulerEngine = useWasm
    ? new WasmEulerEngine(f, setup.initial, periodic)
    : new JsEulerEngine(f, setup.initial, periodic);
  try {
    const rec = new Recorder(setup);
    const sums = new Float64Array(2);
    engine.sums(sums);
    rec.mean(0, sums[0], sums[1]);
    if (setup.snapshotSteps.length === 0 && engine instanceof WasmEulerEngine && engine.runAll(timeVec, fieldEc, ec, gamma, sums, rec.meanP)) {
      rec.check();
    } else {
      stepByStep(setup, engine, rec, sums);
    }
    const pFinal = engine.read();
    return finish(setup, rec, pFinal, pFinal, rec.meanP);
  } finally {
    if (engine instanceof WasmEulerEngine) engine.dispose();
  }
}

/** Drives an engine one step at a time from JS (snapshots, periodic ghosts, per-site k or α_dep, the JS engine). */
function stepByStep(setup: SimSetup, engine: EulerEngine, rec: Recorder, sums: Float64Array): void {
  const { timeVec, fieldEc, ec, gamma } = setup;
  if (rec.wants(0)) rec.snapshot(0, engine.read());
  for (let t = 1; t < timeVec.length; t++) {
    const drive = {
      ex: ec * fieldEc[2 * t], ey: ec * fieldEc[2 * t + 1],
      mx: sums[0] / setup.sites, my: sums[1] / setup.sites,
      h: -gamma * (timeVec[t] - timeVec[t - 1]),
    };
    engine.step(drive, sums);
    rec.mean(t, sums[0], sums[1]);
    if (rec.wants(t)) rec.snapshot(t, engine.read());
  }
}

function runTwoCopy(setup: SimSetup): SimResult {
  const { n, sites, timeVec, fieldEc, ec, update } = setup;
  const corrected = setup.physics === 'corrected';
  const stepper = new TwoCopyStepper(forceParams(setup), setup.gamma, corrected, setup.boundary === 'periodic', setup.initial);
  const rec = new Recorder(setup);
  const integratorMean = new Float64Array(2 * timeVec.length);
  const record = (t: number): void => {
    rec.mean(t, interiorSum(stepper.pa.px, n), interiorSum(stepper.pa.py, n));
    let sx = 0;
    let sy = 0;
    for (let s = 0; s < sites; s++) {
      sx += stepper.pn[s];
      sy += stepper.pn[sites + s];
    }
    integratorMean[t] = sx / sites;
    integratorMean[timeVec.length + t] = sy / sites;
    if (rec.wants(t)) rec.snapshot(t, readInterior(stepper.pa));
  };
  const rng = update.kind === 'stochastic' ? new Rng(update.seed) : undefined;
  const scratch = new Int32Array(sites);
  const mask = new Uint8Array(sites);
  record(0);
  for (let t = 1; t < timeVec.length; t++) {
    let selected: Uint8Array | null = null;
    if (t >= 2 && update.kind !== 'deterministic') {
      const picks = update.kind === 'stochastic-replay'
        ? update.selections[t - 2]
        : rng!.sampleWithoutReplacement(sites, Math.floor(sites / 4), scratch);
      mask.fill(0);
      for (let i = 0; i < picks.length; i++) mask[picks[i]] = 1;
      selected = mask;
    }
    stepper.step(ec * fieldEc[2 * t], ec * fieldEc[2 * t + 1], timeVec[t] - timeVec[t - 1], selected, t === 1);
    record(t);
  }
  return finish(setup, rec, readInterior(stepper.pa), Float64Array.from(stepper.pn), integratorMean);
}

function runRungeKutta(setup: SimSetup): SimResult {
  const { n, timeVec, fieldEc, ec } = setup;
  const method = setup.integrator === 'heun' ? 'heun' : 'rk4';
  const stepper = new RungeKuttaStepper(forceParams(setup), setup.gamma, method, setup.boundary === 'periodic', setup.initial);
  const rec = new Recorder(setup);
  const record = (t: number): void => {
    rec.mean(t, interiorSum(stepper.state.px, n), interiorSum(stepper.state.py, n));
    if (rec.wants(t)) rec.snapshot(t, readInterior(stepper.state));
  };
  record(0);
  for (let t = 1; t < timeVec.length; t++) {
    stepper.step(ec * fieldEc[2 * t], ec * fieldEc[2 * t + 1], timeVec[t] - timeVec[t - 1]);
    record(t);
  }
  const pFinal = readInterior(stepper.state);
  return finish(setup, rec, pFinal, pFinal, rec.meanP);
}

function finish(setup: SimSetup, rec: Recorder, pFinal: Float64Array, pInt: Float64Array, meanInt: Float64Array): SimResult {
  return {
    n: setup.n, steps: setup.timeVec.length, ec: setup.ec, pFinal, pFinalIntegrator: pInt,
    meanP: rec.meanP, meanPIntegrator: meanInt, snapshots: rec.snapshots, curlBoundary: setup.curlBoundary,
  };
}
