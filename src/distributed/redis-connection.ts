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
  client.on('error', () => undefined); // reported through the awaited commands below
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
    throw new FerroloopError('QUEUE_UNAVAILABLE', `cannot reach Redis at ${redactRedisUrl(url)}: ${(err as Error).message}`, { cause: err });
  }
}
