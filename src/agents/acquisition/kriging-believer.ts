/**
 * q-batch by Kriging believer: pick the acquisition argmax, pretend it was observed at its posterior mean,
 * condition the model on that pseudo-observation (keeping hyperparameters), repeat q times.
 */
import type { Dataset, FittedSurrogate, Matrix } from '../../models/surrogate.ts';
import { matrix } from '../../models/surrogate.ts';
import type { Acquisition } from './acquisition.ts';
import { argmax, measuredMask } from './argmax.ts';

export interface KrigingBelieverOptions {
  readonly q: number;
  readonly candidates: Matrix;
  readonly data: Dataset;
  readonly fitted: FittedSurrogate;
  readonly acquisition: Acquisition;
  /** Model conditioned on an augmented dataset (e.g. `(d) => fittedGp.condition(d)`, same hyperparameters). */
  readonly condition: (data: Dataset) => FittedSurrogate | Promise<FittedSurrogate>;
  /** Candidates never to pick; default those already in data.X. */
  readonly exclude?: Uint8Array;
}

/** Indices of the q chosen candidates, in selection order (−1 entries when candidates run out). */
export async function krigingBeliever(o: KrigingBelieverOptions): Promise<Int32Array> {
  const exclude = Uint8Array.from(o.exclude ?? measuredMask(o.candidates, o.data));
  const out = new Int32Array(o.q).fill(-1);
  const d = o.candidates.cols;
  let data = o.data;
  let fitted = o.fitted;
  for (let j = 0; j < o.q; j++) {
    const p = fitted.posterior(o.candidates);
    const best = argmax(o.acquisition.score(p, data), exclude);
    if (best < 0) break;
    out[j] = best;
    exclude[best] = 1;
    if (j === o.q - 1) break;
    const X = new Float64Array((data.X.rows + 1) * d);
    X.set(data.X.data);
    X.set(o.candidates.data.subarray(best * d, (best + 1) * d), data.X.rows * d);
    const y = new Float64Array(data.y.length + 1);
    y.set(data.y);
    y[data.y.length] = p.mean[best];
    data = { X: matrix(data.X.rows + 1, d, X), y, featureNames: data.featureNames };
    const next = await o.condition(data);
    if (fitted !== o.fitted) fitted.dispose();
    fitted = next;
  }
  if (fitted !== o.fitted) fitted.dispose();
  return out;
}
