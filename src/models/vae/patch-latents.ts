/**
 * Latent features of image patches under a saved VAE-family model (a `ferroloop vae train` directory): the patch
 * around each candidate pixel is cut from the raw scan, encoded by the first member (members' latent axes are not
 * aligned, so they are not averaged), and described by its content latents (rotation and shift latents left out:
 * the structure, not its pose) and, for discrete models, its class probabilities.
 */
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { FerroloopError } from '../../errors.ts';
import { initTfBackend } from '../tf/tf-backend.ts';
import { loadFamily } from './family-store.ts';
import { encodeImages } from './family-infer.ts';
import { disposeFamilyNetwork } from './family-network.ts';

export interface PatchLatents {
  /** m × names.length, row-major. */
  readonly features: Float64Array;
  readonly names: string[];
  readonly kind: string;
}

/** Patches cut around `pixels` (m × 2: ix, iy centre) from an ny × nx image, patch × patch each, row-major. */
export function cutPatches(image: Float64Array, nx: number, pixels: Int32Array, patch: number): Float32Array {
  const half = Math.floor(patch / 2);
  const m = pixels.length / 2;
  const out = new Float32Array(m * patch * patch);
  for (let c = 0; c < m; c++) {
    const [ix, iy] = [pixels[2 * c], pixels[2 * c + 1]];
    for (let r = 0; r < patch; r++) for (let q = 0; q < patch; q++) out[(c * patch + r) * patch + q] = image[(iy - half + r) * nx + (ix - half + q)];
  }
  return out;
}

export async function patchLatents(dir: string, image: Float64Array, nx: number, pixels: Int32Array, patch: number): Promise<PatchLatents> {
  let members: number;
  try {
    members = (JSON.parse(await readFile(join(dir, 'ensemble.json'), 'utf8')) as { members: number }).members;
  } catch {
    throw new FerroloopError('MODEL_INVALID', `${dir}: not a model directory of ferroloop vae train (no readable ensemble.json)`);
  }
  await initTfBackend();
  const patches = cutPatches(image, nx, pixels, patch);
  const m = pixels.length / 2;
  let sums: Float64Array | undefined;
  let names: string[] = [];
  let kind = '';
  for (let k = 0; k < Math.min(1, members); k++) {
    const model = await loadFamily(join(dir, `member-${k}`));
    try {
      const { network: net, scaling } = model;
      if (net.height !== patch || net.width !== patch) {
        throw new FerroloopError('MODEL_INVALID', `${dir}: the model was trained on ${net.height}×${net.width} images, the campaign's patches are ${patch}×${patch}`);
      }
      if (net.options.kind === 'cvae') throw new FerroloopError('MODEL_INVALID', `${dir}: a cvae needs the class of each patch; use vae, rvae, jvae, jrvae or ssvae`);
      const enc = encodeImages(net, scaling, patches, m);
      const d = net.options.latentDim;
      const k2 = enc.probabilities ? net.options.classes : 0;
      names = [...Array.from({ length: d }, (_, i) => `z${i + 1}`), ...Array.from({ length: k2 }, (_, i) => `p${i + 1}`)];
      kind = net.options.kind;
      sums ??= new Float64Array(m * names.length);
      const g = net.layout.gaussian;
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < d; j++) sums[i * names.length + j] = enc.mu[i * g + net.layout.contentStart + j];
        for (let j = 0; j < k2; j++) sums[i * names.length + d + j] = enc.probabilities![i * k2 + j];
      }
    } finally {
      disposeFamilyNetwork(model.network);
    }
  }
  return { features: sums!, names, kind };
}
