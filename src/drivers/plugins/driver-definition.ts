import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { CommandKind, Instrument } from '../instrument.ts';
import type { SerialLineConfig } from '../instrument-config.ts';
import type { Transport } from '../serial/transport.ts';
import { PluginError } from './plugin-error.ts';

/** The plugin API version this ferroloop speaks; a driver declares the one it was written for. */
export const DRIVER_API_VERSION = 1;

/** Which controller a serial line is for (lets tests hand in memory transports). */
export type TransportRole = 'poling' | 'microscope' | (string & {});

/** What ferroloop hands a driver's `create`: where its config lives, a serial transport factory, a log line sink. */
export interface DriverContext {
  /** Directory of the campaign config (relative paths in options resolve against it). */
  readonly configDir: string;
  /** Builds the transport of a serial line: node-serialport by default, a memory transport in tests. */
  readonly transport: (line: SerialLineConfig, role: TransportRole) => Transport;
  /** Writes one human-readable line (stderr in the CLI). */
  readonly log: (message: string) => void;
}

/**
 * A driver: a named, versioned factory of Instruments with a schema for its options. Built-in drivers and
 * plugins are both DriverDefinitions in the same registry. `optionsSchema` is any Standard Schema (zod,
 * valibot, arktype, or a hand-written `~standard` object), so a plugin need not share ferroloop's zod.
 */
export interface DriverDefinition<Options = unknown> {
  /** Plugin API version the driver was written for (today: 1). */
  readonly apiVersion: number;
  /** Registry name: the config's `kind` for built-ins, informative for plugins. */
  readonly name: string;
  /** The driver's own version (semver), recorded in the run log's start document. */
  readonly version: string;
  /** Command kinds its instruments can do; a campaign needing another is refused before connecting. */
  readonly capabilities: readonly CommandKind[];
  /** Validates (and may default) the options before `create` sees them. */
  readonly optionsSchema: StandardSchemaV1<unknown, Options>;
  /** Builds an unconnected Instrument from validated options. Must not do I/O; `connect` does. */
  create(options: Options, ctx: DriverContext): Instrument;
}

const KINDS: readonly CommandKind[] = ['pole', 'scan', 'spectroscopy', 'simulate'];

/**
 * Declares a driver (a plugin's default export). Checks the definition's shape at once, so a malformed
 * plugin fails with one line naming the field rather than deep inside a campaign.
 *
 * @example export default defineDriver({ apiVersion: 1, name: 'my-afm', version: '1.0.0',
 *   capabilities: ['scan'], optionsSchema: z.object({ port: z.string() }), create: (o, ctx) => new MyAfm(o, ctx) });
 */
export function defineDriver<Options>(definition: DriverDefinition<Options>): DriverDefinition<Options> {
  checkDefinition(definition, 'driver');
  return Object.freeze({ ...definition, capabilities: Object.freeze([...definition.capabilities]) });
}

/** Throws PluginError when `value` is not a usable DriverDefinition (`where` names it in the message). */
export function checkDefinition(value: unknown, where: string): asserts value is DriverDefinition {
  const d = value as Partial<DriverDefinition> | null;
  const fail = (field: string, message: string): never => { throw new PluginError(`${where}: ${field} ${message}`); };
  if (typeof d !== 'object' || d === null) fail('default export', 'is not a driver definition (use defineDriver)');
  if (typeof d!.apiVersion !== 'number') fail('apiVersion', 'is missing');
  if (d!.apiVersion !== DRIVER_API_VERSION) {
    fail('apiVersion', `${d!.apiVersion} is not supported (this ferroloop speaks driver API ${DRIVER_API_VERSION})`);
  }
  if (typeof d!.name !== 'string' || !/^[A-Za-z0-9][\w.@/-]{0,99}$/.test(d!.name)) fail('name', 'must be a short identifier');
  if (typeof d!.version !== 'string' || d!.version.length === 0 || d!.version.length > 64) fail('version', 'must be a version string');
  if (!Array.isArray(d!.capabilities) || d!.capabilities.some((c) => !KINDS.includes(c))) {
    fail('capabilities', `must list command kinds among ${KINDS.join(', ')}`);
  }
  const std = (d!.optionsSchema as Partial<StandardSchemaV1> | undefined)?.['~standard'];
  if (typeof std?.validate !== 'function' || std.version !== 1) fail('optionsSchema', 'must be a Standard Schema (v1), e.g. a zod schema');
  if (typeof d!.create !== 'function') fail('create', 'must be a function (options, ctx) => Instrument');
}
