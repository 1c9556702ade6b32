/**
 * Connections to the Redis that carries ferroloop's queues, with the check that the server evicts nothing (`maxmemory-policy noeviction`): an evicted job key is a lost or repeated simulation.
 */
import { Redis } from 'ioredis';
import { FerroloopError } from '../errors.ts';
import { redactRedisUrl, redisOptions } from './redis-url.ts';

export { redactRedisUrl, redisOptions };

/** Connects, checks the eviction policy, and returns the client (the caller quits it). */
export async function connectRedis(url: string): Promise<Redis> {
  const client = new Redis({ ...redisOptions(url), lazyConnect: true } as import('ioredis').RedisOptions);
  let lastError: Error | undefined; // e.g. NOAUTH from the ready check, which the awaited connect reports only as 'Connection is closed.'
  client.on('error', (err: Error) => (lastError = err));
  try {
    await client.connect();
    const [, policy] = (await client.config('GET', 'maxmemory-policy')) as [string, string];
    if (policy !== 'noeviction') {
      throw new FerroloopError('QUEUE_UNAVAILABLE', `${redactRedisUrl(url)}: maxmemory-policy is '${policy}'; ferroloop needs 'noeviction' (redis-server --maxmemory-policy noeviction) so no job is evicted`);
    }
    return client;
  } catch (err) {
    client.disconnect();
    if (err instanceof FerroloopError) throw err;
    const reason = lastError && /Connection is closed/.test((err as Error).message) ? lastError.message : (err as Error).message;
    const hint = /NOAUTH|WRONGPASS/.test(reason) ? ' (give the password in the URL: redis://:PASSWORD@HOST:PORT)' : '';
    throw new FerroloopError('QUEUE_UNAVAILABLE', `cannot reach Redis at ${redactRedisUrl(url)}: ${reason}${hint}`, { cause: err });
  }
}
