import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatNpy, parseNpy } from '../../src/data/npy.ts';
import { fixturesDir } from '../helpers/repo-paths.ts';

const dir = join(fixturesDir, 'npy');
const load = (name: string) => readFileSync(join(dir, name));
/** The values numpy saved: np.arange(24).reshape(2, 3, 4) / 8 − 1 (exact in binary floating point). */
const expected = Array.from({ length: 24 }, (_, i) => i / 8 - 1);

test('reads float64, float32, big-endian and version-3 files numpy wrote', () => {
  for (const name of ['f8_2x3x4.npy', 'f4_2x3x4.npy', 'f8_big_endian.npy', 'v3_header.npy']) {
    const a = parseNpy(load(name), name);
    assert.deepEqual(a.shape, [2, 3, 4], name);
    assert.deepEqual(Array.from(a.data), expected, name);
  }
  assert.equal(parseNpy(load('f4_2x3x4.npy'), 'f4').dtype, 'float32');
});

test('reads uint8 images, int64 labels, int32 and 0-d arrays', () => {
  const u = parseNpy(load('u1_3x5.npy'), 'u1');
  assert.equal(u.dtype, 'uint8');
  assert.deepEqual(u.shape, [3, 5]);
  assert.deepEqual(Array.from(u.data), Array.from({ length: 15 }, (_, i) => i * 17));
  assert.deepEqual(Array.from(parseNpy(load('i8_labels.npy'), 'i8').data), [0, 1, 2, 3, 3, 2, 1, 0]);
  assert.deepEqual(Array.from(parseNpy(load('i4_1d.npy'), 'i4').data), [-3, 7, 2 ** 31 - 1]);
  const s = parseNpy(load('f8_scalar.npy'), 's');
  assert.deepEqual(s.shape, []);
  assert.deepEqual(Array.from(s.data), [2.5]);
});

test('writes the bytes numpy writes (so np.load reads them)', () => {
  const a = { shape: [2, 3, 4], dtype: 'float64' as const, data: Float64Array.from(expected) };
  assert.deepEqual(Buffer.from(formatNpy(a)), load('f8_2x3x4.npy'));
  const f = { shape: [2, 3, 4], dtype: 'float32' as const, data: Float32Array.from(expected) };
  assert.deepEqual(Buffer.from(formatNpy(f)), load('f4_2x3x4.npy'));
  const u = { shape: [3, 5], dtype: 'uint8' as const, data: Uint8Array.from({ length: 15 }, (_, i) => i * 17) };
  assert.deepEqual(Buffer.from(formatNpy(u)), load('u1_3x5.npy'));
});

test('refuses what it cannot read with one clear line naming the file', () => {
  assert.throws(() => parseNpy(load('f4_fortran.npy'), 'x.npy'), /x\.npy: Fortran-ordered.*C order/);
  assert.throws(() => parseNpy(new TextEncoder().encode('hello world'), 'h.npy'), /h\.npy: not a \.npy file/);
  const truncated = load('f8_2x3x4.npy').subarray(0, 200);
  assert.throws(() => parseNpy(truncated, 't.npy'), /t\.npy: truncated data: shape \(2, 3, 4\) needs 192 bytes, the file has 72/);
  const complex = Buffer.from(load('f8_2x3x4.npy'));
  complex.write("'<c8'", complex.indexOf("'<f8'"), 'latin1');
  assert.throws(() => parseNpy(complex, 'c.npy'), /c\.npy: unsupported dtype '<c8'/);
});
