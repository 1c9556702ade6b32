/**
 * The spatial decoder's pixel grid: for an H × W image, rows (a_i, b_j) with a = linspace(−1, 1, H) along the first
 * axis and b = linspace(1, −1, W) along the second, flattened row-major to (H·W) × 2 (AtomAI's and pyroVED's layout).
 */
import * as tf from '@tensorflow/tfjs';

/** Grid values as a plain array (H·W × 2, row-major). */
export function coordinateGridValues(height: number, width: number): Float32Array {
  const out = new Float32Array(height * width * 2);
  const step = (n: number) => (n > 1 ? 2 / (n - 1) : 0);
  for (let i = 0; i < height; i++) {
    for (let j = 0; j < width; j++) {
      const k = (i * width + j) * 2;
      out[k] = height > 1 ? -1 + i * step(height) : 0;
      out[k + 1] = width > 1 ? 1 - j * step(width) : 0;
    }
  }
  return out;
}

export function coordinateGrid(height: number, width: number): tf.Tensor2D {
  return tf.tensor2d(coordinateGridValues(height, width), [height * width, 2]);
}
