import { availableParallelism } from 'node:os';
import type { CliCommand } from '../cli.ts';
import { InputError } from '../errors.ts';
import { intFlag, parseCliArgs } from './cli-args.ts';

const HELP = `usage: ferroloop worker --redis redis://HOST:PORT [options]

Takes FerroSIM chunks from the Redis queue (BullMQ) that 'ferroloop sweep … --redis URL' fills and runs
them on this machine's worker threads. Start one per machine; results go back through Redis.
Redis must run with --maxmemory-policy noeviction (checked at connect).

options:
  --redis URL         redis://[user:password@]host:port[/db] (required)
  --concurrency N     chunks at once (default 1; each chunk already uses every thread)
  --threads N         simulation threads (default: all ${availableParallelism()} cores)
  --lock-ms MS        job lock, ms (default 30000): a worker that dies holding a chunk loses it
                      to another worker after about this long
  --quiet             no line per chunk
  -h, --help          this help

Ctrl-C finishes the chunks in hand and exits 0; a second Ctrl-C exits 130 at once.`;

export const workerCommand: CliCommand = {
  summary: 'run FerroSIM chunks from a Redis queue (BullMQ) on this machine, for sweeps on many machines',
  async run(args) {
    const { values } = parseCliArgs(args, {
      redis: { type: 'string' }, concurrency: { type: 'string' }, threads: { type: 'string' }, 'lock-ms': { type: 'string' },
      quiet: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    if (!values.redis) throw new InputError('--redis', 'is required (redis://HOST:PORT)');
    const concurrency = intFlag('concurrency', values.concurrency, 1, 1, 64);
    const threads = intFlag('threads', values.threads, availableParallelism(), 1, 256);
    const lockMs = intFlag('lock-ms', values['lock-ms'], 30_000, 200, 3_600_000);
    const { connectRedis, redactRedisUrl, redisOptions } = await import('../distributed/redis-connection.ts');
    redisOptions(values.redis);
    const { SimWorker } = await import('../distributed/sim-worker.ts');
    const redis = await connectRedis(values.redis);
    const log = (line: string) => process.stderr.write(`ferroloop worker: ${line}\n`);
    const worker = new SimWorker(redis, { url: values.redis, concurrency, threads, lockMs, log: values.quiet ? undefined : log });
    let stopping = false;
    const onSignal = () => {
      if (stopping) process.exit(130);
      stopping = true;
      log('draining: finishing the chunks in hand (Ctrl-C again to quit now)');
      void worker.close();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    try {
      const running = worker.run();
      await worker.waitUntilReady();
      log(`ready on ${redactRedisUrl(values.redis)}: ${threads} threads, concurrency ${concurrency}`);
      await running;
      log('stopped');
      return 0;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      redis.disconnect();
    }
  },
};
