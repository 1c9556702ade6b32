/**
 * numpy's `.npz` archives: a zip of `.npy` files, one per named array (`np.savez` names entry `NAME.npy`). Written
 * with stored (uncompressed) entries as `np.savez` does; read stored or deflated entries (`np.savez_compressed`)
 * through fflate. Arrays are parsed and formatted by ./npy.ts.
 */
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { InputError } from '../errors.ts';
import { formatNpy, parseNpy, type NpyArray } from './npy.ts';

/** Named arrays of an archive, in entry order. */
export type NpzArrays = Record<string, NpyArray>;

/** Fixed entry time (1980-01-01, the zip epoch) so the same arrays always give the same bytes. */
const ENTRY_TIME = new Date(1980, 0, 1, 0, 0, 0);

/** Serialises named arrays as `.npz` bytes (stored entries `NAME.npy`). */
export function formatNpz(arrays: NpzArrays): Uint8Array {
  const entries: Zippable = {};
  for (const [name, array] of Object.entries(arrays)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new RangeError(`npz: array name '${name}' is not a Python identifier`);
    entries[`${name}.npy`] = [formatNpy(array), { level: 0, mtime: ENTRY_TIME }];
  }
  return zipSync(entries, { level: 0, mtime: ENTRY_TIME });
}

/** Parses `.npz` bytes; `file` names the source in errors (InputError `file: …`). */
export function parseNpz(bytes: Uint8Array, file: string): NpzArrays {
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) throw new InputError(file, 'not a .npz file (not a zip archive)');
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (err) {
    throw new InputError(file, `unreadable zip archive: ${(err as Error).message}`, { cause: err });
  }
  const out: NpzArrays = {};
  for (const [name, data] of Object.entries(entries)) {
    if (name.endsWith('/')) continue;
    const key = name.endsWith('.npy') ? name.slice(0, -4) : name;
    out[key] = parseNpy(data, `${file}:${name}`);
  }
  return out;
}

/** The named array of an archive, with its expected rank; InputError naming the archive and the array otherwise. */
export function npzArray(arrays: NpzArrays, name: string, rank: number, file: string): NpyArray {
  const a = arrays[name];
  if (!a) throw new InputError(file, `no array '${name}' (has ${Object.keys(arrays).join(', ') || 'none'})`);
  if (a.shape.length !== rank) throw new InputError(`${file}:${name}`, `expected ${rank} dimensions, got shape (${a.shape.join(', ')})`);
  return a;
}
