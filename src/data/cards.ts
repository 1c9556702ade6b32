/**
 * The lecture's "cards" data set, drawn by code: the four suit glyphs (spade, heart, diamond, club) as implicit
 * shapes, each image a seeded random rotation, shear and shift of one glyph, rendered with 3×3 supersampling into
 * size × size pixels of intensity in [0, 1]. Nothing is downloaded; the same seed gives the same images everywhere.
 */
import { z } from 'zod';
import { Rng } from '../sim/rng.ts';
import { InputError } from '../errors.ts';

/** Suit names in label order (label k is SUITS[k]). */
export const SUITS = ['spade', 'heart', 'diamond', 'club'] as const;
/** Suits that look the same after a 180° turn: their rotation angle is defined only modulo π. */
export const HALF_TURN_SYMMETRIC: ReadonlySet<number> = new Set([2]);

export const CardsOptionsSchema = z.object({
  count: z.number().int().positive().max(200_000).default(4000),
  /** Side of the square image in pixels (the lecture's 48). */
  size: z.number().int().min(8).max(256).default(48),
  seed: z.number().int().default(0),
  /** Rotations drawn uniformly in [−maxRotationDeg, maxRotationDeg] degrees. */
  maxRotationDeg: z.number().min(0).max(180).default(120),
  /** Horizontal shear angles drawn uniformly in [−maxShearDeg, maxShearDeg] degrees. */
  maxShearDeg: z.number().min(0).max(60).default(20),
  /** Shifts of the glyph centre drawn uniformly in [−maxShift, maxShift], as a fraction of the image half-width. */
  maxShift: z.number().min(0).max(0.5).default(0.08),
  /** Suits to draw, as labels 0…3 (default all four, in equal shares). */
  suits: z.array(z.number().int().min(0).max(3)).min(1).max(4).default([0, 1, 2, 3]),
});
export type CardsOptions = z.input<typeof CardsOptionsSchema>;

/** A generated stack: images count × size × size (row-major, y down) with the factors that made each image. */
export interface CardsDataset {
  readonly count: number;
  readonly size: number;
  readonly images: Float32Array;
  /** Suit label per image (index into SUITS). */
  readonly labels: Int32Array;
  /** Rotation per image, radians, counter-clockwise on screen. */
  readonly angles: Float64Array;
  /** Shear angle per image, radians. */
  readonly shears: Float64Array;
  /** Shift per image as [dx, dy] fractions of the half-width (count × 2). */
  readonly shifts: Float64Array;
}

/** Draws the data set (pure: the options decide every pixel). */
export function generateCards(options: CardsOptions = {}): CardsDataset {
  const parsed = CardsOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(['cards', ...issue.path.map(String)].join('.'), issue.message);
  }
  const o = parsed.data;
  const rng = new Rng(o.seed);
  const { count, size } = o;
  const images = new Float32Array(count * size * size);
  const labels = new Int32Array(count);
  const angles = new Float64Array(count);
  const shears = new Float64Array(count);
  const shifts = new Float64Array(count * 2);
  const deg = Math.PI / 180;
  for (let n = 0; n < count; n++) {
    labels[n] = o.suits[n % o.suits.length];
    angles[n] = (2 * rng.uniform() - 1) * o.maxRotationDeg * deg;
    shears[n] = (2 * rng.uniform() - 1) * o.maxShearDeg * deg;
    shifts[2 * n] = (2 * rng.uniform() - 1) * o.maxShift;
    shifts[2 * n + 1] = (2 * rng.uniform() - 1) * o.maxShift;
    renderGlyph(images.subarray(n * size * size, (n + 1) * size * size), size, labels[n], angles[n], shears[n], shifts[2 * n], shifts[2 * n + 1]);
  }
  return { count, size, images, labels, angles, shears, shifts };
}

const SUPERSAMPLE = 3;

/** Renders one glyph into `out` (size × size): pixel p maps back to glyph coordinates g = S⁻¹ R⁻¹ (p − t). */
export function renderGlyph(out: Float32Array, size: number, suit: number, angle: number, shear: number, dx: number, dy: number): void {
  const inside = GLYPHS[suit];
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const t = Math.tan(shear);
  const half = size / 2;
  const w = 1 / (SUPERSAMPLE * SUPERSAMPLE);
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      let hits = 0;
      for (let a = 0; a < SUPERSAMPLE; a++) {
        for (let b = 0; b < SUPERSAMPLE; b++) {
          // Screen coordinates in [−1, 1], x right and y up (so a positive angle turns counter-clockwise on screen).
          const px = (col + (b + 0.5) / SUPERSAMPLE - half) / half - dx;
          const py = (half - row - (a + 0.5) / SUPERSAMPLE) / half - dy;
          const rx = c * px + s * py; // R⁻¹
          const ry = -s * px + c * py;
          const gx = rx - t * ry; // S⁻¹ for S = [[1, tan φ], [0, 1]]
          if (inside(gx, ry)) hits++;
        }
      }
      out[row * size + col] = hits * w;
    }
  }
}

type Inside = (x: number, y: number) => boolean;

const inCircle = (x: number, y: number, cx: number, cy: number, r: number): boolean => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
/** Inside the triangle with a horizontal base at y = baseY (half-width w) and apex at (0, apexY). */
const inTriangle = (x: number, y: number, baseY: number, w: number, apexY: number): boolean => {
  const f = (y - baseY) / (apexY - baseY);
  return f >= 0 && f <= 1 && Math.abs(x) <= w * (1 - f);
};

/** Glyph shapes in coordinates where the glyph spans about [−0.6, 0.6] (x right, y up). */
const GLYPHS: readonly Inside[] = [
  // spade: an upturned heart (two lobes below, a point above) on a flared stem
  (x, y) => inCircle(x, y, -0.25, -0.05, 0.27) || inCircle(x, y, 0.25, -0.05, 0.27) || inTriangle(x, y, -0.1, 0.51, 0.62) || inTriangle(x, y, -0.62, 0.2, -0.1),
  // heart: two lobes above, a point below
  (x, y) => inCircle(x, y, -0.26, 0.22, 0.3) || inCircle(x, y, 0.26, 0.22, 0.3) || inTriangle(x, y, 0.12, 0.55, -0.62),
  // diamond: a rhombus taller than wide
  (x, y) => Math.abs(x) / 0.45 + Math.abs(y) / 0.65 <= 1,
  // club: three round leaves on a flared stem
  (x, y) => inCircle(x, y, 0, 0.3, 0.22) || inCircle(x, y, -0.28, -0.06, 0.22) || inCircle(x, y, 0.28, -0.06, 0.22) || inCircle(x, y, 0, 0.05, 0.12) || inTriangle(x, y, -0.62, 0.2, 0.05),
];
