/**
 * `redis://[user:password@]host:port[/db]` URLs: parsed into the connection options BullMQ and ioredis take
 * (maxRetriesPerRequest null, as BullMQ's blocking workers need), and printed without credentials.
 */
import type { RedisOptions } from 'bullmq';
import { InputError } from '../errors.ts';

/** ioredis options for a `redis://` URL; throws InputError naming the flag for anything else. */
export function redisOptions(url: string, flag = '--redis'): RedisOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InputError(flag, `expected redis://HOST:PORT, got '${url}'`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') throw new InputError(flag, `expected a redis:// URL, got '${parsed.protocol}'`);
  const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) throw new InputError(flag, `database '${parsed.pathname.slice(1)}' is not a number`);
  return {
    host: parsed.hostname || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 6379,
    db,
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
    // Give up connecting after ~10 s so a wrong URL ends with a message instead of a silent retry loop.
    retryStrategy: (times: number) => (times > 20 ? null : Math.min(times * 100, 1000)),
  };
}

/** The URL without credentials, for log lines. */
export function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return '(invalid URL)';
  }
}
