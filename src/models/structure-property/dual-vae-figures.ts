/**
 * The dual VAE's joint latent map on paired data: latent-space.* (z₁ vs z₂ of every pair as encoded from its
 * structure patch, μ_s, and from its loop, μ_p, coloured by the measured loop descriptor) and, when the pairs have
 * pixels, latent-map.* (each coordinate of μ_s on the scan's pixel grid), as SVG, PNG and Vega-Lite spec.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { PairedData } from '../../data/pairs-npz.ts';
import { heatImage } from '../../figures/heat-image.ts';
import { cellEdges, mapSpec } from '../../figures/map-spec.ts';
import { VEGA_LITE_SCHEMA, renderFigure, type VegaLiteSpec } from '../../figures/render-figure.ts';
import { encodeDual, type DualVaeModel } from './dual-vae-predict.ts';

/** Latent coordinates drawn on the map (at most). */
const MAX_MAPS = 4;

/** Writes latent-space.{svg,png,vl.json} and (with pixels) latent-map.* into `dir` (created); returns the base paths. */
export async function writeDualLatentFigures(dir: string, model: DualVaeModel, pairs: PairedData, descriptor: string, subtitle: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const d = model.network.options.latentDim;
  const n = pairs.count;
  const muS = encodeDual(model, 'structure', pairs.structure, n);
  const muP = encodeDual(model, 'spectrum', pairs.spectra, n);
  const known = pairs.descriptor.every(Number.isFinite);
  const values = [['from the structure (μ_s)', muS], ['from the loop (μ_p)', muP] as const].flatMap(([source, mu]) => Array.from({ length: n }, (_, i) => ({
    source, z1: mu[i * d], z2: d > 1 ? mu[i * d + 1] : 0, ...(known ? { descriptor: pairs.descriptor[i] } : {}),
  })));
  const space: VegaLiteSpec = {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: `dual VAE: joint latent space of ${n} pairs`, subtitle },
    data: { values },
    facet: { column: { field: 'source', type: 'nominal', title: null, sort: ['from the structure (μ_s)', 'from the loop (μ_p)'] } },
    spec: {
      width: 280, height: 260,
      mark: { type: 'point', filled: true, size: 14, opacity: 0.7 },
      encoding: {
        x: { field: 'z1', type: 'quantitative', title: 'z₁ (latent units)', scale: { zero: false } },
        y: { field: 'z2', type: 'quantitative', title: d > 1 ? 'z₂ (latent units)' : '(latent dim 1)', scale: { zero: false } },
        ...(known ? { color: { field: 'descriptor', type: 'quantitative', title: `measured ${descriptor} (a.u.)`, scale: { scheme: 'viridis' }, legend: { titleLimit: 320 } } } : {}),
      },
    },
  };
  const out: string[] = [];
  const spaceBase = join(dir, 'latent-space');
  await renderFigure(space, spaceBase);
  out.push(spaceBase);
  if (!pairs.pixels) return out;
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let i = 0; i < n; i++) {
    [x0, x1] = [Math.min(x0, pairs.pixels[2 * i]), Math.max(x1, pairs.pixels[2 * i])];
    [y0, y1] = [Math.min(y0, pairs.pixels[2 * i + 1]), Math.max(y1, pairs.pixels[2 * i + 1])];
  }
  const nx = x1 - x0 + 1;
  const ny = y1 - y0 + 1;
  let [lo, hi] = [Infinity, -Infinity];
  for (const v of muS) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  if (!(hi > lo)) [lo, hi] = [lo - 0.5, lo + 0.5];
  const panels = [];
  for (let k = 0; k < Math.min(d, MAX_MAPS); k++) {
    const grid = new Float64Array(nx * ny).fill(NaN);
    for (let i = 0; i < n; i++) grid[(pairs.pixels[2 * i + 1] - y0) * nx + (pairs.pixels[2 * i] - x0)] = muS[i * d + k];
    panels.push({ title: `z${k + 1} (μ_s)`, image: await heatImage(grid, nx, ny, [lo, hi]) });
  }
  const mapBase = join(dir, 'latent-map');
  await renderFigure(mapSpec({
    title: 'dual VAE: structure latents over the scan', subtitle,
    x: { title: 'pixel ix', edges: cellEdges([x0, x1], nx) }, y: { title: 'pixel iy', edges: cellEdges([y0, y1], ny) },
    colour: { title: 'latent (latent units)', domain: [lo, hi] }, panels, width: 240, height: Math.round((240 * ny) / nx),
  }), mapBase);
  out.push(mapBase);
  return out;
}
