import { readFile, writeFile } from 'node:fs/promises';
import { InputError } from '../errors.ts';
import { type TrajectorySet, curvesFromParams } from '../sim/trajectories.ts';

/**
 * Compact trajectory file: the line `FLTRJ1 {"seed":…,"count":…,"samples":…}\n`, then count × 4
 * little-endian float64 parameters (A, α, ω, B). Curves are exact functions of the parameters, so
 * they are recomputed on load: 7 500 trajectories take 240 KB instead of 27 MB of float32 samples.
 */
const MAGIC = 'FLTRJ1';

/** Encodes a trajectory set (parameters only). */
export function encodeTrajectorySet(set: TrajectorySet): Uint8Array {
  const header = Buffer.from(`${MAGIC} ${JSON.stringify({ seed: set.seed, count: set.count, samples: set.samples })}\n`);
  const body = Buffer.alloc(set.count * 4 * 8);
  for (let i = 0; i < set.count * 4; i++) body.writeDoubleLE(set.params[i], i * 8);
  return Buffer.concat([header, body]);
}

/** Decodes a trajectory file; throws InputError on a bad header or a truncated body. */
export function decodeTrajectorySet(bytes: Uint8Array): TrajectorySet {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const newline = buf.indexOf(10);
  const headerText = newline > 0 ? buf.subarray(0, newline).toString('utf8') : '';
  if (!headerText.startsWith(`${MAGIC} `)) throw new InputError('header', `not a ferroloop trajectory file (expected ${MAGIC})`);
  let header: { seed: number; count: number; samples: number };
  try {
    header = JSON.parse(headerText.slice(MAGIC.length + 1));
  } catch {
    throw new InputError('header', 'unreadable header JSON');
  }
  const { seed, count, samples } = header;
  if (!Number.isInteger(count) || count < 0 || !Number.isInteger(samples) || samples < 2) {
    throw new InputError('header', 'count and samples must be non-negative integers');
  }
  const body = buf.subarray(newline + 1);
  if (body.length !== count * 32) throw new InputError('body', `expected ${count * 32} bytes of parameters, got ${body.length}`);
  const params = new Float64Array(count * 4);
  for (let i = 0; i < count * 4; i++) params[i] = body.readDoubleLE(i * 8);
  return { seed, count, samples, params, curves: curvesFromParams(params, count, samples) };
}

/** Writes a trajectory set to a file. */
export async function saveTrajectorySet(path: string, set: TrajectorySet): Promise<void> {
  await writeFile(path, encodeTrajectorySet(set));
}

/** Reads a trajectory set from a file. */
export async function loadTrajectorySet(path: string): Promise<TrajectorySet> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new InputError(path, `cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'})`, { cause: err, code: 'FILE_UNREADABLE' });
  }
  return decodeTrajectorySet(bytes);
}
