import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type VaeOptions, parseVaeOptions } from '../../models/vae/vae-options.ts';
import { loadVae, saveVae } from '../../models/vae/vae-store.ts';
import type { VaeEpochReport } from '../../models/vae/vae-options.ts';
import { TrajectoryVae } from '../../models/vae/vae.ts';
import { generateTrajectorySet } from '../../sim/trajectories.ts';
import { contentHash } from '../content-cache.ts';

/** The trajectory data set a VAE is trained on: `count` seeded curves of the lecture family. */
export interface TrajectoryDataSpec {
  readonly count: number;
  readonly seed: number;
}

/**
 * The W2 VAE: loaded from the cache when one was trained on the same data with the same options,
 * else trained (reporting epochs; AbortError once `signal` fires, nothing saved) and saved. Returns the VAE and whether it came from the cache.
 */
export async function cachedTrajectoryVae(
  data: TrajectoryDataSpec, options: VaeOptions, cacheDir: string, onEpoch?: (r: VaeEpochReport) => void, signal?: AbortSignal,
): Promise<{ vae: TrajectoryVae; cached: boolean; dir: string }> {
  const resolved = parseVaeOptions(options);
  const dir = join(cacheDir, `vae-${contentHash({ data, vae: resolved })}`);
  if (existsSync(join(dir, 'model.json'))) return { vae: await loadVae(dir), cached: true, dir };
  const set = generateTrajectorySet(data.count, data.seed);
  const vae = await TrajectoryVae.train({ rows: set.count, cols: set.samples, data: set.curves }, resolved, { onEpoch, signal });
  await saveVae(vae, dir);
  return { vae, cached: false, dir };
}
