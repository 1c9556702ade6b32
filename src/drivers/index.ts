// Public surface of the drivers: the contract, config parsing and the factory.
export type {
  Command, CommandKind, Instrument, InstrumentInfo, InstrumentLimits, MeasuredArray, Measurement, PoleCommand, ScanChannel,
  ScanCommand, SpectroscopyCommand,
} from './instrument.ts';
export { CHANNEL_UNITS, SCAN_CHANNELS } from './instrument.ts';
export { InstrumentError, ScpiError, TransportError } from './errors.ts';
export { InstrumentConfigSchema, parseInstrumentConfig, type InstrumentConfig } from './instrument-config.ts';
export { createInstrument, type InstrumentDeps } from './create-instrument.ts';
export { harmlessCommand } from './harmless-command.ts';
export { imagesToLattice, latticeToImages } from './polarization-maps.ts';
