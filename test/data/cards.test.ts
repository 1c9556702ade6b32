import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateCards, renderGlyph, SUITS } from '../../src/data/cards.ts';

test('cards are seeded: the same options give the same pixels and factors, another seed others', () => {
  const a = generateCards({ count: 40, size: 32, seed: 3 });
  const b = generateCards({ count: 40, size: 32, seed: 3 });
  const c = generateCards({ count: 40, size: 32, seed: 4 });
  assert.deepEqual(a.images, b.images);
  assert.deepEqual(a.angles, b.angles);
  assert.notDeepEqual(a.images, c.images);
});

test('factors stay within the requested ranges and suits come in equal shares', () => {
  const d = generateCards({ count: 400, size: 24, seed: 1, maxRotationDeg: 120, maxShearDeg: 20 });
  const counts = [0, 0, 0, 0];
  d.labels.forEach((l) => counts[l]++);
  assert.deepEqual(counts, [100, 100, 100, 100]);
  assert.ok(d.angles.every((a) => Math.abs(a) <= (120 * Math.PI) / 180));
  assert.ok(d.shears.every((s) => Math.abs(s) <= (20 * Math.PI) / 180));
  // Rotations cover the range: some beyond ±100° (the draw is uniform, 400 draws).
  assert.ok(d.angles.some((a) => a > (100 * Math.PI) / 180) && d.angles.some((a) => a < (-100 * Math.PI) / 180));
  assert.ok(d.images.every((v) => v >= 0 && v <= 1));
});

test('each upright glyph is mirror-symmetric, the suits differ, and a half turn changes all but the diamond', () => {
  const size = 48;
  const draw = (suit: number, angle: number) => {
    const img = new Float32Array(size * size);
    renderGlyph(img, size, suit, angle, 0, 0, 0);
    return img;
  };
  const mirrored = (img: Float32Array) => img.map((_, i) => img[Math.floor(i / size) * size + (size - 1 - (i % size))]);
  const distance = (p: Float32Array, q: Float32Array) => p.reduce((s, v, i) => s + Math.abs(v - q[i]), 0);
  const upright = SUITS.map((_, k) => draw(k, 0));
  for (const img of upright) assert.ok(distance(img, mirrored(img)) < 1e-9);
  for (let i = 0; i < 4; i++) for (let j = i + 1; j < 4; j++) assert.ok(distance(upright[i], upright[j]) > 50, `${SUITS[i]} vs ${SUITS[j]}`);
  for (let k = 0; k < 4; k++) {
    const turned = distance(upright[k], draw(k, Math.PI));
    // The 3×3 supersampling positions are symmetric about the centre, so a half turn of the diamond is exact.
    if (k === 2) assert.ok(turned < 1e-6, 'diamond');
    else assert.ok(turned > 50, SUITS[k]);
  }
});

test('options are validated with a path in the message', () => {
  assert.throws(() => generateCards({ size: 4 }), /cards\.size/);
  assert.throws(() => generateCards({ count: 1e9 }), /cards\.count/);
});
