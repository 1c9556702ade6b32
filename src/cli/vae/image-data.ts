/**
 * The image stacks `ferroloop vae` reads: the procedural cards (`cards`) or a numpy `.npy` stack (N × H × W, or
 * N × L spectra read as 1 × L images), with labels from `.npy` (N integers, −1 = unknown) or a one-column CSV.
 */
import { readFile } from 'node:fs/promises';
import { InputError } from '../../errors.ts';
import { generateCards, type CardsOptions } from '../../data/cards.ts';
import { parseNpy } from '../../data/npy.ts';
import { parseNumericCsv } from '../../data/csv.ts';

/** Most bytes read from a user's `.npy` (2 GiB: a typed array's practical limit here). */
const MAX_NPY_BYTES = 2 ** 31 - 1;

export interface ImageStack {
  readonly count: number;
  readonly height: number;
  readonly width: number;
  readonly images: Float32Array | Float64Array | Uint8Array;
  readonly labels?: Int32Array;
  /** Known factors of generated data (cards): angle (radians) and shear per image. */
  readonly angles?: Float64Array;
  readonly source: string;
}

/** Loads `--data` (cards or a .npy path) and optional `--labels`. */
export async function loadImageStack(data: string, labelsPath: string | undefined, cards: CardsOptions): Promise<ImageStack> {
  let stack: ImageStack;
  if (data === 'cards') {
    const d = generateCards(cards);
    stack = { count: d.count, height: d.size, width: d.size, images: d.images, labels: d.labels, angles: d.angles, source: 'cards' };
  } else {
    const array = parseNpy(await readBounded(data), data);
    if (array.shape.length !== 3 && array.shape.length !== 2) {
      throw new InputError(data, `expected an N×H×W image stack or N×L spectra, got shape (${array.shape.join(', ')})`);
    }
    const [count, a, b] = array.shape;
    stack = array.shape.length === 3
      ? { count, height: a, width: b, images: array.data, source: data }
      : { count, height: 1, width: a, images: array.data, source: data };
  }
  if (labelsPath === undefined) return stack;
  const labels = await loadLabels(labelsPath);
  if (labels.length !== stack.count) throw new InputError(labelsPath, `${labels.length} labels for ${stack.count} images`);
  return { ...stack, labels };
}

/** Integer labels from `.npy` or a CSV whose first column holds them (−1 = unknown). */
export async function loadLabels(path: string): Promise<Int32Array> {
  let values: ArrayLike<number>;
  if (path.endsWith('.npy')) {
    values = parseNpy(await readBounded(path), path).data;
  } else {
    const table = parseNumericCsv(new TextDecoder('utf-8', { fatal: true }).decode(await readBounded(path)), path);
    values = Float64Array.from({ length: table.values.rows }, (_, r) => table.values.data[r * table.values.cols]);
  }
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isInteger(v) || v < -1) throw new InputError(path, `label ${i} is ${v}; labels are integers 0…K−1, or −1 for unknown`);
    out[i] = v;
  }
  return out;
}

async function readBounded(path: string): Promise<Uint8Array> {
  try {
    const bytes = await readFile(path);
    if (bytes.length > MAX_NPY_BYTES) throw new InputError(path, `file is larger than ${MAX_NPY_BYTES} bytes`);
    return bytes;
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(path, code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? (err as Error).message})`, { code: 'FILE_UNREADABLE' });
  }
}
