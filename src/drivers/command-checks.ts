import { InstrumentError } from './errors.ts';
import {
  type Command, type InstrumentInfo, type PoleCommand, type PoleLimits, SCAN_CHANNELS, type ScanChannel, type ScanCommand,
  type ScanLimits, type SimulateCommand, type SimulateLimits, type SpectroscopyCommand, type SpectroscopyLimits,
} from './instrument.ts';

/** Refuses a command the instrument cannot do (INSTRUMENT_UNSUPPORTED) before anything else happens. */
export function requireCapability(info: InstrumentInfo, command: Command): void {
  if (!info.capabilities.includes(command.kind)) {
    throw new InstrumentError('INSTRUMENT_UNSUPPORTED', `${info.name} (${info.kind}) cannot do '${command.kind}' (it can: ${info.capabilities.join(', ')})`);
  }
}

/**
 * Refuses (INSTRUMENT_LIMIT) a command that breaks the limits an instrument declares in `info.limits`, writing nothing:
 * what `measure` would refuse before a byte is sent. Kinds without declared limits pass; capabilities are checked too.
 */
export function checkCommand(info: InstrumentInfo, command: Command): void {
  requireCapability(info, command);
  const l = info.limits;
  switch (command.kind) {
    case 'pole': if (l.pole) checkPole(l.pole, command); return;
    case 'scan': if (l.scan) checkScan(l.scan, command); return;
    case 'spectroscopy': if (l.spectroscopy) checkSpectroscopy(l.spectroscopy, command); return;
    case 'simulate': if (l.simulate) checkSimulate(l.simulate, command); return;
  }
}

/** A pole command checked against the limits: its trajectory in volts at the sample (length T). */
export function checkPole(limits: PoleLimits, cmd: PoleCommand): Float64Array {
  const n = cmd.field?.length ?? 0;
  if (n < limits.minPoints || n > limits.maxPoints) limit(`pole: ${n} points, allowed ${limits.minPoints}…${limits.maxPoints}`);
  checkDt('pole', cmd.dtMs, limits.minDtMs, limits.maxDtMs);
  if (cmd.units !== 'V' && cmd.units !== 'Ec') limit(`pole: units must be 'V' or 'Ec', got '${String(cmd.units)}'`);
  const scale = cmd.units === 'Ec' ? limits.voltsPerEc : 1;
  const volts = new Float64Array(n);
  let peak = 0;
  let slew = 0;
  for (let t = 0; t < n; t++) {
    const v = cmd.field[t] * scale;
    if (!Number.isFinite(v)) limit(`pole: field[${t}] is not finite`);
    volts[t] = v;
    peak = Math.max(peak, Math.abs(v));
    if (t > 0) slew = Math.max(slew, Math.abs(v - volts[t - 1]) / (cmd.dtMs * 1000));
  }
  if (peak > limits.maxVolts) limit(`pole: peak ${fmt(peak)} V at the sample exceeds the limit ${fmt(limits.maxVolts)} V`);
  if (slew > limits.maxSlewVPerUs) limit(`pole: slew ${fmt(slew)} V/µs exceeds the limit ${fmt(limits.maxSlewVPerUs)} V/µs`);
  return volts;
}

/** A scan resolved against the limits and defaults. */
export interface ResolvedScan {
  readonly channels: readonly ScanChannel[];
  readonly nx: number;
  readonly ny: number;
  readonly sizeUm: number;
}

/** Checks a scan command; fills in the default pixels and size. */
export function checkScan(limits: ScanLimits, cmd: ScanCommand): ResolvedScan {
  if (!Array.isArray(cmd.channels) || cmd.channels.length === 0) limit('scan: needs at least one channel');
  for (const c of cmd.channels) {
    if (!SCAN_CHANNELS.includes(c)) limit(`scan: unknown channel '${String(c)}' (known: ${SCAN_CHANNELS.join(', ')})`);
  }
  const [nx, ny] = cmd.pixels ?? limits.defaultPixels;
  for (const p of [nx, ny]) {
    if (!Number.isInteger(p) || p < 1 || p > limits.maxPixels) limit(`scan: pixels ${nx} × ${ny}, allowed 1…${limits.maxPixels} per axis`);
  }
  const sizeUm = cmd.sizeUm ?? limits.defaultSizeUm;
  if (!(sizeUm > 0 && sizeUm <= limits.maxSizeUm)) limit(`scan: size ${sizeUm} µm, allowed (0, ${limits.maxSizeUm}]`);
  return { channels: [...cmd.channels], nx, ny, sizeUm };
}

/** Checks a spectroscopy command: tip position inside the range, bias within ±maxVolts, point count, dt. */
export function checkSpectroscopy(limits: SpectroscopyLimits, cmd: SpectroscopyCommand): void {
  for (const [name, v] of [['x', cmd.x], ['y', cmd.y]] as const) {
    if (!(v >= 0 && v <= limits.rangeUm)) limit(`spectroscopy: ${name} = ${v} µm is outside [0, ${limits.rangeUm}]`);
  }
  const m = cmd.waveform?.length ?? 0;
  if (m < 2 || m > limits.maxPoints) limit(`spectroscopy: ${m} waveform points, allowed 2…${limits.maxPoints}`);
  checkDt('spectroscopy', cmd.dtMs, limits.minDtMs, limits.maxDtMs);
  for (let i = 0; i < m; i++) {
    const v = cmd.waveform[i];
    if (!(Math.abs(v) <= limits.maxVolts)) limit(`spectroscopy: waveform[${i}] = ${v} V exceeds ±${limits.maxVolts} V at the tip`);
  }
}

/** Checks a simulate command: trajectory length and finiteness, parameters inside their ranges. */
export function checkSimulate(limits: SimulateLimits, cmd: SimulateCommand): void {
  const n = cmd.field?.length ?? 0;
  if (n < 2 || n > limits.maxPoints) limit(`simulate: ${n} points, allowed 2…${limits.maxPoints}`);
  for (let t = 0; t < n; t++) if (!Number.isFinite(cmd.field[t])) limit(`simulate: field[${t}] is not finite`);
  for (const key of ['k', 'depAlpha'] as const) {
    const v = cmd.params?.[key];
    const [lo, hi] = limits[key];
    if (v !== undefined && !(v >= lo && v <= hi)) limit(`simulate: ${key} = ${v} is outside [${lo}, ${hi}]`);
  }
}

function checkDt(what: string, dtMs: number, lo: number, hi: number): void {
  if (!(dtMs >= lo && dtMs <= hi)) limit(`${what}: dtMs = ${dtMs}, allowed ${lo}…${hi} ms`);
}

function limit(message: string): never {
  throw new InstrumentError('INSTRUMENT_LIMIT', message);
}

function fmt(v: number): string {
  return Number(v.toPrecision(4)).toString();
}
