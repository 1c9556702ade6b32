import type { ReconnectSchema } from '../instrument-config.ts';
import type { z } from 'zod';
import { ScpiClient } from './scpi-client.ts';
import type { Transport } from './transport.ts';

export interface LinkConfig {
  readonly name: string;
  readonly timeoutMs: number;
  readonly reconnect: z.infer<typeof ReconnectSchema>;
}

/**
 * A serial instrument's link: the ScpiClient plus the device initialisation (`*IDN?`, `*CLS`, then the driver's
 * setup), redone lazily after any reconnect because the device state is then unknown.
 */
export class InstrumentLink {
  readonly client: ScpiClient;
  identity = '';
  private initialised = false;

  constructor(transport: Transport, cfg: LinkConfig, private readonly setup: (client: ScpiClient, signal?: AbortSignal) => Promise<void>) {
    this.client = new ScpiClient(transport, cfg);
    this.client.disconnected$.subscribe(() => { this.initialised = false; });
  }

  async connect(signal?: AbortSignal): Promise<void> {
    await this.client.open(signal);
    await this.ensureReady(signal);
  }

  /** Re-runs the initialisation if the link was (re)opened since the last one. */
  async ensureReady(signal?: AbortSignal): Promise<void> {
    if (this.initialised && this.client.isOpen) return;
    this.identity = (await this.client.query('*IDN?', { signal })).trim();
    await this.client.write('*CLS', { signal });
    await this.setup(this.client, signal);
    this.initialised = true;
  }

  async close(): Promise<void> {
    this.initialised = false;
    await this.client.close();
  }
}
