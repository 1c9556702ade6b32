/**
 * Figures of im2spec predictions on paired data: predicted vs measured loops at a few pixels (predicted-loops.*),
 * and the measured and predicted loop-descriptor maps on the scan's pixel grid (descriptor-map.*; pixels without a
 * prediction grey), each as SVG, PNG and Vega-Lite spec through the house renderer.
 */
import { join } from 'node:path';
import type { PairedData } from '../../data/pairs-npz.ts';
import { heatImage } from '../../figures/heat-image.ts';
import { cellEdges, mapSpec } from '../../figures/map-spec.ts';
import { predictedLoopsSpec } from '../../figures/predicted-loops-spec.ts';
import { renderFigure } from '../../figures/render-figure.ts';

export interface PredictionFigureInput {
  readonly pairs: PairedData;
  /** Rows of `pairs` predicted (R), and their predicted loops (R × M), optional std (R × M) and descriptors (R). */
  readonly rows: ArrayLike<number>;
  readonly predicted: Float32Array;
  readonly std?: Float32Array;
  readonly predictedDescriptor: ArrayLike<number>;
  /** Descriptor name (for titles), e.g. 'area'; subtitle with the scores. */
  readonly descriptor: string;
  readonly subtitle: string;
  /** Loops shown (default 8), spread evenly over the predicted rows. */
  readonly show?: number;
  /** Model named in the titles (default 'im2spec'). */
  readonly model?: string;
}

/** Writes predicted-loops.{svg,png,vl.json} and (when pairs have pixels) descriptor-map.*; returns the base paths. */
export async function writePredictionFigures(dir: string, f: PredictionFigureInput): Promise<string[]> {
  const { pairs, rows } = f;
  const m = pairs.points;
  const show = Math.min(f.show ?? 8, rows.length);
  const picks = Array.from({ length: show }, (_, j) => Math.floor(((j + 0.5) * rows.length) / show));
  const loops = picks.map((r) => {
    const i = rows[r];
    const at = pairs.pixels ? ` (${pairs.pixels[2 * i]}, ${pairs.pixels[2 * i + 1]})` : '';
    return {
      label: `pair ${i}${at}`, bias: pairs.bias, measured: pairs.spectra.subarray(i * m, (i + 1) * m), predicted: f.predicted.subarray(r * m, (r + 1) * m),
      ...(f.std ? { std: f.std.subarray(r * m, (r + 1) * m) } : {}),
    };
  });
  const out: string[] = [];
  const loopsBase = join(dir, 'predicted-loops');
  await renderFigure(predictedLoopsSpec({ title: `${f.model ?? 'im2spec'}: predicted vs measured loops (pixel ix, iy)`, subtitle: f.subtitle, loops, biasTitle: 'bias (V)', responseTitle: 'response (a.u.)' }), loopsBase);
  out.push(loopsBase);
  if (pairs.pixels) {
    let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
    for (let i = 0; i < pairs.count; i++) {
      [x0, x1] = [Math.min(x0, pairs.pixels[2 * i]), Math.max(x1, pairs.pixels[2 * i])];
      [y0, y1] = [Math.min(y0, pairs.pixels[2 * i + 1]), Math.max(y1, pairs.pixels[2 * i + 1])];
    }
    const nx = x1 - x0 + 1;
    const ny = y1 - y0 + 1;
    const measured = new Float64Array(nx * ny).fill(NaN);
    const predicted = new Float64Array(nx * ny).fill(NaN);
    const cell = (i: number): number => (pairs.pixels![2 * i + 1] - y0) * nx + (pairs.pixels![2 * i] - x0);
    for (let i = 0; i < pairs.count; i++) measured[cell(i)] = pairs.descriptor[i];
    for (let r = 0; r < rows.length; r++) predicted[cell(rows[r])] = f.predictedDescriptor[r];
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of [...measured, ...predicted]) if (Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    if (!(hi > lo)) [lo, hi] = [lo - 0.5, lo + 0.5];
    const domain: [number, number] = [lo, hi];
    const mapBase = join(dir, 'descriptor-map');
    await renderFigure(mapSpec({
      title: `loop descriptor (${f.descriptor}): measured vs predicted from the structure`, subtitle: f.subtitle,
      x: { title: 'pixel ix', edges: cellEdges([x0, x1], nx) }, y: { title: 'pixel iy', edges: cellEdges([y0, y1], ny) },
      colour: { title: `${f.descriptor} (a.u.)`, domain },
      panels: [
        { title: 'measured', image: await heatImage(measured, nx, ny, domain) },
        { title: `predicted (${f.model ?? 'im2spec'})`, image: await heatImage(predicted, nx, ny, domain) },
      ],
      width: 260, height: Math.round((260 * ny) / nx),
    }), mapBase);
    out.push(mapBase);
  }
  return out;
}
