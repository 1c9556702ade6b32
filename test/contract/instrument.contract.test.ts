import { FerrosimInstrument } from '../../src/drivers/ferrosim/ferrosim-instrument.ts';
import { FerrosimConfigSchema } from '../../src/drivers/instrument-config.ts';
import { describeInstrument } from './instrument.contract.ts';

describeInstrument('ferrosim (worker thread)', async () => ({
  instrument: new FerrosimInstrument(FerrosimConfigSchema.parse({ kind: 'ferrosim' })),
}));

describeInstrument('ferrosim (inline, 32 × 32 twin)', async () => ({
  instrument: new FerrosimInstrument(FerrosimConfigSchema.parse({ kind: 'ferrosim', execution: 'inline', twin: { n: 32, scanNoise: 0.01 } })),
}));
