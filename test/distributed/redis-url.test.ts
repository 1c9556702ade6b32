import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { redactRedisUrl, redisOptions } from '../../src/distributed/redis-url.ts';
import { connectRedis } from '../../src/distributed/redis-connection.ts';
import { redisServerAvailable, startRedis } from '../helpers/redis-server.ts';

describe('redis:// URLs with credentials', () => {
  it('parses a password-only URL (redis://:password@host:port/db), percent-decoded, and redacts it for logs', () => {
    const o = redisOptions('redis://:s3cr%40t@queue-host:6380/2');
    assert.equal(o.password, 's3cr@t');
    assert.equal(o.username, undefined);
    assert.deepEqual([o.host, o.port, o.db], ['queue-host', 6380, 2]);
    const acl = redisOptions('redis://ferro:pw@queue-host');
    assert.deepEqual([acl.username, acl.password, acl.port], ['ferro', 'pw', 6379]);
    assert.doesNotMatch(redactRedisUrl('redis://:s3cr%40t@queue-host:6380/2'), /s3cr/);
  });

  it('connects to a redis-server with requirepass through the URL, and refuses without it in one line', { skip: redisServerAvailable() ? false : 'redis-server is not installed' }, async () => {
    const redis = await startRedis('noeviction', { args: ['--requirepass', 'pa ss@1'] });
    try {
      const client = await connectRedis(`redis://:${encodeURIComponent('pa ss@1')}@127.0.0.1:${redis.port}`);
      assert.equal(await client.ping(), 'PONG');
      client.disconnect();
      await assert.rejects(connectRedis(redis.url), /cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+\/?: NOAUTH.*\(give the password in the URL: redis:\/\/:PASSWORD@HOST:PORT\)/);
    } finally {
      await redis.stop();
    }
  });
});
