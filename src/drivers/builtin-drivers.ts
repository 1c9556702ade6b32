import { FerrosimInstrument } from './ferrosim/ferrosim-instrument.ts';
import {
  FerrosimConfigSchema, MicroscopeSerialConfigSchema, PolingRigConfigSchema, PolingSerialConfigSchema,
} from './instrument-config.ts';
import { defineDriver, type DriverDefinition } from './plugins/driver-definition.ts';
import { MicroscopeInstrument } from './serial/microscope-instrument.ts';
import { PolingInstrument } from './serial/poling-instrument.ts';
import { PolingRig } from './serial/poling-rig.ts';

/** The version of the built-in drivers: ferroloop's own. */
const BUILTIN_VERSION = '1';

/** FerroSIM in-process (worker thread by default) over a digital-twin sample. */
export const ferrosimDriver = defineDriver({
  apiVersion: 1, name: 'ferrosim', version: BUILTIN_VERSION,
  capabilities: ['pole', 'scan', 'spectroscopy', 'simulate'],
  optionsSchema: FerrosimConfigSchema,
  create: (options) => new FerrosimInstrument(options),
});

/** Keysight 33500-class AWG + HV amplifier on a serial line. */
export const polingSerialDriver = defineDriver({
  apiVersion: 1, name: 'poling-serial', version: BUILTIN_VERSION, capabilities: ['pole'],
  optionsSchema: PolingSerialConfigSchema,
  create: (options, ctx) => new PolingInstrument(ctx.transport(options.transport, 'poling'), options),
});

/** PFM microscope controller (ferroloop's protocol, docs/pfm-protocol.md) on a serial line. */
export const microscopeSerialDriver = defineDriver({
  apiVersion: 1, name: 'microscope-serial', version: BUILTIN_VERSION, capabilities: ['scan', 'spectroscopy'],
  optionsSchema: MicroscopeSerialConfigSchema,
  create: (options, ctx) => new MicroscopeInstrument(ctx.transport(options.transport, 'microscope'), options),
});

/** Poling rig: pole with the AWG (interlock read from the microscope), then scan PX/PY with the microscope. */
export const polingRigDriver = defineDriver({
  apiVersion: 1, name: 'poling-rig', version: BUILTIN_VERSION, capabilities: ['pole', 'scan', 'spectroscopy'],
  optionsSchema: PolingRigConfigSchema,
  create: (options, ctx) => {
    const microscope = new MicroscopeInstrument(ctx.transport(options.microscope.transport, 'microscope'), options.microscope);
    const interlock = options.requireInterlock ? (signal?: AbortSignal) => microscope.interlockClosed(signal) : undefined;
    const poling = new PolingInstrument(ctx.transport(options.poling.transport, 'poling'), options.poling, interlock);
    return new PolingRig(options, poling, microscope);
  },
});

/** Every built-in driver, registered in the default registry like any plugin. */
export const BUILTIN_DRIVERS: readonly DriverDefinition<never>[] = [
  ferrosimDriver, polingSerialDriver, microscopeSerialDriver, polingRigDriver,
] as unknown as readonly DriverDefinition<never>[];
