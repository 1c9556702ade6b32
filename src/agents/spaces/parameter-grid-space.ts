import type { Measurement, SimulateCommand } from '../../drivers/instrument.ts';
import { imagesToLattice } from '../../drivers/polarization-maps.ts';
import { curlAbsSum, hysteresisLoop } from '../../sim/observables.ts';
import { type Axis, axisValues } from '../../sweep/axis.ts';
import { matrix } from '../../models/surrogate.ts';
import type { SearchSpace } from '../search-space.ts';

/** Scalar responses of a simulated run that workflow W1 can optimise. */
export const PARAMETER_RESPONSES = ['curl', 'loop-area', 'remanent'] as const;
export type ParameterResponse = (typeof PARAMETER_RESPONSES)[number];

export interface ParameterGridOptions {
  readonly k: Axis;
  readonly depAlpha: Axis;
  /** Field trajectory (Ec units, one value per step) applied on the sample's field component. */
  readonly field: Float64Array;
  /** Which component the field drives (0 = x, 1 = y): the loop and remanence are read on it. */
  readonly component: 0 | 1;
  readonly response: ParameterResponse;
}

/**
 * The response of one simulated run: Σ|curl| of the final maps (periodic, as the reference), the area of the
 * ⟨P⟩ vs E loop on the driven component, or |⟨P⟩| on that component at the end (remanence after the field).
 */
export function parameterResponse(kind: ParameterResponse, m: Measurement, field: ArrayLike<number>, component: 0 | 1): number {
  if (kind === 'curl') {
    const { state, n } = imagesToLattice(m.arrays.PX, m.arrays.PY);
    return curlAbsSum(state, n, 'periodic');
  }
  const meanP = m.arrays.meanP.data;
  const steps = m.arrays.meanP.shape[1];
  if (kind === 'remanent') return Math.abs(meanP[component * steps + steps - 1]);
  const field2 = new Float64Array(2 * steps);
  for (let t = 0; t < steps; t++) field2[2 * t + component] = field[t];
  return hysteresisLoop(meanP, field2, steps, component).area;
}

/**
 * Workflow W1's space: a grid over coupling k (x, log or linear) × depolarisation α_dep (y); the surrogate
 * sees (log10 k or k, α_dep); each candidate is one simulate command under the same field.
 */
export function parameterGridSpace(o: ParameterGridOptions): SearchSpace & { readonly values: { k: Float64Array; depAlpha: Float64Array } } {
  const ks = axisValues(o.k);
  const deps = axisValues(o.depAlpha);
  const m = ks.length * deps.length;
  const X = matrix(m, 2);
  const kOf = (i: number): number => ks[i % ks.length];
  const depOf = (i: number): number => deps[Math.floor(i / ks.length)];
  for (let i = 0; i < m; i++) X.data.set([o.k.scale === 'log' ? Math.log10(kOf(i)) : kOf(i), depOf(i)], 2 * i);
  return {
    name: 'parameter-grid',
    candidates: X,
    values: { k: ks, depAlpha: deps },
    featureNames: [o.k.scale === 'log' ? 'log10_k' : 'k', 'depAlpha'],
    position: (i) => ({ k: kOf(i), depAlpha: depOf(i) }),
    toCommand: (i): SimulateCommand => ({ kind: 'simulate', params: { k: kOf(i), depAlpha: depOf(i) }, field: o.field }),
    toObservation(i, meas) {
      const y = parameterResponse(o.response, meas, o.field, o.component);
      if (!Number.isFinite(y)) throw new RangeError(`response of candidate ${i} is not finite`);
      return { y, record: { k: kOf(i), depAlpha: depOf(i) } };
    },
    dataKeys: () => ({
      k: { source: 'command:simulate/k', dtype: 'number', shape: [] },
      depAlpha: { source: 'command:simulate/depAlpha', dtype: 'number', shape: [] },
    }),
  };
}
