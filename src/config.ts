import { z } from 'zod';
import { gpOptionsSchema } from './models/gp/gp-surrogate.ts';
import { DklOptionsSchema } from './models/dkl/dkl-options.ts';
import { VaeOptionsSchema } from './models/vae/vae-options.ts';
import { InstrumentConfigSchema } from './drivers/instrument-config.ts';
import { FieldSpecSchema } from './sim/sim-spec.ts';
import { MAX_BATCH_SIZE, MAX_CANDIDATES, MAX_NAME_LENGTH, MAX_PATH_LENGTH, MAX_TRAJECTORIES } from './limits.ts';
import { batchRefusal } from './batch-check.ts';

/**
 * A campaign config (configs/*.json): which workflow, on which instrument, with which surrogate,
 * acquisition and budget. Unknown keys are refused; defaults are the lecture's where it has one.
 */

const AcquisitionSchema = z.discriminatedUnion('kind', [
  /** μ + κσ; the lecture's W2 used κ = 10, tuned with the ground truth known. */
  z.strictObject({ kind: z.literal('ucb'), kappa: z.number().nonnegative().default(2) }),
  z.strictObject({ kind: z.literal('ei'), xi: z.number().nonnegative().default(0) }),
  /** log-EI (BoTorch's LogExpectedImprovement): EI's choices without its vanishing gradients. */
  z.strictObject({ kind: z.literal('log-ei'), xi: z.number().nonnegative().default(0) }),
  z.strictObject({ kind: z.literal('pi'), xi: z.number().nonnegative().default(0) }),
  z.strictObject({ kind: z.literal('max-variance') }),
]);
export type AcquisitionConfig = z.infer<typeof AcquisitionSchema>;

const SurrogateSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('gp'),
    ...gpOptionsSchema.shape,
    /**
     * Hyperparameters are refitted when the data grew by `growth` (fraction) or by `every` points; in between,
     * new points update the posterior over the candidates exactly in O(n·m). {growth: 0, every: 1} refits every step.
     */
    refit: z.strictObject({ growth: z.number().min(0).max(1000).default(0.1), every: z.int().min(1).max(1_000_000).default(50) }).prefault({}),
  }),
  z.strictObject({ kind: z.literal('dkl'), options: DklOptionsSchema.prefault({}) }),
]);
export type SurrogateConfig = z.infer<typeof SurrogateSchema>;

const AgentSchema = z.strictObject({
  /** Total measurements, initial random points included. */
  budget: z.int().min(1).max(1_000_000).default(600),
  initialPoints: z.int().min(1).max(1_000_000).default(100),
  direction: z.enum(['maximize', 'minimize']).default('maximize'),
  retry: z.strictObject({
    maxAttempts: z.int().min(1).max(100).default(3),
    backoffMs: z.int().min(0).max(600_000).default(500),
    fatalCodes: z.array(z.string().max(MAX_NAME_LENGTH)).max(64).default(['INSTRUMENT_LIMIT', 'INSTRUMENT_UNSUPPORTED', 'CONFIG_INVALID', 'INPUT_INVALID']),
  }).prefault({}),
  /** Posterior snapshots (for live clients) every N model steps; 0 = never. */
  posteriorEvery: z.int().min(0).max(1_000_000).default(10),
  /**
   * Proposals chosen per model fit and measured in parallel (q-batch BO); > 1 only on the simulator with
   * order-independent evaluations (hardware keeps one measurement in flight).
   */
  batchSize: z.int().min(1).max(MAX_BATCH_SIZE).default(1),
  /** How the batch's 2nd…q-th proposals are chosen: Kriging believer (refits the posterior) or local penalisation (one posterior). */
  batchSelection: z.enum(['kriging-believer', 'local-penalization']).default('kriging-believer'),
});

const LatentBoSchema = z.strictObject({
  kind: z.literal('latent-bo'),
  /** The VAE's training data: the lecture's trajectory family, seeded. */
  trajectories: z.strictObject({ count: z.int().min(10).max(MAX_TRAJECTORIES).default(7500), seed: z.int().default(0) }).prefault({}),
  vae: VaeOptionsSchema.prefault({}),
  /** Latent grid over the box occupied by the encoded data (grown by `margin` of its size on each side). */
  grid: z.strictObject({ nx: z.int().min(2).max(1000).default(100), ny: z.int().min(2).max(1000).default(100), margin: z.number().min(0).max(1).default(0) })
    .refine((g) => g.nx * g.ny <= MAX_CANDIDATES, { message: `nx × ny is at most ${MAX_CANDIDATES} candidates` }).prefault({}),
  /** Equilibration steps held at the final value after the 900 trajectory samples. */
  hold: z.int().min(0).max(100_000).default(50),
  /** Duration of one trajectory step on the instrument (ms). */
  dtMs: z.number().positive().max(60_000).default(1),
  /** Evaluate every grid point (cached by content hash) to report best-vs-true-max, the 99 % step and R². */
  groundTruth: z.boolean().default(true),
});

const DklMicroscopeSchema = z.strictObject({
  kind: z.literal('dkl-microscope'),
  /** The structural scan whose patches describe each pixel. */
  scan: z.strictObject({
    channel: z.enum(['TOPO', 'AMPL', 'PHAS', 'PX', 'PY']).default('TOPO'),
    pixels: z.tuple([z.int().min(4).max(1024), z.int().min(4).max(1024)]).default([64, 64])
      .refine(([nx, ny]) => nx * ny <= MAX_CANDIDATES, { message: `nx × ny is at most ${MAX_CANDIDATES} pixels` }),
    /** Edge (µm); the instrument's default when omitted. */
    sizeUm: z.number().positive().max(1000).optional(),
  }).prefault({}),
  /** Patch edge (px); pixels closer than half a patch to the edge are not candidates. */
  patch: z.int().min(2).max(64).default(8),
  /**
   * What the surrogate sees: the patch around a pixel (DKL's structure → property), its raw (x, y) (GP baseline), or
   * the latent code of the patch under a trained VAE (`vaeModel`, a `ferroloop vae train` directory whose images are
   * patch × patch): the lecture's "making a high-dimensional space low-D".
   */
  features: z.enum(['patch', 'coordinates', 'vae']).default('patch'),
  /** With features "vae": the model directory (relative to the config file), trained on patch × patch sub-images. */
  vaeModel: z.string().min(1).max(MAX_PATH_LENGTH).optional(),
  /** Switching spectroscopy: a triangular bias cycle 0 → +V → −V → 0. */
  spectroscopy: z.strictObject({
    amplitude: z.number().positive().max(1000).default(3),
    points: z.int().min(8).max(4096).default(64),
    dtMs: z.number().positive().max(60_000).default(1),
  }).prefault({}),
  descriptor: z.enum(['area', 'height', 'coercive-width', 'imprint']).default('area'),
  /** Score the off-field (remanent) loop, as SS-PFM usually does, or the on-field loop. */
  response: z.enum(['off', 'on']).default('off'),
  /** On the simulator: measure every candidate (cached) to report the true best and the map's R². */
  groundTruth: z.boolean().default(true),
});

const AxisSchema = (min: number, max: number, count: number, scale: 'linear' | 'log') => z.strictObject({
  min: z.number().default(min), max: z.number().default(max), count: z.int().min(1).max(1000).default(count),
  scale: z.enum(['linear', 'log']).default(scale),
}).refine((a) => a.max >= a.min && (a.scale === 'linear' || a.min > 0), 'needs max ≥ min, and min > 0 on a log axis').prefault({});

const ParamBoSchema = z.strictObject({
  kind: z.literal('param-bo'),
  /** Coupling K axis (log by default) and depolarisation α_dep axis of the grid. */
  k: AxisSchema(0.1, 10, 40, 'log'),
  depAlpha: AxisSchema(0, 2, 40, 'linear'),
  /** The field every run sees (Ec units, one value per twin step); a sine by default, for a full hysteresis loop. */
  field: FieldSpecSchema.default({ kind: 'sine', amplitude: 2, cycles: 1, offset: 0, component: 'y', steps: 600, duration: 1 }),
  response: z.enum(['curl', 'loop-area', 'remanent']).default('curl'),
  /** Evaluate the whole grid (the grid search) to compare with. */
  groundTruth: z.boolean().default(true),
});

const WorkflowSchema = z.discriminatedUnion('kind', [LatentBoSchema, DklMicroscopeSchema, ParamBoSchema]).superRefine((w, ctx) => {
  if (w.kind === 'param-bo' && w.k.count * w.depAlpha.count > MAX_CANDIDATES) {
    ctx.addIssue({ code: 'custom', path: ['k', 'count'], message: `k.count × depAlpha.count is at most ${MAX_CANDIDATES} candidates, got ${w.k.count * w.depAlpha.count}` });
  }
  if (w.kind !== 'dkl-microscope') return;
  if (w.features === 'vae' && w.vaeModel === undefined) {
    ctx.addIssue({ code: 'custom', path: ['vaeModel'], message: 'features "vae" needs vaeModel: a directory written by ferroloop vae train' });
  }
  if (w.features !== 'vae' && w.vaeModel !== undefined) ctx.addIssue({ code: 'custom', path: ['vaeModel'], message: 'applies to features "vae" only' });
});
export type WorkflowConfig = z.infer<typeof WorkflowSchema>;

/**
 * Where the ground truth's runs go: with `redis` (redis://[user:password@]host:port[/db]) to the queue's `ferroloop worker`
 * processes, `chunk` runs per job; else the local threads. Results and cache are the same either way.
 */
export const ComputeSchema = z.strictObject({
  redis: z.string().max(MAX_PATH_LENGTH).regex(/^rediss?:\/\//, 'expected a redis:// or rediss:// URL').optional(),
  chunk: z.int().min(1).max(100_000).optional(),
});
export type ComputeConfig = z.infer<typeof ComputeSchema>;

export const CampaignConfigSchema = z.strictObject({
  name: z.string().min(1).max(MAX_NAME_LENGTH).default('campaign'),
  seed: z.int().default(0),
  workflow: WorkflowSchema,
  instrument: InstrumentConfigSchema,
  agent: AgentSchema.prefault({}),
  surrogate: SurrogateSchema.default({ kind: 'gp', ...gpOptionsSchema.parse({}), refit: { growth: 0.1, every: 50 } }),
  acquisition: AcquisitionSchema.default({ kind: 'log-ei', xi: 0 }),
  /** Write PNG figures next to the run log. */
  figures: z.boolean().default(true),
  /** Where ground truths are computed (local threads unless `redis` is set); not part of a run's identity on resume. */
  compute: ComputeSchema.optional(),
}).superRefine((c, ctx) => {
  const refusal = c.agent.batchSize > 1 ? batchRefusal(c.workflow.kind, c.instrument) : undefined;
  if (refusal) ctx.addIssue({ code: 'custom', path: ['agent', 'batchSize'], message: refusal });
});
export type CampaignConfig = z.infer<typeof CampaignConfigSchema>;
