import { readFileSync } from 'node:fs';
import { createInstrument } from '../../src/drivers/create-instrument.ts';
import { FerrosimInstrument } from '../../src/drivers/ferrosim/ferrosim-instrument.ts';
import { FerrosimConfigSchema, parseInstrumentConfig } from '../../src/drivers/instrument-config.ts';
import { createMemoryRig, serialConfig } from '../drivers/serial/memory-rig.ts';
import { SOCAT_MISSING, startPtyRig } from '../drivers/serial/pty-rig.ts';
import { describeInstrument } from '../../src/testing/instrument-contract.ts';

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

describeInstrument('poling-rig over socat ptys (ferroloop emulate in a child process)', async () => {
  const pty = await startPtyRig();
  const instrument = createInstrument(parseInstrumentConfig(serialConfig('poling-rig', pty.paths)));
  return { instrument, cleanup: pty.cleanup };
}, { skip: SOCAT_MISSING });

const hwAwg = process.env.FERROLOOP_AWG_PORT;
const hwPfm = process.env.FERROLOOP_PFM_PORT;
const hwConfig = process.env.FERROLOOP_HW_CONFIG;
describeInstrument('real hardware', async () => {
  // Ports only: a deliberately weak amplifier setting (the contract poles at ≤ 10 % of maxVolts) unless overridden.
  const env = (k: string, d: number): number => Number(process.env[k] ?? d);
  const raw = hwConfig ? JSON.parse(readFileSync(hwConfig, 'utf8')) : {
    kind: 'poling-rig',
    poling: { transport: { path: hwAwg }, amplifier: { gain: env('FERROLOOP_HV_GAIN', 1), maxVolts: env('FERROLOOP_HV_MAX_VOLTS', 10) }, voltsPerEc: env('FERROLOOP_VOLTS_PER_EC', 1) },
    microscope: { transport: { path: hwPfm } },
  };
  return { instrument: createInstrument(parseInstrumentConfig(raw)) };
}, {
  skip: hwConfig || (hwAwg && hwPfm) ? undefined
    : 'no hardware: set FERROLOOP_HW_CONFIG=<instrument config>, or FERROLOOP_AWG_PORT and FERROLOOP_PFM_PORT '
      + '(+ FERROLOOP_HV_GAIN, FERROLOOP_HV_MAX_VOLTS [10]); the suite poles at ≤ 10 % of the peak limit',
});
