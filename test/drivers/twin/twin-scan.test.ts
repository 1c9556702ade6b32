import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DigitalTwin } from '../../../src/drivers/twin/digital-twin.ts';
import { TwinConfigSchema } from '../../../src/drivers/twin/twin-config.ts';
import { scanTwin } from '../../../src/drivers/twin/twin-scan.ts';
import { createTwinSample } from '../../../src/drivers/twin/twin-sample.ts';

describe('scanTwin', () => {
  const cfg = TwinConfigSchema.parse({ n: 8, sizeUm: 4 });
  const sample = createTwinSample(cfg);

  it('maps pixel (ix, iy) to site (i = x, j = y) and derives AMPL and PHAS from Px, Py', () => {
    const img = scanTwin(cfg, sample.initial, sample.topography, { channels: ['PX', 'PY', 'AMPL', 'PHAS', 'TOPO'], nx: 8, ny: 8, sizeUm: 4, noiseSeed: 1 });
    const [i, j] = [5, 2];
    const q = j * 8 + i;
    assert.equal(img.PX[q], sample.initial[i * 8 + j]);
    assert.equal(img.PY[q], sample.initial[64 + i * 8 + j]);
    assert.equal(img.AMPL[q], Math.hypot(img.PX[q], img.PY[q]));
    assert.equal(img.PHAS[q], (Math.atan2(img.PY[q], img.PX[q]) * 180) / Math.PI);
    assert.equal(img.TOPO[q], sample.topography[i * 8 + j]);
  });

  it('a half-size scan zooms into the corner at the origin', () => {
    const img = scanTwin(cfg, sample.initial, sample.topography, { channels: ['PX'], nx: 8, ny: 8, sizeUm: 2, noiseSeed: 1 });
    // 8 pixels over 2 µm = 4 sites: pixel 7 (centre 1.875 µm) is site 3.
    assert.equal(img.PX[7 * 8 + 7], sample.initial[3 * 8 + 3]);
  });

  it('adds seeded noise: the same seed repeats, another seed differs, σ matches scanNoise', () => {
    const noisy = TwinConfigSchema.parse({ n: 8, scanNoise: 0.05 });
    const a = scanTwin(noisy, sample.initial, sample.topography, { channels: ['PX'], nx: 64, ny: 64, sizeUm: 5, noiseSeed: 9 }).PX;
    const b = scanTwin(noisy, sample.initial, sample.topography, { channels: ['PX'], nx: 64, ny: 64, sizeUm: 5, noiseSeed: 9 }).PX;
    const c = scanTwin(noisy, sample.initial, sample.topography, { channels: ['PX'], nx: 64, ny: 64, sizeUm: 5, noiseSeed: 10 }).PX;
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
    let ss = 0;
    for (let q = 0; q < a.length; q++) ss += (a[q] - c[q]) ** 2;
    // a − c has σ = 0.05·√2; over 4096 pixels the estimate is within ~3 % (1σ ≈ 1.1 %).
    const sigma = Math.sqrt(ss / a.length / 2);
    assert.ok(Math.abs(sigma - 0.05) < 0.0025, `σ = ${sigma}`);
  });
});

describe('DigitalTwin', () => {
  it("under 'persist', spectroscopy leaves its mark near the tip and hardly any far away", async () => {
    const twin = new DigitalTwin(TwinConfigSchema.parse({ n: 24, sizeUm: 6, tipRadiusUm: 0.5 }), 'inline', 'persist');
    const before = twin.snapshot();
    await twin.spectroscopy(1.5, 1.5, Float64Array.from({ length: 8 }, () => 8));
    const after = twin.snapshot();
    const dPy = (i: number, j: number): number => after[576 + i * 24 + j] - before[576 + i * 24 + j];
    // Site (5, 5) sits under the tip (1.5 µm / 0.25 µm per site − 0.5); (20, 20) is 4.9 µm ≈ 10 R away.
    assert.ok(dPy(5, 5) > 0.1, `near: ${dPy(5, 5)}`);
    assert.ok(Math.abs(dPy(20, 20)) < 0.2 * dPy(5, 5), `far: ${dPy(20, 20)}`);
  });
});
