import { InputError } from '../errors.ts';
import { MAX_AXIS_COUNT } from '../limits.ts';

/** One sweep axis: `count` values from `min` to `max`, linear or logarithmic (inclusive ends). */
export interface Axis {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly count: number;
  readonly scale: 'linear' | 'log';
}

/** The axis values, length count. */
export function axisValues(a: Axis): Float64Array {
  const out = new Float64Array(a.count);
  for (let i = 0; i < a.count; i++) {
    const f = a.count === 1 ? 0 : i / (a.count - 1);
    out[i] = a.scale === 'log' ? Math.exp(Math.log(a.min) + f * (Math.log(a.max) - Math.log(a.min))) : a.min + f * (a.max - a.min);
  }
  return out;
}

/** Parses `MIN:MAX:COUNT` (e.g. `0.1:10:40`) for a named flag; log axes need MIN > 0. */
export function parseAxis(name: string, text: string, scale: 'linear' | 'log'): Axis {
  const parts = text.split(':');
  const [min, max, count] = parts.map(Number);
  if (parts.length !== 3 || ![min, max, count].every(Number.isFinite)) {
    throw new InputError(`--${name}`, `expected MIN:MAX:COUNT, got '${text.length > 40 ? `${text.slice(0, 37)}...` : text}'`);
  }
  if (!Number.isInteger(count) || count < 1 || count > MAX_AXIS_COUNT) throw new InputError(`--${name}`, `COUNT must be an integer in [1, ${MAX_AXIS_COUNT}], got ${count}`);
  if (!(max >= min)) throw new InputError(`--${name}`, `MAX must be ≥ MIN, got ${min}:${max}`);
  if (scale === 'log' && min <= 0) throw new InputError(`--${name}`, `a log axis needs MIN > 0, got ${min}`);
  return { name, min, max, count, scale };
}
