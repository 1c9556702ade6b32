/**
 * Grayscale mosaic PNGs of image tiles (the VAE manifold, reconstructions): rows × cols tiles of h × w values in
 * [0, 1] (dark = 1, as microscopists' inverted cards), a `gap`-pixel white border, each pixel repeated `scale` times.
 */
import { PNG } from 'pngjs';

export interface MosaicOptions {
  readonly rows: number;
  readonly cols: number;
  readonly height: number;
  readonly width: number;
  readonly gap?: number;
  readonly scale?: number;
  /** Draw high values dark (default true: a glyph of 1s on 0s prints black on white). */
  readonly invert?: boolean;
}

/** PNG bytes of the tiles (rows·cols × h × w, row-major, tile r·cols + c at row r, column c). */
export function mosaicPng(tiles: ArrayLike<number>, o: MosaicOptions): Buffer {
  const gap = o.gap ?? 2;
  const scale = o.scale ?? 2;
  const tw = o.width * scale;
  const th = o.height * scale;
  const png = new PNG({ width: o.cols * (tw + gap) + gap, height: o.rows * (th + gap) + gap, colorType: 0, inputColorType: 0, inputHasAlpha: false } as never);
  const data = Buffer.alloc(png.width * png.height, 255);
  for (let r = 0; r < o.rows; r++) {
    for (let c = 0; c < o.cols; c++) {
      const base = (r * o.cols + c) * o.height * o.width;
      for (let y = 0; y < th; y++) {
        for (let x = 0; x < tw; x++) {
          const v = Math.min(1, Math.max(0, tiles[base + Math.floor(y / scale) * o.width + Math.floor(x / scale)]));
          const grey = Math.round(255 * ((o.invert ?? true) ? 1 - v : v));
          data[(gap + r * (th + gap) + y) * png.width + gap + c * (tw + gap) + x] = grey;
        }
      }
    }
  }
  return PNG.sync.write({ width: png.width, height: png.height, data } as never, { colorType: 0, inputColorType: 0, inputHasAlpha: false });
}
