import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialLineSchema } from '../../src/drivers/instrument-config.ts';
import { createMemoryPair } from '../../src/drivers/serial/memory-transport.ts';
import { SerialTransport } from '../../src/drivers/serial/serial-transport.ts';
import { SOCAT_MISSING, startSocat } from '../drivers/serial/pty-rig.ts';
import { describeTransport } from './transport.contract.ts';

describeTransport('memory pair (3-byte chunks)', async () => {
  const pair = createMemoryPair('contract', { chunkSize: 3 });
  return { a: pair.host, b: pair.device, unplug: async () => pair.unplug(), cleanup: async () => undefined };
});

describeTransport('node-serialport on a socat pty pair', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ferroloop-transport-'));
  const socat = await startSocat(join(dir, 'a'), join(dir, 'b'));
  const line = (p: string) => SerialLineSchema.parse({ path: join(dir, p) });
  return {
    a: new SerialTransport(line('a')),
    b: new SerialTransport(line('b')),
    unplug: () => socat.stop(),
    cleanup: async () => {
      await socat.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}, { skip: SOCAT_MISSING });
