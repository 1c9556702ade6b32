import type { Instrument, CommandKind } from './instrument.ts';
import type { InstrumentConfig, SerialLineConfig } from './instrument-config.ts';
import { defaultRegistry } from './plugins/default-registry.ts';
import type { DriverContext, DriverDefinition, TransportRole } from './plugins/driver-definition.ts';
import type { DriverRegistry } from './plugins/driver-registry.ts';
import { loadDriverPlugin } from './plugins/load-plugin.ts';
import { PluginError } from './plugins/plugin-error.ts';
import { validateOptions } from './plugins/validate-options.ts';
import { SerialTransport } from './serial/serial-transport.ts';
import type { Transport } from './serial/transport.ts';

export type { TransportRole } from './plugins/driver-definition.ts';

export interface InstrumentDeps {
  /** Builds the transport of a serial line; default: node-serialport. */
  readonly transport?: (line: SerialLineConfig, role: TransportRole) => Transport;
  /** Folder that relative plugin modules resolve against (the campaign config's); default: the working directory. */
  readonly configDir?: string;
  /** Where drivers look up built-in kinds; default: defaultRegistry. */
  readonly registry?: DriverRegistry;
  /** Command kinds the campaign will send: a driver declaring fewer is refused before anything connects. */
  readonly requires?: readonly CommandKind[];
  readonly log?: (message: string) => void;
}

/** A driver and the instrument it made from a config. */
export interface OpenedInstrument {
  readonly instrument: Instrument;
  readonly driver: { readonly name: string; readonly version: string; readonly module?: string };
}

function contextOf(deps: InstrumentDeps): DriverContext {
  return {
    configDir: deps.configDir ?? process.cwd(),
    transport: deps.transport ?? ((line) => new SerialTransport(line)),
    log: deps.log ?? ((m) => process.stderr.write(`${m}\n`)),
  };
}

/** Refuses a driver that lacks a command kind the campaign needs, in one line. */
function checkCapabilities(def: DriverDefinition, requires: readonly CommandKind[] | undefined): void {
  const missing = (requires ?? []).filter((k) => !def.capabilities.includes(k));
  if (missing.length) {
    throw new PluginError(`instrument: driver '${def.name}' cannot do ${missing.map((k) => `'${k}'`).join(', ')}, which this workflow needs (it can: ${def.capabilities.join(', ')})`);
  }
}

/**
 * Builds an unconnected Instrument from a parsed config through the driver registry: a built-in `kind` is
 * looked up, `kind: 'plugin'` imports the module; options are validated by the driver's Standard Schema.
 */
export async function openInstrumentConfig(config: InstrumentConfig, deps: InstrumentDeps = {}): Promise<OpenedInstrument> {
  const ctx = contextOf(deps);
  if (config.kind === 'plugin') {
    const def = await loadDriverPlugin(config.module, ctx.configDir);
    checkCapabilities(def, deps.requires);
    const options = await validateOptions(def.optionsSchema, config.options, 'instrument.options');
    return { instrument: def.create(options, ctx), driver: { name: def.name, version: def.version, module: config.module } };
  }
  const def = builtin(config.kind, deps.registry);
  checkCapabilities(def, deps.requires);
  const options = await validateOptions(def.optionsSchema, config, 'instrument');
  return { instrument: def.create(options, ctx), driver: { name: def.name, version: def.version } };
}

/** Synchronous form for built-in kinds (already parsed configs, no plugin loading). */
export function createInstrument(config: InstrumentConfig, deps: InstrumentDeps = {}): Instrument {
  if (config.kind === 'plugin') throw new PluginError('instrument: a plugin driver must be opened with openInstrumentConfig (it is loaded asynchronously)');
  const def = builtin(config.kind, deps.registry);
  checkCapabilities(def, deps.requires);
  return def.create(config, contextOf(deps));
}

function builtin(kind: string, registry: DriverRegistry = defaultRegistry): DriverDefinition {
  const def = registry.get(kind);
  if (!def) throw new PluginError(`instrument.kind: no driver named '${kind}' (registered: ${registry.names().join(', ')})`);
  return def;
}
