import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TwinConfigSchema } from '../../../src/drivers/twin/twin-config.ts';
import { createTwinSample, gaussianBlur } from '../../../src/drivers/twin/twin-sample.ts';

function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0; let mb = 0;
  for (let i = 0; i < n; i++) { ma += a[i] / n; mb += b[i] / n; }
  let sab = 0; let saa = 0; let sbb = 0;
  for (let i = 0; i < n; i++) { sab += (a[i] - ma) * (b[i] - mb); saa += (a[i] - ma) ** 2; sbb += (b[i] - mb) ** 2; }
  return sab / Math.sqrt(saa * sbb);
}

describe('createTwinSample', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const a = createTwinSample(TwinConfigSchema.parse({ seed: 5 }));
    const b = createTwinSample(TwinConfigSchema.parse({ seed: 5 }));
    const c = createTwinSample(TwinConfigSchema.parse({ seed: 6 }));
    assert.deepEqual(a, b);
    assert.notDeepEqual(a.defects, c.defects);
  });

  it('places defectFraction · N defects of amplitude ≤ defectAmplitude', () => {
    const s = createTwinSample(TwinConfigSchema.parse({ n: 30, defectFraction: 0.2, defectAmplitude: 2 }));
    let count = 0;
    for (let i = 0; i < 900; i++) {
      if (s.defects[2 * i] !== 0 || s.defects[2 * i + 1] !== 0) count++;
      assert.ok(Math.abs(s.defects[2 * i]) <= 2 && Math.abs(s.defects[2 * i + 1]) <= 2);
    }
    assert.equal(count, 180);
  });

  it('has a topography correlated with the blurred defect strength (the structure DKL learns from)', () => {
    const s = createTwinSample(TwinConfigSchema.parse({ n: 48, seed: 3 }));
    const strength = new Float64Array(48 * 48);
    for (let i = 0; i < strength.length; i++) strength[i] = Math.hypot(s.defects[2 * i], s.defects[2 * i + 1]);
    // Hillocks sit on the defects: height follows the local defect density (strength blurred over σ = 2 sites,
    // not the generator's σ = 1.5) closely; the roughness term (15 % weight) keeps it from being exact.
    const r = correlation(gaussianBlur(strength, 48, 2), s.topography);
    assert.ok(r > 0.8 && r < 0.999, `correlation ${r}`);
  });
});
