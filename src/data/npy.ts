/**
 * numpy's `.npy` format (versions 1.0, 2.0 and 3.0), read and written in C order: a magic string, a version, a
 * little-endian header length, a Python-literal header dict {'descr', 'fortran_order', 'shape'} padded to 64 bytes,
 * then the raw array. Read: float32, float64, uint8, int8, int16, uint16, int32, int64 (as float64), bool, either
 * byte order. Written: float32 or float64 or uint8, little-endian, version 1.0 (3.0 only if the header needs it).
 */
import { InputError } from '../errors.ts';

/** An n-dimensional array: `shape` (row-major, C order) and its values flattened. */
export interface NpyArray {
  readonly shape: readonly number[];
  readonly dtype: NpyDtype;
  readonly data: Float32Array | Float64Array | Uint8Array;
}

/** The element types ferroloop keeps in memory: float32, float64 and uint8 (others are widened to float64). */
export type NpyDtype = 'float32' | 'float64' | 'uint8';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
/** Largest array read or written: 2^31 − 1 elements (a typed array's limit and a sane bound on a user file). */
export const NPY_MAX_ELEMENTS = 2 ** 31 - 1;

interface ElementReader {
  readonly bytes: number;
  readonly keep: NpyDtype;
  read(view: DataView, offset: number, littleEndian: boolean): number;
}

const READERS: Record<string, ElementReader> = {
  f4: { bytes: 4, keep: 'float32', read: (v, o, le) => v.getFloat32(o, le) },
  f8: { bytes: 8, keep: 'float64', read: (v, o, le) => v.getFloat64(o, le) },
  u1: { bytes: 1, keep: 'uint8', read: (v, o) => v.getUint8(o) },
  b1: { bytes: 1, keep: 'uint8', read: (v, o) => v.getUint8(o) },
  i1: { bytes: 1, keep: 'float64', read: (v, o) => v.getInt8(o) },
  i2: { bytes: 2, keep: 'float64', read: (v, o, le) => v.getInt16(o, le) },
  u2: { bytes: 2, keep: 'float64', read: (v, o, le) => v.getUint16(o, le) },
  i4: { bytes: 4, keep: 'float64', read: (v, o, le) => v.getInt32(o, le) },
  u4: { bytes: 4, keep: 'float64', read: (v, o, le) => v.getUint32(o, le) },
  i8: { bytes: 8, keep: 'float64', read: (v, o, le) => Number(v.getBigInt64(o, le)) },
};

/** Parses `.npy` bytes; `file` names the source in errors (InputError `file: …`). */
export function parseNpy(bytes: Uint8Array, file: string): NpyArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) throw new InputError(file, 'not a .npy file (missing the \\x93NUMPY magic)');
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLength: number;
  let headerStart: number;
  if (major === 1) {
    headerLength = view.getUint16(8, true);
    headerStart = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw new InputError(file, 'truncated .npy header');
    headerLength = view.getUint32(8, true);
    headerStart = 12;
  } else {
    throw new InputError(file, `unsupported .npy format version ${major}.${bytes[7]} (1.0, 2.0 and 3.0 are read)`);
  }
  const dataStart = headerStart + headerLength;
  if (dataStart > bytes.length) throw new InputError(file, 'truncated .npy header');
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(headerStart, dataStart));
  const { descr, fortranOrder, shape } = parseHeader(header, file);
  if (fortranOrder) throw new InputError(file, "Fortran-ordered arrays are not read; save with np.ascontiguousarray(a) (C order)");
  const match = /^([<>|=])([a-z]\d)$/.exec(descr);
  const reader = match ? READERS[match[2]] : undefined;
  if (!match || !reader) throw new InputError(file, `unsupported dtype '${descr}' (float32, float64, uint8, bool and integers are read)`);
  const littleEndian = match[1] !== '>';
  const count = shape.reduce((a, b) => a * b, 1);
  if (count > NPY_MAX_ELEMENTS) throw new InputError(file, `array of ${count} elements exceeds the limit of ${NPY_MAX_ELEMENTS}`);
  const need = count * reader.bytes;
  if (bytes.length - dataStart < need) {
    throw new InputError(file, `truncated data: shape (${shape.join(', ')}) needs ${need} bytes, the file has ${bytes.length - dataStart}`);
  }
  const data = allocate(reader.keep, count);
  for (let i = 0; i < count; i++) data[i] = reader.read(view, dataStart + i * reader.bytes, littleEndian);
  return { shape, dtype: reader.keep, data };
}

/** Serialises an array as `.npy` bytes (little-endian, C order). */
export function formatNpy(array: NpyArray): Uint8Array {
  const count = array.shape.reduce((a, b) => a * b, 1);
  if (count !== array.data.length) throw new RangeError(`npy: shape (${array.shape.join(', ')}) holds ${count} values, data has ${array.data.length}`);
  const descr = array.dtype === 'float32' ? '<f4' : array.dtype === 'float64' ? '<f8' : '|u1';
  const shapeText = array.shape.length === 1 ? `(${array.shape[0]},)` : `(${array.shape.join(', ')})`;
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const long = dict.length + 12 > 65535;
  const prefix = long ? 12 : 10;
  const padded = Math.ceil((prefix + dict.length + 1) / 64) * 64;
  const header = dict + ' '.repeat(padded - prefix - dict.length - 1) + '\n';
  const elementBytes = array.dtype === 'float32' ? 4 : array.dtype === 'float64' ? 8 : 1;
  const out = new Uint8Array(padded + count * elementBytes);
  out.set(MAGIC, 0);
  out[6] = long ? 2 : 1;
  out[7] = 0;
  const view = new DataView(out.buffer);
  if (long) view.setUint32(8, header.length, true);
  else view.setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[prefix + i] = header.charCodeAt(i);
  for (let i = 0; i < count; i++) {
    const offset = padded + i * elementBytes;
    if (array.dtype === 'float32') view.setFloat32(offset, array.data[i], true);
    else if (array.dtype === 'float64') view.setFloat64(offset, array.data[i], true);
    else view.setUint8(offset, array.data[i]);
  }
  return out;
}

function allocate(dtype: NpyDtype, count: number): Float32Array | Float64Array | Uint8Array {
  if (dtype === 'float32') return new Float32Array(count);
  if (dtype === 'uint8') return new Uint8Array(count);
  return new Float64Array(count);
}

/** Reads numpy's header dict literal without eval: the three keys numpy writes, in any order. */
function parseHeader(text: string, file: string): { descr: string; fortranOrder: boolean; shape: number[] } {
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(text)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new InputError(file, "malformed .npy header (expected 'descr', 'fortran_order' and 'shape'; structured dtypes are not read)");
  }
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => {
      const n = Number(s.replace(/L$/, ''));
      if (!Number.isSafeInteger(n) || n < 0) throw new InputError(file, `malformed .npy shape (${shapeText})`);
      return n;
    });
  return { descr, fortranOrder: fortran === 'True', shape };
}
