import type { CampaignConfig } from '../../config.ts';
import type { Instrument, ScanChannel, SpectroscopyCommand } from '../../drivers/instrument.ts';
import { FerroloopError } from '../../errors.ts';
import { matrix } from '../../models/surrogate.ts';
import type { SearchSpace } from '../search-space.ts';
import { triangleWaveform } from '../spaces/loop-descriptors.ts';
import { patchPixelSpace } from '../spaces/patch-pixel-space.ts';
import type { PrepareHooks } from './latent-bo.ts';
import { loopGroundTruth } from './loop-ground-truth.ts';
import type { PreparedWorkflow } from './prepared-workflow.ts';
import { resolve } from 'node:path';

type DklMicroscopeConfig = CampaignConfig & { workflow: { kind: 'dkl-microscope' } };

/** The structural scan a run works on: kept in the start document so a resumed run uses the same image. */
export interface StructureScan {
  readonly channel: ScanChannel;
  readonly nx: number;
  readonly ny: number;
  readonly sizeUm: number;
  readonly image: number[];
}

/**
 * Workflow W3: scan the structure once (or take the scan stored in a resumed run's start document); the
 * candidates are pixels with their surrounding patch (or, as a baseline, their raw (x, y) coordinates); the
 * property is a switching-loop descriptor; on the simulator every candidate is also measured for the truth.
 */
export async function prepareDklMicroscope(cfg: DklMicroscopeConfig, hooks: PrepareHooks, instrument: Instrument, stored?: StructureScan): Promise<PreparedWorkflow> {
  const w = cfg.workflow;
  const scan = stored ?? await scanStructure(instrument, w.scan.channel, w.scan.pixels, w.scan.sizeUm, hooks.signal);
  hooks.log?.(stored ? 'structure scan taken from the run log' : `scanned ${scan.channel} ${scan.nx}×${scan.ny} over ${scan.sizeUm} µm`);
  const patchSpace = patchPixelSpace({
    image: Float64Array.from(scan.image), nx: scan.nx, ny: scan.ny, sizeUm: scan.sizeUm, patch: w.patch,
    waveform: triangleWaveform(w.spectroscopy.amplitude, w.spectroscopy.points), dtMs: w.spectroscopy.dtMs,
    descriptor: w.descriptor, response: w.response,
  });
  const space: SearchSpace = w.features === 'patch'
    ? patchSpace
    : w.features === 'vae'
      ? await vaeFeatures(patchSpace, scan, w.patch, resolve(hooks.configDir ?? '.', w.vaeModel!), hooks)
      : coordinateFeatures(patchSpace, scan);
  let groundTruth: Float64Array | undefined;
  if (w.groundTruth && cfg.instrument.kind === 'ferrosim') {
    const commands = Array.from({ length: space.candidates.rows }, (_, i) => space.toCommand(i) as SpectroscopyCommand);
    const gt = await loopGroundTruth(cfg.instrument.twin, commands, w.descriptor, w.response, {
      cacheDir: hooks.cacheDir, workers: hooks.workers, compute: hooks.compute, signal: hooks.signal, onProgress: (d, t) => hooks.onProgress?.('ground truth', d, t),
    });
    groundTruth = gt.values;
    hooks.log?.(gt.cached ? 'ground truth loaded from cache' : `ground truth measured at ${commands.length} pixels${hooks.compute?.redis ? ' on the queue' : ''} and cached`);
  }
  const half = Math.floor(w.patch / 2);
  const inner = { nx: scan.nx - w.patch + 1, ny: scan.ny - w.patch + 1 };
  const px = scan.sizeUm / scan.nx;
  return {
    space, groundTruth,
    grid: {
      nx: inner.nx, ny: inner.ny, xLabel: 'x (µm)', yLabel: 'y (µm)',
      x: [(half + 0.5) * px, (half + inner.nx - 0.5) * px], y: [(half + 0.5) * px, (half + inner.ny - 0.5) * px],
    },
    coordinates: pixelCentres(patchSpace.pixels, scan),
    info: { structure_scan: scan, candidate_count: space.candidates.rows },
  };
}

async function scanStructure(instrument: Instrument, channel: ScanChannel, pixels: readonly [number, number], sizeUm: number | undefined, signal?: AbortSignal): Promise<StructureScan> {
  const m = await instrument.measure({ kind: 'scan', channels: [channel], pixels, sizeUm }, signal);
  const image = m.arrays[channel];
  if (!image) throw new FerroloopError('INSTRUMENT_ERROR', `the scan returned no ${channel} image`);
  const size = sizeUm ?? instrument.info.limits.scan?.defaultSizeUm;
  if (size === undefined) throw new FerroloopError('INSTRUMENT_UNSUPPORTED', `${instrument.info.name} has no scan size`);
  return { channel, nx: image.shape[1], ny: image.shape[0], sizeUm: size, image: Array.from(image.data) };
}

/** Centres (µm) of the candidates' pixels, m x 2 row-major. */
function pixelCentres(pixels: Int32Array, scan: StructureScan): Float64Array {
  const out = new Float64Array(pixels.length);
  for (let c = 0; c < pixels.length / 2; c++) {
    out[2 * c] = ((pixels[2 * c] + 0.5) / scan.nx) * scan.sizeUm;
    out[2 * c + 1] = ((pixels[2 * c + 1] + 0.5) / scan.ny) * scan.sizeUm;
  }
  return out;
}

/**
 * The same candidates described by the latent code of their raw patch under a trained VAE-family model: content
 * latents (rotation- and shift-free for rvae/jrvae), plus class probabilities for discrete models.
 */
async function vaeFeatures(space: SearchSpace & { pixels: Int32Array }, scan: StructureScan, patch: number, dir: string, hooks: PrepareHooks): Promise<SearchSpace> {
  const { patchLatents } = await import('../../models/vae/patch-latents.ts');
  const { features, names, kind } = await patchLatents(dir, Float64Array.from(scan.image), scan.nx, space.pixels, patch);
  hooks.log?.(`features: ${kind} latents (${names.join(', ')}) of ${space.pixels.length / 2} ${patch}×${patch} patches, model ${dir}`);
  return { ...space, name: `vae-latents`, candidates: matrix(space.pixels.length / 2, names.length, features), featureNames: names };
}

/** The same candidates and measurements, described by their raw (x, y) in µm instead of the patch (the GP baseline). */
function coordinateFeatures(space: SearchSpace & { pixels: Int32Array }, scan: StructureScan): SearchSpace {
  const xy = pixelCentres(space.pixels, scan);
  return { ...space, name: 'pixel-coordinates', candidates: matrix(xy.length / 2, 2, xy), featureNames: ['x_um', 'y_um'] };
}
