import { PNG } from 'pngjs';

/** Viridis anchors (t = 0, 0.25, 0.5, 0.75, 1), interpolated linearly. */
const VIRIDIS: readonly (readonly [number, number, number])[] = [
  [68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37],
];

/** RGB of a value in [0, 1] on the viridis map. */
export function viridis(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const a = VIRIDIS[i];
  const b = VIRIDIS[i + 1];
  return [0, 1, 2].map((c) => Math.round(a[c] + f * (b[c] - a[c]))) as [number, number, number];
}

/**
 * Encodes a heat map as PNG bytes. values: rows × cols row-major; row 0 is drawn at the bottom
 * (y axis up), with a colour bar on the right (min at the bottom, max at the top). NaN is grey.
 */
export function heatmapPng(values: ArrayLike<number>, rows: number, cols: number, cellPx = 8): Buffer {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < rows * cols; i++) {
    if (Number.isFinite(values[i])) {
      lo = Math.min(lo, values[i]);
      hi = Math.max(hi, values[i]);
    }
  }
  const span = hi > lo ? hi - lo : 1;
  const barGap = 2 * cellPx;
  const barWidth = 2 * cellPx;
  const width = cols * cellPx + barGap + barWidth;
  const height = rows * cellPx;
  const png = new PNG({ width, height });
  png.data.fill(255);
  const put = (x: number, y: number, rgb: readonly number[]): void => {
    const o = 4 * (y * width + x);
    png.data[o] = rgb[0];
    png.data[o + 1] = rgb[1];
    png.data[o + 2] = rgb[2];
    png.data[o + 3] = 255;
  };
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = values[r * cols + c];
      const rgb = Number.isFinite(v) ? viridis((v - lo) / span) : [128, 128, 128];
      for (let dy = 0; dy < cellPx; dy++) {
        for (let dx = 0; dx < cellPx; dx++) put(c * cellPx + dx, height - 1 - (r * cellPx + dy), rgb);
      }
    }
  }
  for (let y = 0; y < height; y++) {
    const rgb = viridis(1 - y / Math.max(1, height - 1));
    for (let x = 0; x < barWidth; x++) put(cols * cellPx + barGap + x, y, rgb);
  }
  return PNG.sync.write(png);
}
