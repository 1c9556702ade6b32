import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { firstValueFrom, take, toArray } from 'rxjs';
import { TransportError } from '../../src/drivers/errors.ts';
import type { Transport } from '../../src/drivers/serial/transport.ts';

/** Two connected ends of one line, and a way to pull the plug on it. */
export interface TransportFixture {
  readonly a: Transport;
  readonly b: Transport;
  /** Breaks the line the way the medium does (unplug, socat killed). */
  unplug(): Promise<void>;
  cleanup(): Promise<void>;
}

/** The contract both the memory transport and node-serialport meet (DESIGN §3). */
export function describeTransport(name: string, make: () => Promise<TransportFixture>, opts: { skip?: string } = {}): void {
  describe(`Transport contract: ${name}`, { skip: opts.skip }, () => {
    let fx: TransportFixture;
    before(async () => {
      fx = await make();
      await fx.a.open();
      await fx.b.open();
    });
    after(async () => {
      await fx?.a.close();
      await fx?.b.close();
      await fx?.cleanup();
    });

    it('delivers every byte in order, binary and newlines included', async () => {
      const sent = Uint8Array.from({ length: 5000 }, (_, i) => (i * 31) & 0xff);
      const got: number[] = [];
      const done = new Promise<void>((resolve) => {
        const sub = fx.b.data$.subscribe((c) => {
          got.push(...c);
          if (got.length >= sent.length) { sub.unsubscribe(); resolve(); }
        });
      });
      await fx.a.write(sent.subarray(0, 1234));
      await fx.a.write(sent.subarray(1234));
      await done;
      assert.deepEqual(Uint8Array.from(got), sent);
    });

    it('talks both ways', async () => {
      const reply = firstValueFrom(fx.a.data$.pipe(take(1), toArray()));
      await fx.b.write(Uint8Array.of(0x31, 0x0a));
      assert.deepEqual([...(await reply)[0]], [0x31, 0x0a]);
    });

    it('reports an unplug on disconnected$ and then refuses writes with a TransportError', async () => {
      const lost = firstValueFrom(fx.a.disconnected$);
      await fx.unplug();
      const err = await lost;
      assert.ok(err instanceof TransportError && err.disconnected, String(err));
      assert.equal(fx.a.isOpen, false);
      await assert.rejects(fx.a.write(Uint8Array.of(1)), (e: unknown) => e instanceof TransportError);
    });

    it('closes idempotently', async () => {
      await fx.a.close();
      await fx.a.close();
      assert.equal(fx.a.isOpen, false);
    });
  });
}
