import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InputError } from '../errors.ts';

/** node:util parseArgs with strict checking; unknown flags and missing values become InputError. */
export function parseCliArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[], options: T, allowPositionals = false,
): ReturnType<typeof parseArgs<{ args: string[]; options: T; strict: true; allowPositionals: boolean }>> {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals });
  } catch (err) {
    throw new InputError('', (err as Error).message.split('\n')[0]);
  }
}

/** Parses a flag value as a finite number, naming the flag on error. */
export function numberFlag(name: string, value: string | undefined, fallback?: number): number {
  if (value === undefined) {
    if (fallback === undefined) throw new InputError(`--${name}`, 'is required');
    return fallback;
  }
  const v = Number(value);
  if (value.trim() === '' || !Number.isFinite(v)) throw new InputError(`--${name}`, `expected a number, got '${value}'`);
  return v;
}

/** Parses a flag value as an integer within [min, max]. */
export function intFlag(name: string, value: string | undefined, fallback: number, min = -Infinity, max = Infinity): number {
  const v = numberFlag(name, value, fallback);
  if (!Number.isInteger(v) || v < min || v > max) throw new InputError(`--${name}`, `expected an integer in [${min}, ${max}], got '${value}'`);
  return v;
}

/** Checks a flag value against allowed choices. */
export function choiceFlag<C extends string>(name: string, value: string | undefined, choices: readonly C[], fallback: C): C {
  if (value === undefined) return fallback;
  if (!(choices as readonly string[]).includes(value)) throw new InputError(`--${name}`, `expected one of ${choices.join(', ')}, got '${value}'`);
  return value as C;
}
