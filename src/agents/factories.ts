import { defer, from } from 'rxjs';
import type { AcquisitionConfig, SurrogateConfig } from '../config.ts';
import type { Instrument } from '../drivers/instrument.ts';
import type { Acquisition, Direction } from './acquisition/acquisition.ts';
import { expectedImprovement, logExpectedImprovement } from './acquisition/expected-improvement.ts';
import { maxVariance } from './acquisition/max-variance.ts';
import { probabilityOfImprovement } from './acquisition/probability-of-improvement.ts';
import { upperConfidenceBound } from './acquisition/upper-confidence-bound.ts';
import type { InstrumentPort, SurrogatePort } from './agent-types.ts';
import type { Matrix, Surrogate } from '../models/surrogate.ts';

/** The acquisition a config names. */
export function acquisitionFrom(c: AcquisitionConfig, direction: Direction): Acquisition {
  switch (c.kind) {
    case 'ucb':
      return upperConfidenceBound({ kappa: c.kappa, direction });
    case 'ei':
      return expectedImprovement({ xi: c.xi, direction });
    case 'log-ei':
      return logExpectedImprovement({ xi: c.xi, direction });
    case 'pi':
      return probabilityOfImprovement({ xi: c.xi, direction });
    case 'max-variance':
      return maxVariance();
  }
}

/**
 * The surrogate a config names (DKL and its TensorFlow.js backend load only when asked for). A GP over a
 * fixed candidate set updates its candidate posterior incrementally between hyperparameter refits, whose
 * schedule is anchored at `firstFit` (the campaign's initial points) so that a resumed run refits where the
 * uninterrupted one did. The model's seed is its options' `seed` plus the campaign's, so campaign seeds vary its initialisation.
 */
export async function surrogateFrom(c: SurrogateConfig, seed: number, candidates?: Matrix, firstFit?: number, batchSize = 1): Promise<Surrogate> {
  if (c.kind === 'gp') {
    const { kind: _kind, refit, ...options } = c;
    const { GpSurrogate } = await import('../models/gp/gp-surrogate.ts');
    const gp = new GpSurrogate({ ...options, seed: (options.seed ?? 0) + seed });
    if (!candidates) return gp;
    const { SequentialGpSurrogate } = await import('../models/gp/sequential-gp.ts');
    return new SequentialGpSurrogate(gp, candidates, refit, firstFit, batchSize);
  }
  const { DklSurrogate } = await import('../models/dkl/dkl-surrogate.ts');
  return new DklSurrogate({ ...c.options, seed: (c.options.seed ?? 0) + seed });
}

/** The agent's Observable view of a surrogate; `signal` aborts a fit in progress. */
export function surrogatePort(s: Surrogate, signal?: AbortSignal): SurrogatePort {
  return { name: s.name, fit: (data) => defer(() => from(s.fit(data, signal))) };
}

/** The agent's Observable view of a connected instrument; `signal` aborts a measurement's waits. */
export function instrumentPort(i: Instrument, signal?: AbortSignal): InstrumentPort {
  return {
    name: i.info.name,
    measure: (cmd) => defer(() => from(i.measure(cmd, signal))),
    close: () => defer(() => from(i.close())),
  };
}
