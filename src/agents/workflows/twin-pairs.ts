/**
 * Paired structure → property data from the digital twin, cut and measured as workflow W3 does: one structural
 * scan of the pristine sample, the patch around each chosen pixel (standardised by the image's mean and std, as W3's
 * features), and switching spectroscopy at the pixel centre from the pristine state (a 'reset' instrument), with the
 * loop's descriptor computed by W3's own space. Loops run on a worker pool; results never depend on its size.
 */
import { z } from 'zod';
import { DigitalTwin } from '../../drivers/twin/digital-twin.ts';
import { TwinConfigSchema } from '../../drivers/twin/twin-config.ts';
import type { TwinTask, TwinTaskResult } from '../../drivers/twin/twin-task.ts';
import { InputError } from '../../errors.ts';
import { Rng } from '../../sim/rng.ts';
import { WorkerPool } from '../../sweep/worker-pool.ts';
import { asAbort } from '../../util/abort.ts';
import { siblingModule } from '../../util/sibling-module.ts';
import { LOOP_DESCRIPTORS, triangleWaveform } from '../spaces/loop-descriptors.ts';
import { patchPixelSpace } from '../spaces/patch-pixel-space.ts';

/** Scan channels a patch can be cut from. */
export const PAIR_CHANNELS = ['TOPO', 'AMPL', 'PHAS', 'PX', 'PY'] as const;

export const TwinPairsOptionsSchema = z.strictObject({
  twin: TwinConfigSchema.prefault({}),
  /** The channel of single-channel patches (W3's scan channel). */
  channel: z.enum(PAIR_CHANNELS).default('AMPL'),
  /**
   * Several channels per patch (C × P × P, in this order), e.g. AMPL, PX, PY: the in-plane polarisation the PX/PY
   * channels image sets a loop's switching, which AMPL alone does not show. Overrides `channel` when given.
   */
  channels: z.array(z.enum(PAIR_CHANNELS)).min(1).max(PAIR_CHANNELS.length)
    .refine((c) => new Set(c).size === c.length, 'each channel at most once').optional(),
  /** Scan pixels [nx, ny]. */
  pixels: z.tuple([z.int().min(4).max(1024), z.int().min(4).max(1024)]).default([48, 48]),
  /** Scan edge (µm); the twin's sizeUm when omitted. */
  sizeUm: z.number().positive().max(1000).optional(),
  /** Patch edge P (px). */
  patch: z.int().min(2).max(64).default(8),
  /** Triangular bias cycle: amplitude (V at the tip), points M, step (ms). */
  amplitude: z.number().positive().max(1000).default(3),
  points: z.int().min(8).max(4096).default(32),
  dtMs: z.number().positive().max(60_000).default(1),
  descriptor: z.enum(LOOP_DESCRIPTORS).default('area'),
  response: z.enum(['off', 'on']).default('off'),
  /** Pairs N drawn without replacement from W3's candidates (seeded); all candidates when omitted. */
  count: z.int().positive().optional(),
  seed: z.int().default(0),
});
export type TwinPairsOptions = z.input<typeof TwinPairsOptionsSchema>;

/** Paired data: N patches and N loops on a shared bias, each loop's descriptor, and where each pair sits. */
export interface TwinPairs {
  /** N × C × P × P, row-major (patch row = y), channels in `channels` order. */
  readonly structure: Float32Array;
  /** The scan channels of each patch (C). */
  readonly channels: readonly (typeof PAIR_CHANNELS)[number][];
  /** N × M, the chosen response (on- or off-field) at each bias point. */
  readonly spectra: Float32Array;
  /** M, V at the tip. */
  readonly bias: Float64Array;
  /** N, the loop descriptor as W3 computes it (from the float64 loop). */
  readonly descriptor: Float64Array;
  /** N × 2 pixel indices (ix, iy) of each pair's centre. */
  readonly pixels: Int32Array;
  readonly count: number;
  readonly patch: number;
  readonly points: number;
  /** The structural scan (ny × nx, row-major) of the first channel, and its size. */
  readonly image: Float64Array;
  readonly nx: number;
  readonly ny: number;
  readonly sizeUm: number;
  readonly options: z.output<typeof TwinPairsOptionsSchema>;
}

export interface TwinPairsHooks {
  /** Worker threads (default: all cores). */
  readonly workers?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number) => void;
}

/** Scans the twin, chooses the pixels and measures their loops; throws InputError naming a bad option. */
export async function twinPairs(options: TwinPairsOptions, hooks: TwinPairsHooks = {}): Promise<TwinPairs> {
  const parsed = TwinPairsOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(['pairs', ...issue.path.map(String)].join('.'), issue.message);
  }
  const o = parsed.data;
  const [nx, ny] = o.pixels;
  const sizeUm = o.sizeUm ?? o.twin.sizeUm;
  const twin = new DigitalTwin(o.twin);
  const channels = o.channels ?? [o.channel];
  const scans = twin.scan([...channels], nx, ny, sizeUm);
  const image = scans[channels[0]];
  const waveform = triangleWaveform(o.amplitude, o.points);
  const spaceOf = (img: Float64Array) => patchPixelSpace({ image: img, nx, ny, sizeUm, patch: o.patch, waveform, dtMs: o.dtMs, descriptor: o.descriptor, response: o.response });
  const space = spaceOf(image);
  // Every channel's patches, standardised by its own image (the candidate pixels depend only on the scan and P).
  const features = channels.map((c, k) => (k === 0 ? space : spaceOf(scans[c])).candidates.data);
  const candidates = space.candidates.rows;
  if (o.count !== undefined && o.count > candidates) throw new InputError('pairs.count', `${o.count} pairs asked, the scan has ${candidates} candidate pixels`);
  const chosen = o.count === undefined ? Int32Array.from({ length: candidates }, (_, i) => i) : Int32Array.from(new Rng(o.seed).sampleWithoutReplacement(candidates, o.count)).sort();
  const n = chosen.length;
  const d = o.patch * o.patch;
  const m = o.points;
  const C = channels.length;
  const structure = new Float32Array(n * C * d);
  const pixels = new Int32Array(2 * n);
  chosen.forEach((c, i) => {
    features.forEach((f, k) => structure.set(f.subarray(c * d, (c + 1) * d), (i * C + k) * d));
    pixels[2 * i] = space.pixels[2 * c];
    pixels[2 * i + 1] = space.pixels[2 * c + 1];
  });
  const spectra = new Float32Array(n * m);
  const descriptor = new Float64Array(n);
  const pool = new WorkerPool<TwinTask, TwinTaskResult>({
    moduleUrl: siblingModule(import.meta.url, '../../drivers/twin/twin-task'), exportName: 'runTwinTask', size: hooks.workers,
  });
  const onAbort = (): void => void pool.close('twin pairs cancelled');
  hooks.signal?.addEventListener('abort', onAbort, { once: true });
  let done = 0;
  try {
    hooks.signal?.throwIfAborted();
    await Promise.all(Array.from(chosen, async (c, i) => {
      const cmd = space.toCommand(c);
      if (cmd.kind !== 'spectroscopy') throw new TypeError('W3 space returned a non-spectroscopy command');
      const r = await pool.run({
        op: 'spectroscopy', cfg: o.twin, defects: twin.sample.defects, state: Float64Array.from(twin.sample.initial),
        xUm: cmd.x, yUm: cmd.y, biasV: Float64Array.from(cmd.waveform),
      });
      const loop = r.response!;
      const obs = space.toObservation(c, { command: cmd, instrument: 'ferrosim-twin', at: 0, arrays: { loop: { shape: [3, m], data: loop, unit: 'a.u.' } } });
      descriptor[i] = obs.y;
      spectra.set(loop.subarray(o.response === 'on' ? m : 2 * m, o.response === 'on' ? 2 * m : 3 * m), i * m);
      hooks.onProgress?.(++done, n);
    }));
  } catch (err) {
    throw asAbort(err, hooks.signal, 'the twin pairs');
  } finally {
    hooks.signal?.removeEventListener('abort', onAbort);
    await pool.close();
  }
  return { structure, channels, spectra, bias: waveform, descriptor, pixels, count: n, patch: o.patch, points: m, image, nx, ny, sizeUm, options: o };
}
