import type { CampaignConfig, ComputeConfig } from '../../config.ts';
import { defaultTwinConfig } from '../../drivers/twin/twin-config.ts';
import { generateTrajectorySet } from '../../sim/trajectories.ts';
import { latentGridSpace } from '../spaces/latent-grid-space.ts';
import { latentGroundTruth } from './latent-ground-truth.ts';
import type { PreparedWorkflow } from './prepared-workflow.ts';
import { type TrajectoryDataSpec, cachedTrajectoryVae } from './vae-cache.ts';
import { curveGridSpec } from '../../figures/curve-grid-spec.ts';
import { densitySpec } from '../../figures/density-spec.ts';
import type { VegaLiteSpec } from '../../figures/render-figure.ts';
import type { TrajectoryVae } from '../../models/vae/vae.ts';
import { throwIfAborted } from '../../util/abort.ts';

type LatentBoConfig = CampaignConfig & { workflow: { kind: 'latent-bo' } };

/** What preparing a workflow reports while it works (VAE epochs, sweep progress). */
export interface PrepareHooks {
  readonly cacheDir: string;
  /** Directory relative paths in the config are resolved against (the config file's; default the cwd). */
  readonly configDir?: string;
  readonly workers?: number;
  /** Where ground truths are computed (the queue when `redis` is set; else the local threads). */
  readonly compute?: ComputeConfig;
  readonly log?: (message: string) => void;
  /** Preparation progress: stage ('vae', 'ground truth', 'grid search'), units done of total, and a detail line (e.g. the epoch's losses). */
  readonly onProgress?: (stage: string, done: number, total: number, detail?: string) => void;
  /** Aborts preparation (VAE training between minibatches, sweeps, instrument waits) with AbortError. */
  readonly signal?: AbortSignal;
}

/**
 * Workflow W2: train (or load) the trajectory VAE, decode a latent grid over the encoded data's box,
 * and evaluate every grid point on the twin (cached) so the run can be scored against the truth.
 */
export async function prepareLatentBo(cfg: LatentBoConfig, hooks: PrepareHooks): Promise<PreparedWorkflow> {
  const w = cfg.workflow;
  const { vae, cached, dir } = await cachedTrajectoryVae(w.trajectories, w.vae, hooks.cacheDir,
    (r) => hooks.onProgress?.('vae', r.epoch, w.vae.epochs ?? 100, `loss ${r.loss.toPrecision(4)} · reconstruction ${r.trainMse.toPrecision(3)} · KL ${r.kl.toPrecision(3)}`), hooks.signal);
  hooks.log?.(cached ? `VAE loaded from ${dir}` : `VAE trained and saved to ${dir}`);
  try {
    const b = vae.latentBounds;
    const grow = (r: readonly [number, number]): [number, number] => {
      const pad = (r[1] - r[0]) * w.grid.margin;
      return [r[0] - pad, r[1] + pad];
    };
    const bounds = { x: grow(b.x), y: grow(b.y) };
    const { z, curves } = vae.decodeGrid(w.grid.nx, w.grid.ny, bounds);
    const check = generateTrajectorySet(500, w.trajectories.seed + 1);
    const mse = vae.reconstructionError({ rows: check.count, cols: check.samples, data: check.curves });
    const reconstructionMse = mse.reduce((a, v) => a + v, 0) / mse.length;
    const figures = latentFigures(vae, w.trajectories, bounds, w.dtMs);
    vae.dispose(); // everything below works on the decoded arrays
    throwIfAborted(hooks.signal, 'preparation');
    const space = latentGridSpace({ z, curves, hold: w.hold, dtMs: w.dtMs, mapShape: poleMapShape(cfg.instrument) });
    let groundTruth: Float64Array | undefined;
    let groundTruthCached = false;
    if (w.groundTruth) {
      const twin = cfg.instrument.kind === 'ferrosim' ? cfg.instrument.twin : defaultTwinConfig();
      const gt = await latentGroundTruth(curves, twin, w.hold, {
        cacheDir: hooks.cacheDir, workers: hooks.workers, compute: hooks.compute, signal: hooks.signal, onProgress: (d, t) => hooks.onProgress?.('ground truth', d, t),
      });
      groundTruth = gt.values;
      groundTruthCached = gt.cached;
      hooks.log?.(gt.cached ? 'ground truth loaded from cache' : `ground truth computed (${curves.rows} runs${hooks.compute?.redis ? ' on the queue' : ''}) and cached`);
    }
    return {
      space, groundTruth, figures,
      grid: { nx: w.grid.nx, ny: w.grid.ny, x: bounds.x, y: bounds.y, xLabel: 'z1', yLabel: 'z2', titles: { x: 'z₁ (latent units)', y: 'z₂ (latent units)' } },
      coordinates: z.data,
      info: { vae_dir: dir, vae_cached: cached, vae_reconstruction_mse: reconstructionMse, ground_truth_cached: groundTruthCached },
    };
  } catch (err) {
    vae.dispose();
    throw err;
  }
}

/** Shape [ny, nx] of the PX/PY maps a pole command returns, when the instrument's config fixes it (else undefined: declared [null, null]). */
export function poleMapShape(instrument: CampaignConfig['instrument']): [number, number] | undefined {
  if (instrument.kind === 'ferrosim') return [instrument.twin.n, instrument.twin.n];
  if (instrument.kind === 'poling-rig') return [instrument.poleScan.pixels[1], instrument.poleScan.pixels[0]];
  return undefined;
}

/** The latent distribution of the training curves and a decoded 8 × 8 manifold over the grid's box (W2 report figures). */
function latentFigures(vae: TrajectoryVae, data: TrajectoryDataSpec, bounds: { x: [number, number]; y: [number, number] }, dtMs: number): { name: string; spec: VegaLiteSpec }[] {
  const set = generateTrajectorySet(data.count, data.seed);
  const z = vae.encode({ rows: set.count, cols: set.samples, data: set.curves });
  const manifold = vae.decodeGrid(8, 8, bounds);
  const zx = Array.from({ length: 8 }, (_, i) => manifold.z.data[2 * i]);
  const zy = Array.from({ length: 8 }, (_, j) => manifold.z.data[2 * (8 * j) + 1]);
  return [
    {
      name: 'latent',
      spec: densitySpec({
        title: `Trajectory VAE latent space: ${set.count} encoded training trajectories`,
        subtitle: 'posterior means binned 40 × 40 over the search box', xy: z.data, x: bounds.x, y: bounds.y,
        xTitle: 'z₁ (latent units)', yTitle: 'z₂ (latent units)', countTitle: 'trajectories per bin',
      }),
    },
    {
      name: 'manifold',
      spec: curveGridSpec({
        title: 'Decoded field trajectories over the latent search box',
        subtitle: `8 × 8 grid of latent points; each cell is the decoded E(t), ${manifold.curves.cols} steps of ${dtMs} ms`,
        curves: manifold.curves.data, samples: manifold.curves.cols, colValues: zx, rowValues: zy,
        colTitle: 'z₁ (latent units)', rowTitle: 'z₂ (latent units)', xTitle: 'step', yTitle: 'E (Ec)',
      }),
    },
  ];
}
