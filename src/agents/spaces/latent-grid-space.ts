import type { Measurement, PoleCommand } from '../../drivers/instrument.ts';
import { imagesToLattice } from '../../drivers/polarization-maps.ts';
import { curlAbsSum, meanPolarization } from '../../sim/observables.ts';
import { withEquilibration } from '../../sim/trajectories.ts';
import type { Matrix } from '../../models/surrogate.ts';
import type { SearchSpace } from '../search-space.ts';

export interface LatentGridOptions {
  /** Latent coordinates of the candidates, m x 2. */
  readonly z: Matrix;
  /** Decoded field trajectories (Ec units), m x samples. */
  readonly curves: Matrix;
  /** Equilibration steps held at the final value. */
  readonly hold: number;
  /** Duration of one trajectory step on the instrument (ms). */
  readonly dtMs: number;
}

/**
 * Workflow W2's space: a grid of VAE latent points; each decodes to a field trajectory that poles the
 * sample; the objective is Σ|curl| of the measured PX/PY maps (periodic central differences, as the reference).
 */
export function latentGridSpace(o: LatentGridOptions): SearchSpace {
  const samples = o.curves.cols;
  const steps = samples + o.hold;
  const field = (i: number): Float64Array => withEquilibration(o.curves.data.subarray(i * samples, (i + 1) * samples), o.hold);
  let mapShape: number[] = [0, 0];
  return {
    name: 'latent-grid',
    candidates: o.z,
    featureNames: Array.from({ length: o.z.cols }, (_, k) => `z${k + 1}`),
    toCommand: (i): PoleCommand => ({ kind: 'pole', field: field(i), units: 'Ec', dtMs: o.dtMs }),
    toObservation(i, m: Measurement) {
      const { state, n } = imagesToLattice(m.arrays.PX, m.arrays.PY);
      mapShape = [n, n];
      const [mx, my] = meanPolarization(state, n);
      const y = curlAbsSum(state, n, 'periodic');
      if (!Number.isFinite(y)) throw new RangeError(`Σ|curl| of candidate ${i} is not finite`);
      return {
        y,
        record: {
          field: Array.from((m.command as PoleCommand).field),
          PX: Array.from(m.arrays.PX.data), PY: Array.from(m.arrays.PY.data),
          mean_px: mx, mean_py: my,
        },
      };
    },
    dataKeys: () => ({
      field: { source: 'command:pole/field', dtype: 'array', shape: [steps], units: 'Ec' },
      PX: { source: 'measurement:PX', dtype: 'array', shape: mapShape[0] ? mapShape : [null, null] },
      PY: { source: 'measurement:PY', dtype: 'array', shape: mapShape[0] ? mapShape : [null, null] },
      mean_px: { source: 'measurement:PX/mean', dtype: 'number', shape: [] },
      mean_py: { source: 'measurement:PY/mean', dtype: 'number', shape: [] },
    }),
  };
}
