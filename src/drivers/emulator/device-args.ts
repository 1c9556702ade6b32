import { float32Values } from '../serial/binary-block.ts';
import { DeviceError, type ParsedCommand } from './scpi-parse.ts';

/** Argument i as a finite number; -109 when missing, -224 when not numeric. MIN/MAX are not supported. */
export function numberArg(cmd: ParsedCommand, i: number): number {
  const a = cmd.args[i];
  if (a === undefined) throw new DeviceError(-109, `Missing parameter; ${cmd.header}`);
  if (typeof a !== 'string') throw new DeviceError(-104, `Data type error; ${cmd.header} expects a number`);
  const v = Number(a);
  if (a.trim() === '' || !Number.isFinite(v)) throw new DeviceError(-224, `Illegal parameter value; ${a}`);
  return v;
}

/** A number within [lo, hi], else -222. */
export function rangedArg(cmd: ParsedCommand, i: number, lo: number, hi: number): number {
  const v = numberArg(cmd, i);
  if (v < lo || v > hi) throw new DeviceError(-222, `Data out of range; ${cmd.header} ${v} (allowed ${lo}..${hi})`);
  return v;
}

/** Argument i as an upper-case keyword from the allowed list (long or 4-letter short form), else -224. */
export function keywordArg<K extends string>(cmd: ParsedCommand, i: number, allowed: readonly K[]): K {
  const a = cmd.args[i];
  if (typeof a !== 'string') throw new DeviceError(-109, `Missing parameter; ${cmd.header}`);
  const up = a.trim().toUpperCase();
  const hit = allowed.find((k) => k === up || (up.length >= 3 && k.startsWith(up)));
  if (!hit) throw new DeviceError(-224, `Illegal parameter value; ${a}`);
  return hit;
}

/** Argument i as a float32 block (in the device's byte order), else -104. */
export function blockArg(cmd: ParsedCommand, i: number, order: 'NORM' | 'SWAP'): Float64Array {
  const a = cmd.args[i];
  if (!(a instanceof Uint8Array)) throw new DeviceError(-104, `Data type error; ${cmd.header} expects a binary block`);
  if (a.length % 4 !== 0) throw new DeviceError(-224, `Illegal parameter value; block of ${a.length} bytes is not float32`);
  return float32Values(a, order, cmd.header);
}

/** ON/OFF/1/0 → boolean, else -224. */
export function boolArg(cmd: ParsedCommand, i: number): boolean {
  const v = keywordArg(cmd, i, ['ON', 'OFF', '1', '0']);
  return v === 'ON' || v === '1';
}
