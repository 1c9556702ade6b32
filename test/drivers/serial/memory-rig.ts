import { createInstrument } from '../../../src/drivers/create-instrument.ts';
import type { FaultOptions } from '../../../src/drivers/emulator/fault-injector.ts';
import { createVirtualRig, type VirtualRig } from '../../../src/drivers/emulator/virtual-rig.ts';
import type { Instrument } from '../../../src/drivers/instrument.ts';
import { parseInstrumentConfig } from '../../../src/drivers/instrument-config.ts';
import { createMemoryPair, type MemoryPair } from '../../../src/drivers/serial/memory-transport.ts';
import { TwinConfigSchema } from '../../../src/drivers/twin/twin-config.ts';

/** Rig settings shared by the memory and pty tests: gain 100, 40 V per Ec, ±400 V amplifier. */
export const RIG = { hvGain: 100, voltsPerEc: 40, maxVolts: 400 } as const;

/** Raw configs of the three serial kinds (paths are placeholders for memory transports). */
export function serialConfig(kind: 'poling-serial' | 'microscope-serial' | 'poling-rig', paths = { awg: 'mem:awg', pfm: 'mem:pfm' }, extra: Record<string, unknown> = {}): unknown {
  const poling = { transport: { path: paths.awg }, amplifier: { gain: RIG.hvGain, maxVolts: RIG.maxVolts }, voltsPerEc: RIG.voltsPerEc, timeoutMs: 1000, reconnect: { initialMs: 20, maxMs: 200, waitMs: 3000 } };
  const microscope = { transport: { path: paths.pfm }, timeoutMs: 1000, reconnect: { initialMs: 20, maxMs: 200, waitMs: 3000 }, scan: { defaultPixels: [20, 20] } };
  if (kind === 'poling-serial') return { kind, ...poling, ...extra };
  if (kind === 'microscope-serial') return { kind, ...microscope, ...extra };
  return { kind, poling, microscope, ...extra };
}

export interface MemoryRig {
  readonly rig: VirtualRig;
  readonly instrument: Instrument;
  readonly awgPair: MemoryPair;
  readonly pfmPair: MemoryPair;
  cleanup(): Promise<void>;
}

/** A virtual rig served over two in-memory lines, and the instrument of `kind` wired to them. */
export async function createMemoryRig(kind: 'poling-serial' | 'microscope-serial' | 'poling-rig', opts: {
  awgFaults?: FaultOptions; pfmFaults?: FaultOptions; chunkSize?: number; extra?: Record<string, unknown>; twin?: Record<string, unknown>;
} = {}): Promise<MemoryRig> {
  const rig = createVirtualRig({
    twin: TwinConfigSchema.parse(opts.twin ?? {}), hvGain: RIG.hvGain, voltsPerEc: RIG.voltsPerEc,
    awgFaults: opts.awgFaults, pfmFaults: opts.pfmFaults,
  });
  const awgPair = createMemoryPair('awg', { chunkSize: opts.chunkSize });
  const pfmPair = createMemoryPair('pfm', { chunkSize: opts.chunkSize });
  for (const [pair, device] of [[awgPair, rig.awg], [pfmPair, rig.pfm]] as const) {
    await pair.device.open();
    device.attach(pair.device);
    device.onFaultDisconnect = () => pair.unplug();
  }
  const config = parseInstrumentConfig(serialConfig(kind, undefined, opts.extra));
  const instrument = createInstrument(config, { transport: (_line, role) => (role === 'poling' ? awgPair.host : pfmPair.host) });
  return {
    rig, instrument, awgPair, pfmPair,
    cleanup: async () => {
      rig.awg.detach();
      rig.pfm.detach();
      await rig.twin.close();
    },
  };
}

/** Re-plugs a memory line and re-attaches the emulated device (what a person re-seating a cable does). */
export async function replug(pair: MemoryPair, device: VirtualRig['awg']): Promise<void> {
  pair.replug();
  await pair.device.open();
  device.attach(pair.device);
}
