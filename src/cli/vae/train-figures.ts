/**
 * The figures `ferroloop vae train` writes into the model directory: the latent distribution (content z₁ vs z₂
 * of every training image, coloured by class — the known label, else the model's class — or by rotation angle),
 * the traversal manifold per class (decoded tiles on latent axes), and for discrete ensembles the mean class dispersion per class.
 */
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { VEGA_LITE_SCHEMA, renderFigure, type VegaLiteSpec } from '../../figures/render-figure.ts';
import { mosaicPng } from '../../data/image-mosaic.ts';
import { decodeLatents, encodeImages, normalQuantile, traversalLatents } from '../../models/vae/family-infer.ts';
import { mosaicSpec } from '../../figures/mosaic-spec.ts';
import { ensembleClasses } from '../../models/vae/ensemble-classes.ts';
import type { StoredFamily } from '../../models/vae/family-store.ts';
import type { ImageStack } from './image-data.ts';

const SCHEMA = VEGA_LITE_SCHEMA;

/** Writes the figures; returns the paths written. */
export async function writeTrainFigures(dir: string, members: readonly StoredFamily[], stack: ImageStack, classNames?: readonly string[]): Promise<string[]> {
  const written: string[] = [];
  const net = members[0].network;
  const { layout, options } = net;
  const k = options.classes;
  const encodings = members.map((m) => encodeImages(m.network, m.scaling, stack.images, stack.count, stack.labels && options.kind === 'cvae' ? { labels: stack.labels } : undefined));
  const g = layout.gaussian;
  const discrete = encodings[0].probabilities !== undefined;
  const ensemble = discrete ? ensembleClasses(encodings.map((e) => e.probabilities!), stack.count, k) : undefined;
  const name = (c: number) => classNames?.[c] ?? `class ${c}`;
  const known = stack.labels && stack.labels.some((l) => l >= 0) ? stack.labels : undefined;
  const values = Array.from({ length: Math.min(stack.count, 5000) }, (_, i) => ({
    z1: encodings[0].mu[i * g + layout.contentStart],
    z2: options.latentDim > 1 ? encodings[0].mu[i * g + layout.contentStart + 1] : 0,
    class: known && known[i] >= 0 ? name(known[i]) : ensemble ? name(ensemble.classes[i]) : undefined,
    angle: stack.angles ? (stack.angles[i] * 180) / Math.PI : layout.angle ? (encodings[0].mu[i * g] * 180) / Math.PI : undefined,
  }));
  const byClass = values[0].class !== undefined;
  const colour = byClass
    ? { field: 'class', type: 'nominal', title: known ? 'class (label)' : 'class (model)', sort: Array.from({ length: k }, (_, c) => name(c)) }
    : values[0].angle !== undefined
      ? { field: 'angle', type: 'quantitative', title: stack.angles ? 'true rotation (°)' : 'angle latent (°)', scale: { scheme: 'sinebow' } }
      : undefined;
  const latent: VegaLiteSpec = {
    $schema: SCHEMA,
    title: { text: `${options.kind} latent space of ${stack.count} images`, subtitle: `content latents (posterior means); source: ${stack.source}` },
    width: 360,
    height: 320,
    data: { values },
    mark: { type: 'point', filled: true, size: 14, opacity: 0.6 },
    encoding: {
      x: { field: 'z1', type: 'quantitative', title: 'z₁ (latent units)', scale: { zero: false } },
      y: { field: 'z2', type: 'quantitative', title: 'z₂ (latent units)', scale: { zero: false } },
      ...(colour ? { color: colour } : {}),
    },
  };
  written.push((await renderFigure(latent, join(dir, 'latent'))).png);
  const classes = layout.discrete + layout.condition > 0 ? k : 1;
  const q = Array.from({ length: 8 }, (_, i) => normalQuantile(0.05 + (0.9 * i) / 7));
  for (let c = 0; c < classes; c++) {
    const tiles = decodeLatents(net, traversalLatents(net, 8, 8), 64, c);
    const mosaic = mosaicPng(tiles, { rows: 8, cols: 8, height: net.height, width: net.width });
    const { width, height } = PNG.sync.read(mosaic);
    const spec = mosaicSpec({
      title: `${options.kind} decoder over the content latents${classes > 1 ? ` (${name(c)})` : ''}`,
      subtitle: ['8 × 8 traversal at normal quantiles of z₁, z₂ (other latents 0)', `${net.height} × ${net.width} px decoded tiles, dark = 1`],
      image: `data:image/png;base64,${mosaic.toString('base64')}`, colValues: q, rowValues: options.latentDim > 1 ? q : q.map(() => 0),
      colTitle: 'z₁ (latent units)', rowTitle: 'z₂ (latent units)', width: Math.max(width, 360), height: Math.max(height, 360),
    });
    written.push((await renderFigure(spec, join(dir, classes > 1 ? `manifold-class-${c}` : 'manifold'))).png);
  }
  if (ensemble && members.length > 1) {
    const perClass = Array.from({ length: k }, (_, c) => {
      const rows = Array.from(ensemble.dispersion).filter((_, i) => (known ? known[i] === c : ensemble.classes[i] === c));
      return { class: name(c), dispersion: rows.length ? rows.reduce((a, b) => a + b, 0) / rows.length : 0, count: rows.length };
    });
    const bars: VegaLiteSpec = {
      $schema: SCHEMA,
      title: { text: `Class dispersion across ${members.length} ensemble members`, subtitle: 'share of members disagreeing with the majority class, mean per class' },
      width: 320,
      height: 220,
      data: { values: perClass },
      mark: 'bar',
      encoding: {
        x: { field: 'class', type: 'nominal', title: known ? 'class (label)' : 'class (ensemble majority)', axis: { labelAngle: 0 }, sort: null },
        y: { field: 'dispersion', type: 'quantitative', title: 'mean dispersion (0 = all agree)', scale: { domain: [0, 1 - 1 / members.length] } },
        tooltip: [{ field: 'count', type: 'quantitative' }],
      },
    };
    written.push((await renderFigure(bars, join(dir, 'ensemble-dispersion'))).png);
  }
  return written;
}
