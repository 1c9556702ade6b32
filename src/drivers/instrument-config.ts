import { z } from 'zod';
import { InputError } from '../errors.ts';
import { TwinConfigSchema } from './twin/twin-config.ts';
import { MAX_BATCH_SIZE, MAX_NAME_LENGTH, MAX_PATH_LENGTH } from '../limits.ts';

/** An instrument's name (runs tag observations with it). */
const name = (fallback: string) => z.string().min(1).max(MAX_NAME_LENGTH).default(fallback);

/** A serial line: device path and line settings (default 115200 8N1, no flow control). */
export const SerialLineSchema = z.strictObject({
  path: z.string().min(1).max(MAX_PATH_LENGTH),
  baudRate: z.int().positive().max(10_000_000).default(115200),
  dataBits: z.union([z.literal(5), z.literal(6), z.literal(7), z.literal(8)]).default(8),
  parity: z.enum(['none', 'even', 'odd', 'mark', 'space']).default('none'),
  stopBits: z.union([z.literal(1), z.literal(1.5), z.literal(2)]).default(1),
  rtscts: z.boolean().default(false),
});
export type SerialLineConfig = z.infer<typeof SerialLineSchema>;

/** Reconnection after an unplug: exponential backoff from initialMs to maxMs; commands wait up to waitMs for the link. */
export const ReconnectSchema = z.strictObject({
  initialMs: z.int().min(1).max(60_000).default(100),
  maxMs: z.int().min(1).max(600_000).default(5000),
  waitMs: z.int().min(0).max(600_000).default(5000),
});

/** Fields every serial SCPI instrument has. */
const linkFields = {
  transport: SerialLineSchema,
  /** Per-request timeout (ms) of ordinary queries. */
  timeoutMs: z.int().min(1).max(600_000).default(2000),
  reconnect: ReconnectSchema.prefault({}),
  /** Byte order of binary blocks (`FORM:BORD`): SWAP = little-endian. */
  byteOrder: z.enum(['NORM', 'SWAP']).default('SWAP'),
};

/** HV amplifier: volts at the sample = gain × generator output; limits enforced before any byte is written. */
export const AmplifierSchema = z.strictObject({
  gain: z.number().positive().max(10_000),
  maxVolts: z.number().positive().max(20_000),
  maxSlewVPerUs: z.number().positive().max(1e6).default(10),
});

/** The generator's limits: amplitude caps (default: the 33500B's range into the high-Z amplifier input), points, sample-rate range. */
export const AwgSchema = z.strictObject({
  /** Cap on the generator amplitude (Vpp); the 33500B allows 20 Vpp at `OUTP1:LOAD INF`. */
  maxVpp: z.number().positive().max(20).default(20),
  /** Cap on |offset| + Vpp/2 at the generator (V); the 33500B allows 10 V at `OUTP1:LOAD INF`. */
  maxOffsetV: z.number().min(0).max(10).default(10),
  minSrat: z.number().positive().max(1e9).default(1),
  maxSrat: z.number().positive().max(1e9).default(1e6),
  minPoints: z.int().min(8).max(65_536).default(8),
  maxPoints: z.int().max(65_536).default(65_536),
  waveformName: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,11}$/).default('FLPOLE'),
  /** Extra time (ms) allowed for `*OPC?` beyond the burst's duration. */
  opcMarginMs: z.int().min(0).max(600_000).default(5000),
});

const polingFields = {
  ...linkFields,
  amplifier: AmplifierSchema,
  awg: AwgSchema.prefault({}),
  /** Volts at the sample per FerroSIM Ec unit (converts 'Ec' trajectories). */
  voltsPerEc: z.number().positive().default(1),
};

const microscopeFields = {
  ...linkFields,
  scan: z.strictObject({
    defaultSizeUm: z.number().positive().max(1000).default(5),
    defaultPixels: z.tuple([z.int().min(1).max(8192), z.int().min(1).max(8192)]).default([64, 64]),
    maxSizeUm: z.number().positive().max(1000).default(100),
    maxPixels: z.int().min(1).max(8192).default(1024),
    /** Time (ms) allowed for one image (`SCAN:RUN` … `*OPC?`). */
    timeoutMs: z.int().min(1).max(3_600_000).default(120_000),
  }).prefault({}),
  spectroscopy: z.strictObject({
    maxVolts: z.number().positive().max(1000).default(10),
    maxPoints: z.int().min(2).max(65_536).default(4096),
    rangeUm: z.number().positive().max(1000).default(100),
    minDtMs: z.number().positive().default(0.001),
    maxDtMs: z.number().positive().default(10_000),
    timeoutMs: z.int().min(1).max(3_600_000).default(120_000),
  }).prefault({}),
};

const PoleLimitsSchema = z.strictObject({
  maxVolts: z.number().positive().default(1000),
  maxSlewVPerUs: z.number().positive().default(1e6),
  minPoints: z.int().min(2).max(1_000_000).default(2),
  maxPoints: z.int().min(2).max(1_000_000).default(100_000),
  minDtMs: z.number().min(0).default(0),
  maxDtMs: z.number().positive().default(1e6),
});

export const FerrosimConfigSchema = z.strictObject({
  kind: z.literal('ferrosim'),
  name: name('ferrosim'),
  twin: TwinConfigSchema.prefault({}),
  /** 'reset': every pole starts from the pristine sample (W2); 'persist': from the current state. */
  polePolicy: z.enum(['reset', 'persist']).default('reset'),
  /** 'persist': spectroscopy switches the sample locally, as on a real one; 'reset': every loop starts pristine (W3 maps). */
  spectroscopyPolicy: z.enum(['reset', 'persist']).default('persist'),
  /** Where FerroSIM runs: a worker thread (default) or in-process. */
  execution: z.enum(['inline', 'worker']).default('worker'),
  /** Worker threads FerroSIM runs on (with execution 'worker'): > 1 evaluates a batch's proposals in parallel; default 1, or min(agent.batchSize, cores) in a batch campaign. */
  workers: z.int().min(1).max(MAX_BATCH_SIZE).optional(),
  /** Run the heavy twin tasks on this Redis queue's `ferroloop worker` processes instead (set by a batch campaign with compute.redis / --redis). */
  queue: z.string().max(MAX_PATH_LENGTH).regex(/^rediss?:\/\//, 'expected a redis:// or rediss:// URL').optional(),
  voltsPerEc: z.number().positive().default(1),
  pole: PoleLimitsSchema.prefault({}),
  scan: z.strictObject({
    defaultPixels: z.tuple([z.int().min(1).max(4096), z.int().min(1).max(4096)]).optional(),
    maxPixels: z.int().min(1).max(4096).default(1024),
  }).prefault({}),
  spectroscopy: z.strictObject({
    maxVolts: z.number().positive().default(100),
    maxPoints: z.int().min(2).max(65_536).default(4096),
    minDtMs: z.number().min(0).default(0),
    maxDtMs: z.number().positive().default(1e6),
  }).prefault({}),
});

export const PolingSerialConfigSchema = z.strictObject({ kind: z.literal('poling-serial'), name: name('poling'), ...polingFields });
export const MicroscopeSerialConfigSchema = z.strictObject({ kind: z.literal('microscope-serial'), name: name('microscope'), ...microscopeFields });

/** Poling rig: pole with the AWG + HV amplifier (interlock read from the microscope), then scan PX/PY. */
export const PolingRigConfigSchema = z.strictObject({
  kind: z.literal('poling-rig'),
  name: name('poling-rig'),
  poling: z.strictObject({ name: name('poling'), ...polingFields }),
  microscope: z.strictObject({ name: name('microscope'), ...microscopeFields }),
  /** Pixels [nx, ny] and edge (µm) of the PX/PY scan that follows each pole (edge: the microscope's default). */
  poleScan: z.strictObject({
    pixels: z.tuple([z.int().min(1).max(4096), z.int().min(1).max(4096)]).default([20, 20]),
    sizeUm: z.number().positive().max(1000).optional(),
  }).prefault({}),
  requireInterlock: z.boolean().default(true),
});

/**
 * A driver plugin (docs/drivers.md): `module` is a package name or a path (relative paths resolve against the
 * campaign config's folder) whose default export is `defineDriver({...})`; `options` are validated by the
 * driver's own schema when it loads, and their errors are named `instrument.options.<path>`.
 */
export const PluginInstrumentConfigSchema = z.strictObject({
  kind: z.literal('plugin'),
  module: z.string().min(1).max(MAX_PATH_LENGTH),
  options: z.unknown().default({}),
});

/** Every instrument a campaign can name, discriminated on `kind`. */
export const InstrumentConfigSchema = z.discriminatedUnion('kind', [
  FerrosimConfigSchema, PolingSerialConfigSchema, MicroscopeSerialConfigSchema, PolingRigConfigSchema, PluginInstrumentConfigSchema,
]);

export type InstrumentConfig = z.infer<typeof InstrumentConfigSchema>;
export type FerrosimConfig = z.infer<typeof FerrosimConfigSchema>;
export type PolingSerialConfig = z.infer<typeof PolingSerialConfigSchema>;
export type MicroscopeSerialConfig = z.infer<typeof MicroscopeSerialConfigSchema>;
export type PolingRigConfig = z.infer<typeof PolingRigConfigSchema>;
export type PluginInstrumentConfig = z.infer<typeof PluginInstrumentConfigSchema>;
/** The body of a poling or microscope config (kind aside), as the drivers use it. */
export type PolingLinkConfig = Omit<PolingSerialConfig, 'kind'>;
export type MicroscopeLinkConfig = Omit<MicroscopeSerialConfig, 'kind'>;

/** Parses an instrument config; throws InputError (code CONFIG_INVALID) naming the path, e.g. `instrument.transport.path: Required`. */
export function parseInstrumentConfig(raw: unknown, root = 'instrument'): InstrumentConfig {
  const r = InstrumentConfigSchema.safeParse(raw);
  if (r.success) return r.data;
  const [first, ...rest] = r.error.issues.map((issue) => describeIssue(issue, root));
  const more = rest.length ? ` (and ${rest.length} more: ${rest.map((m) => `${m.path}: ${m.message}`).join('; ')})` : '';
  throw new InputError(first.path, `${first.message}${more}`, { code: 'CONFIG_INVALID' });
}

function describeIssue(issue: z.core.$ZodIssue, root: string): { path: string; message: string } {
  const join = (parts: readonly PropertyKey[]): string => [root, ...parts.map(String)].filter((p) => p !== '').join('.');
  if (issue.code === 'unrecognized_keys') {
    return { path: join([...issue.path, issue.keys[0]]), message: `unknown key (not allowed here: ${issue.keys.join(', ')})` };
  }
  if (issue.code === 'invalid_union' && 'options' in issue) {
    return { path: join(issue.path), message: `unknown kind (expected one of ${(issue.options as unknown[]).join(', ')})` };
  }
  const message = issue.code === 'invalid_type' && issue.message.endsWith('received undefined') ? 'Required' : issue.message;
  return { path: join(issue.path), message };
}
