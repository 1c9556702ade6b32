import type { Measurement, PoleCommand } from '../../drivers/instrument.ts';
import { imagesToLattice } from '../../drivers/polarization-maps.ts';
import { curlAbsSum, meanPolarization } from '../../sim/observables.ts';
import { withEquilibration } from '../../sim/trajectories.ts';
import type { Matrix } from '../../models/surrogate.ts';
import type { SearchSpace } from '../search-space.ts';
import { nestArray } from '../../events/nested-array.ts';

export interface LatentGridOptions {
  /** Latent coordinates of the candidates, m x 2. */
  readonly z: Matrix;
  /** Decoded field trajectories (Ec units), m x samples. */
  readonly curves: Matrix;
  /** Equilibration steps held at the final value. */
  readonly hold: number;
  /** Duration of one trajectory step on the instrument (ms). */
  readonly dtMs: number;
  /** Shape [ny, nx] of the PX/PY maps the instrument returns, when its config tells (declared in the descriptor). */
  readonly mapShape?: readonly [number, number];
}

/**
 * Workflow W2's space: a grid of VAE latent points; each decodes to a field trajectory that poles the
 * sample; the objective is Σ|curl| of the measured PX/PY maps (periodic central differences, as the reference).
 */
export function latentGridSpace(o: LatentGridOptions): SearchSpace {
  const samples = o.curves.cols;
  const steps = samples + o.hold;
  const field = (i: number): Float64Array => withEquilibration(o.curves.data.subarray(i * samples, (i + 1) * samples), o.hold);
  const mapShape: (number | null)[] = o.mapShape ? [...o.mapShape] : [null, null];
  return {
    name: 'latent-grid',
    candidates: o.z,
    featureNames: Array.from({ length: o.z.cols }, (_, k) => `z${k + 1}`),
    toCommand: (i): PoleCommand => ({ kind: 'pole', field: field(i), units: 'Ec', dtMs: o.dtMs }),
    toObservation(i, m: Measurement) {
      const { state, n } = imagesToLattice(m.arrays.PX, m.arrays.PY);
      if (o.mapShape && (o.mapShape[0] !== n || o.mapShape[1] !== n)) throw new RangeError(`PX/PY maps are ${n} × ${n}, the instrument's config says ${o.mapShape.join(' × ')}`);
      const [mx, my] = meanPolarization(state, n);
      const y = curlAbsSum(state, n, 'periodic');
      if (!Number.isFinite(y)) throw new RangeError(`Σ|curl| of candidate ${i} is not finite`);
      return {
        y,
        record: {
          field: Array.from((m.command as PoleCommand).field),
          PX: nestArray(m.arrays.PX.data, m.arrays.PX.shape), PY: nestArray(m.arrays.PY.data, m.arrays.PY.shape),
          mean_px: mx, mean_py: my,
        },
      };
    },
    dataKeys: () => ({
      field: { source: 'command:pole/field', dtype: 'array', shape: [steps], units: 'Ec' },
      PX: { source: 'measurement:PX', dtype: 'array', shape: mapShape },
      PY: { source: 'measurement:PY', dtype: 'array', shape: mapShape },
      mean_px: { source: 'measurement:PX/mean', dtype: 'number', shape: [] },
      mean_py: { source: 'measurement:PY/mean', dtype: 'number', shape: [] },
    }),
  };
}
