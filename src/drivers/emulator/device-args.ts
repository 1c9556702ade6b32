import { float32Values } from '../serial/binary-block.ts';
import { keywordMatches, shortForm, type ShortForm } from './scpi-header.ts';
import { DeviceError, type ParsedCommand, type ScpiParam } from './scpi-parse.ts';

/** A numeric parameter's range at the current settings (may depend on other settings, e.g. the output load). */
export interface NumericSpec {
  readonly min: () => number;
  readonly max: () => number;
  readonly def: () => number;
  /** `INFinity` allowed (as on `BURS:NCYC`, `OUTP:LOAD`): decodes to Infinity. */
  readonly inf?: boolean;
}

/** How SCPI answers INFinity in a numeric response (SCPI-1999 vol. 1 §7.2.1.5). */
export const INF_RESPONSE = '9.9E+37';

/** A numeric response: the number as text, Infinity as 9.9E+37. */
export function numericText(v: number): string {
  return v === Infinity ? INF_RESPONSE : v === -Infinity ? `-${INF_RESPONSE}` : String(v);
}

function param(cmd: ParsedCommand, i: number): ScpiParam {
  const a = cmd.args[i];
  if (a === undefined) throw new DeviceError(-109, `Missing parameter; ${cmd.header}`);
  return a;
}

/** Argument i as a plain number; -109 when missing, -104 for a string or block, -224 for character data. */
export function numberArg(cmd: ParsedCommand, i: number): number {
  const a = param(cmd, i);
  if (a.kind === 'number') return a.value;
  if (a.kind === 'char') throw new DeviceError(-224, `Illegal parameter value; ${cmd.header} ${a.text}`);
  throw new DeviceError(-104, `Data type error; ${cmd.header} expects a number`);
}

/** A plain number within [lo, hi], else -222. */
export function rangedArg(cmd: ParsedCommand, i: number, lo: number, hi: number): number {
  const v = numberArg(cmd, i);
  if (v < lo || v > hi) throw new DeviceError(-222, `Data out of range; ${cmd.header} ${v} (allowed ${lo}..${hi})`);
  return v;
}

/** The value `MINimum`, `MAXimum`, `DEFault` or (where allowed) `INFinity` stand for, else undefined. */
function numericKeyword(word: string, spec: NumericSpec): number | undefined {
  if (keywordMatches('MINimum', word)) return spec.min();
  if (keywordMatches('MAXimum', word)) return spec.max();
  if (keywordMatches('DEFault', word)) return spec.def();
  if (spec.inf && keywordMatches('INFinity', word)) return Infinity;
  return undefined;
}

/** Argument i as a numeric value (SCPI `<numeric_value>`): a number in [min, max] or MIN|MAX|DEF (|INF); -222 outside. */
export function numericArg(cmd: ParsedCommand, i: number, spec: NumericSpec): number {
  const a = param(cmd, i);
  if (a.kind === 'char') {
    const v = numericKeyword(a.text, spec);
    if (v === undefined) throw new DeviceError(-224, `Illegal parameter value; ${cmd.header} ${a.text}`);
    return v;
  }
  const v = numberArg(cmd, i);
  const [lo, hi] = [spec.min(), spec.max()];
  if (v < lo || v > hi) throw new DeviceError(-222, `Data out of range; ${cmd.header} ${v} (allowed ${lo}..${hi})`);
  return v;
}

/** A numeric query's answer: the current value, or with one argument MIN|MAX|DEF the bound it names. */
export function numericQuery(cmd: ParsedCommand, spec: NumericSpec, current: number): string {
  if (cmd.args.length === 0) return numericText(current);
  const a = cmd.args[0];
  const v = a.kind === 'char' && !keywordMatches('INFinity', a.text) ? numericKeyword(a.text, spec) : undefined;
  if (v === undefined) throw new DeviceError(-224, `Illegal parameter value; ${cmd.header}? ${a.text}`);
  return numericText(v);
}

/**
 * Argument i as character data matching one of the mixed-case keywords in short or long form exactly
 * (`TRIG`/`TRIGGERED` for `TRIGgered`); returns the short form. -104 for a number/string/block, -224 for another word.
 */
export function keywordArg<const K extends string>(cmd: ParsedCommand, i: number, keywords: readonly K[]): ShortForm<K> {
  const a = param(cmd, i);
  if (a.kind !== 'char') throw new DeviceError(-104, `Data type error; ${cmd.header} expects one of ${keywords.join('|')}`);
  const hit = keywords.find((k) => keywordMatches(k, a.text));
  if (hit === undefined) throw new DeviceError(-224, `Illegal parameter value; ${cmd.header} ${a.text}`);
  return shortForm(hit);
}

/** SCPI boolean: ON|OFF, or a number (rounded; non-zero is true); else -224 (-104 for a string or block). */
export function boolArg(cmd: ParsedCommand, i: number): boolean {
  const a = param(cmd, i);
  if (a.kind === 'number') return Math.round(a.value) !== 0;
  return keywordArg(cmd, i, ['ON', 'OFF']) === 'ON';
}

/** A name given as character data or a quoted string, upper-cased. */
export function nameArg(cmd: ParsedCommand, i: number): string {
  const a = param(cmd, i);
  if (a.kind === 'char') return a.text;
  if (a.kind === 'string') return a.value.toUpperCase();
  throw new DeviceError(-104, `Data type error; ${cmd.header} expects a name`);
}

/** Argument i as a float32 block (in the device's byte order), else -104. */
export function blockArg(cmd: ParsedCommand, i: number, order: 'NORM' | 'SWAP'): Float64Array {
  const a = param(cmd, i);
  if (a.kind !== 'block') throw new DeviceError(-104, `Data type error; ${cmd.header} expects a binary block`);
  if (a.bytes.length % 4 !== 0) throw new DeviceError(-224, `Illegal parameter value; block of ${a.bytes.length} bytes is not float32`);
  return float32Values(a.bytes, order, cmd.header);
}
