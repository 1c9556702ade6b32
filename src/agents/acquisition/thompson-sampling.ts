/**
 * Thompson sampling on a discrete candidate set (BoTorch MaxPosteriorSampling): draw the latent function
 * jointly at all candidates and take each draw's argmax; q draws give a batch of q distinct candidates.
 */
import type { Rng } from '../../sim/rng.ts';
import type { FittedSurrogate, Matrix } from '../../models/surrogate.ts';
import { FerroloopError } from '../../errors.ts';
import { argmax } from './argmax.ts';
import type { Direction } from './acquisition.ts';

/** Picks from joint draws (row-major count x m): draw j chooses the best not-yet-taken, not-excluded candidate. */
export function thompsonFromSamples(
  samples: Float64Array,
  count: number,
  m: number,
  opts: { readonly q?: number; readonly direction?: Direction; readonly exclude?: Uint8Array } = {},
): Int32Array {
  const q = opts.q ?? 1;
  if (samples.length !== count * m) throw new RangeError(`thompson: ${samples.length} values is not ${count} x ${m}`);
  if (q > count) throw new RangeError(`thompson: need at least q = ${q} draws, got ${count}`);
  const taken = opts.exclude ? Uint8Array.from(opts.exclude) : new Uint8Array(m);
  const sign = (opts.direction ?? 'maximize') === 'maximize' ? 1 : -1;
  const out = new Int32Array(q);
  for (let j = 0; j < q; j++) {
    const draw = samples.subarray(j * m, (j + 1) * m).map((v) => sign * v);
    const best = argmax(draw, taken);
    out[j] = best;
    if (best >= 0) taken[best] = 1;
  }
  return out;
}

/** Draws q joint samples from `fitted` at the candidates and returns the q chosen indices (−1 if none left). */
export function thompsonSampling(
  fitted: FittedSurrogate,
  candidates: Matrix,
  rng: Rng,
  opts: { readonly q?: number; readonly direction?: Direction; readonly exclude?: Uint8Array } = {},
): Int32Array {
  if (!fitted.sample) throw new FerroloopError('MODEL_INVALID', 'Thompson sampling needs a surrogate with joint posterior samples');
  const q = opts.q ?? 1;
  const samples = fitted.sample(candidates, q, rng);
  return thompsonFromSamples(samples, q, candidates.rows, opts);
}
