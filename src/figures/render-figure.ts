/**
 * Renders a Vega-Lite spec in Node, with no browser and no system fonts: vega-lite compiles it to Vega, vega draws
 * SVG, resvg rasterises the PNG at 2× with the DejaVu Sans shipped by the dejavu-fonts-ttf package. Each figure is
 * written as BASE.svg, BASE.png and BASE.vl.json (the spec, so users can restyle it), each atomically.
 */
import { rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** A Vega-Lite specification (JSON); see https://vega.github.io/vega-lite/docs/. */
export type VegaLiteSpec = Record<string, unknown>;

/** The `$schema` every figure spec names (the Vega-Lite major version the renderer compiles with). */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

const FONT = 'DejaVu Sans';
/** House style: the shipped font everywhere, titles left of the plot, no chart border. */
export const FIGURE_CONFIG = {
  font: FONT,
  view: { stroke: null },
  title: { anchor: 'start', fontSize: 13 },
  axis: { labelFontSize: 11, titleFontSize: 12, grid: false, tickCount: 6 },
  legend: { labelFontSize: 11, titleFontSize: 12 },
} as const;

let fontFiles: string[] | undefined;
function shippedFonts(): string[] {
  if (!fontFiles) {
    const require = createRequire(import.meta.url);
    const dir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    fontFiles = [join(dir, 'DejaVuSans.ttf'), join(dir, 'DejaVuSans-Bold.ttf'), join(dir, 'DejaVuSans-Oblique.ttf')];
  }
  return fontFiles;
}

/** SVG text of a Vega-Lite spec (the house config merged under the spec's own); the spec is not modified. */
export async function figureSvg(spec: VegaLiteSpec): Promise<string> {
  const vl = await import('vega-lite');
  const vega = await import('vega');
  // A copy: vega tags the data rows it ingests (a symbol id), and the caller's spec is written out afterwards.
  const own = structuredClone(spec);
  const compiled = vl.compile({ ...own, config: { ...FIGURE_CONFIG, ...((own.config as object) ?? {}) } } as never).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** PNG bytes of an SVG at `scale` (2 = print resolution for a screen-sized figure). */
export async function svgToPng(svg: string, scale = 2): Promise<Buffer> {
  const { Resvg } = await import('@resvg/resvg-js');
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    font: { fontFiles: shippedFonts(), loadSystemFonts: false, defaultFontFamily: FONT },
  });
  return Buffer.from(resvg.render().asPng());
}

/** Writes BASE.svg, BASE.png (2×) and BASE.vl.json; returns their paths. */
export async function renderFigure(spec: VegaLiteSpec, base: string): Promise<{ svg: string; png: string; spec: string }> {
  const svg = await figureSvg(spec);
  const png = await svgToPng(svg);
  const paths = { svg: `${base}.svg`, png: `${base}.png`, spec: `${base}.vl.json` };
  await writeAtomic(paths.svg, svg);
  await writeAtomic(paths.png, png);
  await writeAtomic(paths.spec, `${JSON.stringify(spec, null, 2)}\n`);
  return paths;
}

async function writeAtomic(path: string, data: string | Buffer): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}
