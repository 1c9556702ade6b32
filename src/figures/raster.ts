import { PNG } from 'pngjs';
import { GLYPH_HEIGHT, GLYPH_WIDTH, glyph } from './font-5x7.ts';

export type Rgb = readonly [number, number, number];

/** An RGB raster (white background) with the few primitives figures need; encodes to PNG. */
export class Raster {
  readonly data: Uint8Array; // width × height × 4, RGBA

  constructor(readonly width: number, readonly height: number) {
    this.data = new Uint8Array(width * height * 4).fill(255);
  }

  /** Sets one pixel (ignored outside the raster). */
  pixel(x: number, y: number, c: Rgb): void {
    const xi = Math.round(x);
    const yi = Math.round(y);
    if (xi < 0 || yi < 0 || xi >= this.width || yi >= this.height) return;
    const o = 4 * (yi * this.width + xi);
    this.data[o] = c[0];
    this.data[o + 1] = c[1];
    this.data[o + 2] = c[2];
    this.data[o + 3] = 255;
  }

  /** Filled axis-aligned rectangle [x, x+w) × [y, y+h). */
  rect(x: number, y: number, w: number, h: number, c: Rgb): void {
    for (let j = Math.max(0, Math.floor(y)); j < Math.min(this.height, Math.ceil(y + h)); j++) {
      for (let i = Math.max(0, Math.floor(x)); i < Math.min(this.width, Math.ceil(x + w)); i++) this.pixel(i, j, c);
    }
  }

  /** A straight line (DDA), `thickness` px wide. */
  line(x0: number, y0: number, x1: number, y1: number, c: Rgb, thickness = 1): void {
    const steps = Math.max(1, Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0))));
    const r = (thickness - 1) / 2;
    for (let s = 0; s <= steps; s++) {
      const x = x0 + ((x1 - x0) * s) / steps;
      const y = y0 + ((y1 - y0) * s) / steps;
      if (thickness <= 1) this.pixel(x, y, c);
      else this.rect(x - r, y - r, thickness, thickness, c);
    }
  }

  /** A filled disc of radius r. */
  disc(cx: number, cy: number, r: number, c: Rgb): void {
    for (let j = Math.floor(cy - r); j <= Math.ceil(cy + r); j++) {
      for (let i = Math.floor(cx - r); i <= Math.ceil(cx + r); i++) {
        if ((i - cx) ** 2 + (j - cy) ** 2 <= r * r) this.pixel(i, j, c);
      }
    }
  }

  /** Text in the 5×7 font at (x, y) = top-left, scaled by an integer factor. Returns the width drawn. */
  text(x: number, y: number, s: string, c: Rgb = [0, 0, 0], scale = 1): number {
    let cx = x;
    for (const ch of s) {
      const rows = glyph(ch);
      for (let r = 0; r < GLYPH_HEIGHT; r++) {
        for (let b = 0; b < 5; b++) {
          if (rows[r] & (1 << (4 - b))) this.rect(cx + b * scale, y + r * scale, scale, scale, c);
        }
      }
      cx += GLYPH_WIDTH * scale;
    }
    return cx - x;
  }

  /** Pastes another raster with its top-left at (x, y). */
  paste(src: Raster, x: number, y: number): void {
    for (let j = 0; j < src.height; j++) {
      for (let i = 0; i < src.width; i++) {
        const o = 4 * (j * src.width + i);
        this.pixel(x + i, y + j, [src.data[o], src.data[o + 1], src.data[o + 2]]);
      }
    }
  }

  /** PNG bytes. */
  toPng(): Buffer {
    const png = new PNG({ width: this.width, height: this.height });
    png.data = Buffer.from(this.data);
    return PNG.sync.write(png);
  }
}

/** Width in px of a string in the 5×7 font. */
export function textWidth(s: string, scale = 1): number {
  return [...s].length * GLYPH_WIDTH * scale;
}
