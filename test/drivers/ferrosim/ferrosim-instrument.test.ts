import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FerrosimInstrument } from '../../../src/drivers/ferrosim/ferrosim-instrument.ts';
import { FerrosimConfigSchema } from '../../../src/drivers/instrument-config.ts';
import { imagesToLattice } from '../../../src/drivers/polarization-maps.ts';
import { createTwinSample } from '../../../src/drivers/twin/twin-sample.ts';
import { curlAbsSum } from '../../../src/sim/observables.ts';
import { simulate } from '../../../src/sim/simulate.ts';
import { evaluateTrajectory, fieldOnComponent, runTimeVector, withEquilibration } from '../../../src/sim/trajectories.ts';

const curve = withEquilibration(evaluateTrajectory({ A: 0.5, alpha: 1, omega: 2.4 * Math.PI, B: 0.1 }));

describe('FerrosimInstrument', () => {
  it('poles exactly as simulate() does on the W2 grid (Ec units, field on y, t = k/899)', async () => {
    const cfg = FerrosimConfigSchema.parse({ kind: 'ferrosim', execution: 'inline' });
    const inst = new FerrosimInstrument(cfg);
    await inst.connect();
    const m = await inst.measure({ kind: 'pole', field: curve, units: 'Ec', dtMs: 1 });
    const sample = createTwinSample(cfg.twin);
    const direct = simulate({
      n: 20, k: 1, depAlpha: 0.2, defects: sample.defects, init: { kind: 'explicit', p: sample.initial },
      timeVec: runTimeVector(), field: fieldOnComponent(curve, 1),
    });
    const { state } = imagesToLattice(m.arrays.PX, m.arrays.PY);
    assert.deepEqual(state, direct.pFinal);
    assert.equal(curlAbsSum(state, 20), curlAbsSum(direct.pFinal, 20));
  });

  it('converts volts with voltsPerEc and runs the same on the worker as inline', async () => {
    const inline = new FerrosimInstrument(FerrosimConfigSchema.parse({ kind: 'ferrosim', execution: 'inline' }));
    const worker = new FerrosimInstrument(FerrosimConfigSchema.parse({ kind: 'ferrosim', voltsPerEc: 40 }));
    await inline.connect();
    await worker.connect();
    try {
      const a = await inline.measure({ kind: 'pole', field: curve, units: 'Ec', dtMs: 1 });
      const b = await worker.measure({ kind: 'pole', field: curve.map((v) => 40 * v), units: 'V', dtMs: 1 });
      // 40·v/40 may differ from v in the last bit; the map is smooth, so 1e-12 is generous.
      for (let i = 0; i < 400; i++) assert.ok(Math.abs(a.arrays.PY.data[i] - b.arrays.PY.data[i]) < 1e-12);
    } finally {
      await worker.close();
    }
  });

  it("keeps the state between poles under polePolicy 'persist' and restarts under 'reset'", async () => {
    const results = [];
    for (const polePolicy of ['reset', 'persist'] as const) {
      const inst = new FerrosimInstrument(FerrosimConfigSchema.parse({ kind: 'ferrosim', execution: 'inline', polePolicy }));
      await inst.connect();
      const cmd = { kind: 'pole', field: curve, units: 'Ec', dtMs: 1 } as const;
      const first = await inst.measure(cmd);
      const second = await inst.measure(cmd);
      results.push({ first: first.arrays.PY.data, second: second.arrays.PY.data });
    }
    assert.deepEqual(results[0].first, results[0].second);
    assert.deepEqual(results[1].first, results[0].first);
    assert.notDeepEqual(results[1].second, results[1].first);
  });

  it('scans the state the last pole left, at the requested pixels', async () => {
    const inst = new FerrosimInstrument(FerrosimConfigSchema.parse({ kind: 'ferrosim', execution: 'inline' }));
    await inst.connect();
    const pole = await inst.measure({ kind: 'pole', field: curve, units: 'Ec', dtMs: 1 });
    const scan = await inst.measure({ kind: 'scan', channels: ['PY', 'AMPL'] });
    assert.deepEqual(scan.arrays.PY.shape, [20, 20]);
    assert.deepEqual(scan.arrays.PY.data, pole.arrays.PY.data);
    const up = await inst.measure({ kind: 'scan', channels: ['PY'], pixels: [40, 40] });
    // 40 × 40 pixels over a 20 × 20 lattice: pixel (2i, 2j) samples site (i, j).
    assert.equal(up.arrays.PY.data[2 * 40 * 3 + 2 * 5], pole.arrays.PY.data[3 * 20 + 5]);
  });

  it('switching spectroscopy returns bias, on- and off-field responses that follow the bias', async () => {
    const inst = new FerrosimInstrument(FerrosimConfigSchema.parse({ kind: 'ferrosim', execution: 'inline' }));
    await inst.connect();
    const m = 40;
    const waveform = Float64Array.from({ length: m }, (_, k) => 8 * Math.sin((2 * Math.PI * k) / m));
    const r = await inst.measure({ kind: 'spectroscopy', x: 2.5, y: 2.5, waveform, dtMs: 1 });
    const d = r.arrays.loop.data;
    assert.deepEqual(d.subarray(0, m), waveform);
    const on = d.subarray(m, 2 * m);
    // Positive bias pushes the local Py up, negative bias down.
    assert.ok(on[m / 4] > 0.05 && on[(3 * m) / 4] < -0.05, `on-field at ±peak: ${on[m / 4]}, ${on[(3 * m) / 4]}`);
    // Hysteresis: at zero bias the response remembers the last peak (after + it is above, after − below).
    assert.ok(on[m / 2] > on[m - 1], `remanence ${on[m / 2]} vs ${on[m - 1]}`);
  });
});
