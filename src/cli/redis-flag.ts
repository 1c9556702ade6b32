import { redisOptions } from '../distributed/redis-url.ts';

/** A `--redis URL` flag checked as a redis:// URL (InputError naming the flag), or undefined when absent. */
export function redisFlag(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  redisOptions(value, '--redis');
  return value;
}
