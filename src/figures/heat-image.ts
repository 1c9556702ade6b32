/**
 * A heat map as a PNG data URI coloured by a Vega colour scheme, so a map of 10 000 cells is one `image` mark
 * (drawn in milliseconds) instead of 10 000 `rect` marks, and its colours match the scheme's colour bar exactly.
 */
import { PNG } from 'pngjs';

/** Grey of a missing (NaN) cell. */
const MISSING = [200, 200, 200] as const;

/** Pixels per cell edge: enough that resvg's smoothing blurs only a cell's rim, never across cells. */
function cellPixels(nx: number, ny: number): number {
  return Math.max(1, Math.min(16, Math.floor(160 / Math.max(nx, ny))));
}

/** RGB of `t` in [0, 1] on a named Vega scheme (e.g. viridis). */
export async function schemeColours(scheme: string): Promise<(t: number) => readonly [number, number, number]> {
  const vega = await import('vega');
  const interpolate = vega.scheme(scheme) as ((t: number) => string) | undefined;
  if (typeof interpolate !== 'function') throw new RangeError(`'${scheme}' is not a continuous Vega colour scheme`);
  return (t) => {
    const m = interpolate(Math.min(1, Math.max(0, t))).match(/\d+(\.\d+)?/g) ?? ['0', '0', '0'];
    return [Number(m[0]), Number(m[1]), Number(m[2])];
  };
}

/**
 * PNG data URI of values (ny × nx row-major, row 0 at the bottom as on a y-up axis) mapped linearly from
 * domain [lo, hi] onto the scheme; NaN cells are light grey.
 */
export async function heatImage(values: ArrayLike<number>, nx: number, ny: number, domain: readonly [number, number], scheme = 'viridis'): Promise<string> {
  if (values.length !== nx * ny) throw new RangeError(`heat map: expected ${nx} × ${ny} = ${nx * ny} values, got ${values.length}`);
  const colour = await schemeColours(scheme);
  const s = cellPixels(nx, ny);
  const png = new PNG({ width: nx * s, height: ny * s });
  const span = domain[1] - domain[0] || 1;
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const v = values[j * nx + i];
      const rgb = Number.isFinite(v) ? colour((v - domain[0]) / span) : MISSING;
      for (let dy = 0; dy < s; dy++) {
        const row = (ny - 1 - j) * s + dy;
        for (let dx = 0; dx < s; dx++) {
          const o = 4 * (row * png.width + i * s + dx);
          png.data[o] = rgb[0];
          png.data[o + 1] = rgb[1];
          png.data[o + 2] = rgb[2];
          png.data[o + 3] = 255;
        }
      }
    }
  }
  return `data:image/png;base64,${PNG.sync.write(png).toString('base64')}`;
}
