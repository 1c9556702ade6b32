import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { formatNpz, parseNpz } from '../../src/data/npz.ts';
import { formatPairsNpz, parsePairsNpz, type PairedData } from '../../src/data/pairs-npz.ts';
import { InputError } from '../../src/errors.ts';

/** A .npy v1.0 file as numpy writes it: magic, version, header dict padded with spaces to a 64-byte boundary, '\n'. */
function npy(descr: string, shape: number[], body: Uint8Array): Uint8Array {
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const total = Math.ceil((10 + dict.length + 1) / 64) * 64;
  const header = dict + ' '.repeat(total - 10 - dict.length - 1) + '\n';
  const out = new Uint8Array(total + body.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 0xff, header.length >> 8]);
  out.set(Buffer.from(header, 'latin1'), 10);
  out.set(body, total);
  return out;
}

function crc32(data: Uint8Array): number {
  let c = ~0;
  for (const b of data) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

/**
 * A zip as numpy's np.savez writes it through Python's zipfile (force_zip64=True): each local header carries a
 * zip64 extra field (0x0001) with the sizes, the central directory the plain 32-bit sizes. `deflate` mimics
 * np.savez_compressed.
 */
function numpyZip(entries: [string, Uint8Array][], deflate = false): Uint8Array {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of entries) {
    const stored = deflate ? deflateRawSync(data) : Buffer.from(data);
    const fname = Buffer.from(name);
    const extra = Buffer.alloc(20);
    extra.writeUInt16LE(1, 0);
    extra.writeUInt16LE(16, 2);
    extra.writeBigUInt64LE(BigInt(data.length), 4);
    extra.writeBigUInt64LE(BigInt(stored.length), 12);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(45, 4);
    local.writeUInt16LE(deflate ? 8 : 0, 8);
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(0xffffffff, 18);
    local.writeUInt32LE(0xffffffff, 22);
    local.writeUInt16LE(fname.length, 26);
    local.writeUInt16LE(extra.length, 28);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(45, 4);
    dir.writeUInt16LE(45, 6);
    dir.writeUInt16LE(deflate ? 8 : 0, 10);
    dir.writeUInt16LE(0x21, 14);
    dir.writeUInt32LE(crc32(data), 16);
    dir.writeUInt32LE(stored.length, 20);
    dir.writeUInt32LE(data.length, 24);
    dir.writeUInt16LE(fname.length, 28);
    dir.writeUInt32LE(offset, 42);
    central.push(dir, fname);
    parts.push(local, fname, extra, stored);
    offset += local.length + fname.length + extra.length + stored.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...parts, cd, end]));
}

const f8 = (values: number[]) => new Uint8Array(Float64Array.from(values).buffer);
const i8 = (values: number[]) => new Uint8Array(BigInt64Array.from(values.map(BigInt)).buffer);

test('reads an .npz with numpy\'s layout (stored and deflated, zip64 local headers)', () => {
  for (const deflate of [false, true]) {
    const bytes = numpyZip([
      ['a.npy', npy('<f8', [2, 3], f8([0.5, -1, 2, 3, 4, 5]))],
      ['labels.npy', npy('<i8', [4], i8([0, 1, -1, 3]))],
    ], deflate);
    const arrays = parseNpz(bytes, 'np.npz');
    assert.deepEqual(Object.keys(arrays), ['a', 'labels']);
    assert.deepEqual(arrays.a.shape, [2, 3]);
    assert.deepEqual(Array.from(arrays.a.data), [0.5, -1, 2, 3, 4, 5]);
    assert.deepEqual(Array.from(arrays.labels.data), [0, 1, -1, 3]);
  }
});

test('reads paired data numpy wrote (float64 arrays kept as float32; bias and descriptor optional)', () => {
  const structure = Array.from({ length: 3 * 2 * 2 }, (_, i) => i / 4);
  const spectra = Array.from({ length: 3 * 5 }, (_, i) => -i / 8);
  const p = parsePairsNpz(numpyZip([['structure.npy', npy('<f8', [3, 2, 2], f8(structure))], ['spectra.npy', npy('<f8', [3, 5], f8(spectra))]]), 'p.npz');
  assert.deepEqual([p.count, p.patch, p.points], [3, 2, 5]);
  assert.deepEqual(Array.from(p.structure), structure);
  assert.deepEqual(Array.from(p.spectra), spectra);
  assert.deepEqual(Array.from(p.bias), [0, 1, 2, 3, 4]);
  assert.ok(p.descriptor.every(Number.isNaN));
  assert.equal(p.pixels, undefined);
});

test('paired data round-trips through formatPairsNpz, byte-identical on re-format', () => {
  const p: PairedData = {
    count: 2, patch: 3, points: 4,
    structure: Float32Array.from({ length: 18 }, (_, i) => Math.sin(i)), spectra: Float32Array.from({ length: 8 }, (_, i) => Math.cos(i)),
    bias: Float32Array.from([-1, 0, 1, 0]), descriptor: Float32Array.from([0.25, 0.5]), pixels: Float32Array.from([4, 5, 6, 7]),
  };
  const bytes = formatPairsNpz(p);
  const back = parsePairsNpz(bytes, 'rt.npz');
  assert.deepEqual(back, p);
  assert.deepEqual(formatPairsNpz(back), bytes);
  // The archive numpy's reader sees: stored entries named NAME.npy.
  assert.deepEqual(Object.keys(parseNpz(bytes, 'rt.npz')), ['structure', 'spectra', 'bias', 'descriptor', 'pixels']);
  assert.deepEqual(Array.from(formatNpz({ x: { shape: [1], dtype: 'uint8', data: Uint8Array.of(7) } }).subarray(0, 2)), [0x50, 0x4b]);
});

test('multi-channel pairs: structure N × C × P × P (numpy-written float64 and a round trip)', () => {
  const structure = Array.from({ length: 2 * 3 * 2 * 2 }, (_, i) => i / 8);
  const p = parsePairsNpz(numpyZip([['structure.npy', npy('<f8', [2, 3, 2, 2], f8(structure))], ['spectra.npy', npy('<f8', [2, 4], f8([1, 2, 3, 4, 5, 6, 7, 8]))]]), 'c.npz');
  assert.deepEqual([p.count, p.channels, p.patch, p.points], [2, 3, 2, 4]);
  assert.deepEqual(Array.from(p.structure), structure);
  const bytes = formatPairsNpz(p);
  assert.deepEqual(parseNpz(bytes, 'c.npz').structure.shape, [2, 3, 2, 2]);
  assert.deepEqual(parsePairsNpz(bytes, 'c.npz'), p);
  const notSquare = numpyZip([['structure.npy', npy('<f8', [1, 2, 1, 2], f8([1, 2, 3, 4]))], ['spectra.npy', npy('<f8', [1, 2], f8([1, 2]))]]);
  assert.throws(() => parsePairsNpz(notSquare, 'c.npz'), /c\.npz:structure: patches must be square/);
});

test('bad archives and shapes are InputErrors naming the file and array', () => {
  assert.throws(() => parseNpz(Uint8Array.of(1, 2, 3, 4), 'x.npz'), (e: unknown) => e instanceof InputError && e.code === 'INPUT_INVALID' && /x\.npz: not a \.npz/.test(e.message));
  assert.throws(() => parseNpz(Uint8Array.of(0x50, 0x4b, 3, 4, 5, 6), 'y.npz'), /y\.npz: unreadable zip/);
  const noSpectra = numpyZip([['structure.npy', npy('<f8', [1, 2, 2], f8([1, 2, 3, 4]))]]);
  assert.throws(() => parsePairsNpz(noSpectra, 'p.npz'), /p\.npz: no array 'spectra' \(has structure\)/);
  const notSquare = numpyZip([['structure.npy', npy('<f8', [1, 1, 2], f8([1, 2]))], ['spectra.npy', npy('<f8', [1, 2], f8([1, 2]))]]);
  assert.throws(() => parsePairsNpz(notSquare, 'p.npz'), /p\.npz:structure: patches must be square/);
  const mismatch = numpyZip([['structure.npy', npy('<f8', [1, 1, 1], f8([1]))], ['spectra.npy', npy('<f8', [2, 2], f8([1, 2, 3, 4]))]]);
  assert.throws(() => parsePairsNpz(mismatch, 'p.npz'), /p\.npz:spectra: 2 spectra for 1 patches/);
  assert.throws(() => formatNpz({ 'bad name': { shape: [1], dtype: 'uint8', data: Uint8Array.of(1) } }), RangeError);
});
