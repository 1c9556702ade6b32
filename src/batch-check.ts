/**
 * Whether a campaign may measure several proposals at once (`agent.batchSize` > 1): only on the simulator, and only
 * where one evaluation cannot change another's result (every pole or loop starts from the pristine sample). Hardware
 * keeps one measurement in flight: a real sample's state depends on the order of the actions applied to it.
 */
import type { InstrumentConfig } from './drivers/instrument-config.ts';

/** Why a batch is refused for this workflow on this instrument, or undefined when it is allowed. */
export function batchRefusal(workflow: 'latent-bo' | 'dkl-microscope' | 'param-bo', instrument: InstrumentConfig): string | undefined {
  if (instrument.kind !== 'ferrosim') {
    return `batches (> 1) run on the simulator only: instrument "${instrument.kind}" keeps one measurement in flight`;
  }
  if (workflow === 'latent-bo' && instrument.polePolicy !== 'reset') {
    return 'batches need instrument.polePolicy "reset": with "persist" each pole starts from the state the previous one left, so the order matters';
  }
  if (workflow === 'dkl-microscope' && instrument.spectroscopyPolicy !== 'reset') {
    return 'batches need instrument.spectroscopyPolicy "reset": with "persist" each loop switches the sample the next one measures, so the order matters';
  }
  return undefined;
}
