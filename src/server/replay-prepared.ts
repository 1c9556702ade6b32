import { defaultCacheDir } from '../agents/content-cache.ts';
import { surrogateFrom } from '../agents/factories.ts';
import { matrix } from '../models/surrogate.ts';
import { prepareWorkflow } from '../agents/workflows/prepare-workflow.ts';
import { parseCampaignConfig } from '../config-loader.ts';
import { createInstrument } from '../drivers/create-instrument.ts';
import type { RunStart } from '../events/documents.ts';
import { type WireMessage, preparedMessage } from './agent-envelopes.ts';
import { withFeasibility } from '../agents/workflows/with-feasibility.ts';
import { replayRunInfo } from './replay-derive.ts';

/** The model's mean and σ over every candidate after fitting the measured (candidate, y) pairs so far. */
export type ReplayPosterior = (candidates: readonly number[], y: readonly number[]) => Promise<{ mean: number[]; std: number[] }>;

/** What a replay can draw maps with: the `campaign/prepared` message, the run's surrogate, and its snapshot cadence. */
export interface ReplayMaps {
  readonly prepared: WireMessage;
  readonly posterior: ReplayPosterior;
  /** Posterior snapshots every this many measurements after the initial points (the run's agent.posteriorEvery). */
  readonly every: number;
  readonly initialPoints: number;
}

/**
 * Rebuilds a finished run's `campaign/prepared` message (grid, coordinates, ground truth) and its surrogate
 * from the config in its start document, on the simulator only (the VAE and ground truths come from the cache
 * when they are there), so that a replay can draw the maps the live run showed; a hardware run (rig, microscope)
 * likewise, from its start document and the cache, without opening its instrument. Posterior snapshots are not in
 * a run log; the replay refits the run's own surrogate on the data as it streams. Undefined, with the reason
 * logged, when that is not possible (e.g. the VAE of a W2 rig run is no longer in the cache).
 */
export async function replayMaps(start: RunStart, log: (m: string) => void, cacheDir = defaultCacheDir()): Promise<ReplayMaps | undefined> {
  try {
    const config = parseCampaignConfig(start.config, 'start.config');
    // A hardware run is re-prepared without its instrument: nothing is opened (the port may be in use or gone).
    // What the maps need is in the start document (a W3 run's structure scan) or in the cache (a W2 run's VAE);
    // limits come from the instrument config alone.
    const simulator = config.instrument.kind === 'ferrosim';
    const instrument = createInstrument(config.instrument);
    if (simulator) await instrument.connect();
    try {
      const prepared = withFeasibility(await prepareWorkflow(config, { cacheDir, log }, instrument, start), instrument, config.agent.budget);
      const X = prepared.space.candidates;
      const surrogate = await surrogateFrom(config.surrogate, config.seed, X, config.agent.initialPoints);
      const posterior: ReplayPosterior = async (candidates, y) => {
        const train = matrix(candidates.length, X.cols);
        candidates.forEach((c, i) => train.data.set(X.data.subarray(c * X.cols, (c + 1) * X.cols), i * X.cols));
        const fitted = await surrogate.fit({ X: train, y: Float64Array.from(y) });
        try {
          const p = fitted.posterior(X);
          return { mean: Array.from(p.mean), std: Array.from(p.variance, (v) => Math.sqrt(Math.max(0, v))) };
        } finally {
          fitted.dispose();
        }
      };
      return {
        prepared: preparedMessage(prepared, replayRunInfo(start).runId, config), posterior,
        every: config.agent.posteriorEvery, initialPoints: config.agent.initialPoints,
      };
    } finally {
      if (simulator) await instrument.close();
    }
  } catch (err) {
    log(`replay: no maps (${(err as Error).message})`);
    return undefined;
  }
}

/** Only the `campaign/prepared` message of `replayMaps`. */
export async function preparedForReplay(start: RunStart, log: (m: string) => void, cacheDir = defaultCacheDir()): Promise<WireMessage | undefined> {
  return (await replayMaps(start, log, cacheDir))?.prepared;
}
