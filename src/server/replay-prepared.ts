import { defaultCacheDir } from '../agents/content-cache.ts';
import { prepareWorkflow } from '../agents/workflows/prepare-workflow.ts';
import { parseCampaignConfig } from '../config-loader.ts';
import { createInstrument } from '../drivers/create-instrument.ts';
import type { RunStart } from '../events/documents.ts';
import { type WireMessage, preparedMessage } from './agent-envelopes.ts';
import { replayRunInfo } from './replay-derive.ts';

/**
 * Rebuilds a finished run's `campaign/prepared` message (grid, coordinates, ground truth) from the config
 * in its start document, on the simulator only (the VAE and ground truths come from the cache when they
 * are there). Undefined, with the reason logged, when that is not possible (e.g. a serial instrument).
 */
export async function preparedForReplay(start: RunStart, log: (m: string) => void, cacheDir = defaultCacheDir()): Promise<WireMessage | undefined> {
  try {
    const config = parseCampaignConfig(start.config, 'start.config');
    if (config.instrument.kind !== 'ferrosim') {
      log(`replay: no maps (the run used a ${config.instrument.kind} instrument; only simulator runs are re-prepared)`);
      return undefined;
    }
    const instrument = createInstrument(config.instrument);
    await instrument.connect();
    try {
      const prepared = await prepareWorkflow(config, { cacheDir, log }, instrument, start);
      return preparedMessage(prepared, replayRunInfo(start).runId, config);
    } finally {
      await instrument.close();
    }
  } catch (err) {
    log(`replay: no maps (${(err as Error).message})`);
    return undefined;
  }
}
