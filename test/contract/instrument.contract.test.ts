import { FerrosimInstrument } from '../../src/drivers/ferrosim/ferrosim-instrument.ts';
import { createMemoryRig } from '../drivers/serial/memory-rig.ts';
import { FerrosimConfigSchema } from '../../src/drivers/instrument-config.ts';
import { describeInstrument } from './instrument.contract.ts';

describeInstrument('ferrosim (worker thread)', async () => ({
  instrument: new FerrosimInstrument(FerrosimConfigSchema.parse({ kind: 'ferrosim' })),
}));

describeInstrument('ferrosim (inline, 32 × 32 twin)', async () => ({
  instrument: new FerrosimInstrument(FerrosimConfigSchema.parse({ kind: 'ferrosim', execution: 'inline', twin: { n: 32, scanNoise: 0.01 } })),
}));

for (const kind of ['poling-serial', 'microscope-serial', 'poling-rig'] as const) {
  describeInstrument(`${kind} over memory transports (virtual rig)`, async () => {
    const r = await createMemoryRig(kind, { chunkSize: 97 });
    return { instrument: r.instrument, cleanup: r.cleanup };
  });
}
