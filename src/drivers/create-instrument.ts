import { FerrosimInstrument } from './ferrosim/ferrosim-instrument.ts';
import type { Instrument } from './instrument.ts';
import type { InstrumentConfig, SerialLineConfig } from './instrument-config.ts';
import { MicroscopeInstrument } from './serial/microscope-instrument.ts';
import { PolingInstrument } from './serial/poling-instrument.ts';
import { PolingRig } from './serial/poling-rig.ts';
import { SerialTransport } from './serial/serial-transport.ts';
import type { Transport } from './serial/transport.ts';

/** Which controller a transport is for (lets tests hand in memory transports). */
export type TransportRole = 'poling' | 'microscope';

export interface InstrumentDeps {
  /** Builds the transport of a serial line; default: node-serialport. */
  readonly transport?: (line: SerialLineConfig, role: TransportRole) => Transport;
}

/** The one place that knows every driver: a parsed InstrumentConfig → an unconnected Instrument. */
export function createInstrument(config: InstrumentConfig, deps: InstrumentDeps = {}): Instrument {
  const transport = deps.transport ?? ((line) => new SerialTransport(line));
  switch (config.kind) {
    case 'ferrosim':
      return new FerrosimInstrument(config);
    case 'poling-serial':
      return new PolingInstrument(transport(config.transport, 'poling'), config);
    case 'microscope-serial':
      return new MicroscopeInstrument(transport(config.transport, 'microscope'), config);
    case 'poling-rig': {
      const microscope = new MicroscopeInstrument(transport(config.microscope.transport, 'microscope'), config.microscope);
      const interlock = config.requireInterlock ? (signal?: AbortSignal) => microscope.interlockClosed(signal) : undefined;
      const poling = new PolingInstrument(transport(config.poling.transport, 'poling'), config.poling, interlock);
      return new PolingRig(config, poling, microscope);
    }
    default:
      throw new TypeError(`unknown instrument kind '${(config as { kind: string }).kind}'`);
  }
}
