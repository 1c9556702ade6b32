import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { SampleActionError, ScpiError } from '../../../src/drivers/errors.ts';
import { FerrosimInstrument } from '../../../src/drivers/ferrosim/ferrosim-instrument.ts';
import type { PoleCommand } from '../../../src/drivers/instrument.ts';
import { FerrosimConfigSchema, PolingSerialConfigSchema } from '../../../src/drivers/instrument-config.ts';
import { appliedVolts, planWaveform } from '../../../src/drivers/serial/poling-protocol.ts';
import { evaluateTrajectory, withEquilibration } from '../../../src/sim/trajectories.ts';
import { hasCode } from '../../../src/testing/instrument-contract.ts';
import { createMemoryRig, type MemoryRig, RIG, serialConfig } from './memory-rig.ts';

const curveEc = withEquilibration(evaluateTrajectory({ A: 0.6, alpha: 1.2, omega: 2.2 * Math.PI, B: 0.2 }));
const poleEc = (field = curveEc): PoleCommand => ({ kind: 'pole', field, units: 'Ec', dtMs: 0.01 });

let rigs: MemoryRig[] = [];
async function rig(...args: Parameters<typeof createMemoryRig>): Promise<MemoryRig> {
  const r = await createMemoryRig(...args);
  rigs.push(r);
  await r.instrument.connect();
  return r;
}
afterEach(async () => {
  for (const r of rigs) { await r.instrument.close(); await r.cleanup(); }
  rigs = [];
});

describe('poling protocol', () => {
  const cfg = PolingSerialConfigSchema.parse(serialConfig('poling-serial'));

  it('normalises a trajectory to [−1, 1] with offset and Vpp so that the amplified output reproduces it', () => {
    const volts = Float64Array.from({ length: 100 }, (_, t) => 50 + 120 * Math.sin(t / 9));
    const plan = planWaveform(volts, 0.5, cfg);
    assert.equal(plan.srat, 2000);
    assert.equal(plan.durationMs, 50);
    assert.ok(Math.max(...plan.samples) <= 1 && Math.min(...plan.samples) >= -1);
    const back = appliedVolts(plan, cfg.amplifier.gain);
    // float32 samples: |error| ≤ gain · Vpp/2 · 2^−24 ≈ 1e−5 V here.
    for (let t = 0; t < 100; t++) assert.ok(Math.abs(back[t] - volts[t]) < 1e-5);
  });

  it('refuses a waveform beyond the generator range even when the amplifier limits allow it', () => {
    const low = PolingSerialConfigSchema.parse(serialConfig('poling-serial', undefined, { amplifier: { gain: 10, maxVolts: 400 } }));
    assert.throws(() => planWaveform(Float64Array.of(0, 300, 0, -300), 1, low), /generator amplitude 60.00 Vpp exceeds 20 Vpp/);
  });
});

describe('PolingInstrument over the virtual rig', () => {
  it('uploads a binary float32 waveform, fires one burst, and leaves the output off', async () => {
    const r = await rig('poling-serial');
    const m = await r.instrument.measure(poleEc());
    assert.equal(r.rig.bursts, 1);
    assert.equal(m.arrays.V.data.length, 950);
    // V = 40 V/Ec × field, through float32 samples.
    for (let t = 0; t < 950; t++) assert.ok(Math.abs(m.arrays.V.data[t] - 40 * curveEc[t]) < 1e-4);
    const log = r.rig.awg.log;
    assert.ok(log.some((l) => /^SOUR1:DATA:ARB FLPOLE,#<3800 bytes>$/.test(l)), log.join('\n'));
    assert.equal(log.at(-2), 'OUTP1 OFF');
    assert.equal(log.filter((l) => l === '*TRG').length, 1);
    assert.ok(log.indexOf('OUTP1 ON') < log.indexOf('*TRG'));
  });

  it('sets the generator to a high-Z load (OUTP1:LOAD INF) with the output off, before any amplitude', async () => {
    const r = await rig('poling-serial');
    await r.instrument.measure(poleEc());
    const log = r.rig.awg.log;
    const load = log.indexOf('OUTP1:LOAD INF');
    assert.ok(load > log.indexOf('OUTP1 OFF') && load >= 0, log.join('\n'));
    assert.ok(load < log.findIndex((l) => l.startsWith('SOUR1:VOLT')), log.join('\n'));
    assert.equal(r.rig.awgState.load, Infinity);
  });

  it('plans amplitudes for the high-Z load: 12 Vpp at the generator (beyond the 50 Ω 10 Vpp) is played without an error', async () => {
    const r = await rig('poling-serial', { extra: { amplifier: { gain: 30, maxVolts: 400 } } });
    const sine = withEquilibration(Float64Array.from({ length: 900 }, (_, t) => 4.5 * Math.sin((2 * Math.PI * t) / 900))); // ±180 V
    const cfg = PolingSerialConfigSchema.parse(serialConfig('poling-serial', undefined, { amplifier: { gain: 30, maxVolts: 400 } }));
    const plan = planWaveform(sine.map((v) => 40 * v), 0.01, cfg);
    assert.ok(plan.vpp > 10 && plan.vpp <= 20, `Vpp ${plan.vpp}`);
    await r.instrument.measure(poleEc(sine));
    assert.equal(r.rig.bursts, 1);
    assert.ok(Math.abs(r.rig.awgState.vpp - plan.vpp) < 1e-12);
  });

  it('refuses peak and slew beyond the HV limits with nothing written to the wire', async () => {
    const r = await rig('poling-serial');
    const before = r.awgPair.host.bytesWritten;
    const peak = Float64Array.from(curveEc, (v, t) => (t === 100 ? 10.5 : v)); // 10.5 Ec = 420 V > 400 V
    await assert.rejects(r.instrument.measure(poleEc(peak)), (err: unknown) => hasCode('INSTRUMENT_LIMIT')(err) && /peak 420 V/.test(String(err)));
    const slow = PolingSerialConfigSchema.parse(serialConfig('poling-serial')).amplifier.maxSlewVPerUs;
    const jump = Float64Array.from(curveEc, (v, t) => (t === 200 ? v + 2 : v)); // +80 V within one 1 µs step
    await assert.rejects(r.instrument.measure({ ...poleEc(jump), dtMs: 0.001 }), (err: unknown) => hasCode('INSTRUMENT_LIMIT')(err) && new RegExp(`exceeds the limit ${slow} V/µs`).test(String(err)));
    assert.equal(r.awgPair.host.bytesWritten, before, 'not one byte reached the AWG');
  });

  it('on the rig, a refused pole reaches neither controller', async () => {
    const r = await rig('poling-rig');
    const a = r.awgPair.host.bytesWritten;
    const p = r.pfmPair.host.bytesWritten;
    await assert.rejects(r.instrument.measure(poleEc(curveEc.map((v) => 20 * v))), hasCode('INSTRUMENT_LIMIT'));
    assert.equal(r.awgPair.host.bytesWritten, a);
    assert.equal(r.pfmPair.host.bytesWritten, p);
  });

  it('refuses to pole while the interlock is open, writing nothing to the AWG', async () => {
    const r = await rig('poling-rig');
    r.rig.interlockOpen = true;
    const before = r.awgPair.host.bytesWritten;
    await assert.rejects(r.instrument.measure(poleEc()), (err: unknown) => hasCode('INSTRUMENT_INTERLOCK')(err) && /interlock open/.test(String(err)));
    assert.equal(r.awgPair.host.bytesWritten, before);
    assert.equal(r.rig.bursts, 0);
  });

  it('surfaces an injected SCPI error with its code and message', async () => {
    const r = await rig('poling-serial', { awgFaults: { seed: 3 } });
    r.rig.awg.faults.opts = { seed: 3, errorRate: 1 };
    await assert.rejects(r.instrument.measure(poleEc()), (err: unknown) => err instanceof ScpiError && err.scpiCode === -200 && /injected fault/.test(err.scpiMessage));
    assert.equal(r.rig.bursts, 0);
    assert.equal(r.rig.awgState.output, false);
  });

  it('switches the output off when the burst itself fails (-221 from *TRG)', async () => {
    const r = await rig('poling-serial');
    r.rig.pfmState.route = 'TIP'; // the virtual rig refuses tip-routed bursts
    // The trigger went out: a SampleActionError (never retried) whose cause is the controller's refusal.
    await assert.rejects(r.instrument.measure(poleEc()), (err: unknown) => err instanceof SampleActionError && err.cause instanceof ScpiError
      && err.cause.scpiCode === -221 && err.cause.command === '*TRG');
    assert.equal(r.rig.awgState.output, false);
    assert.equal(r.rig.awg.log.at(-2), 'OUTP1 OFF');
  });

  it('the poling rig gives the PX/PY maps the FerroSIM driver gives for the same sample and trajectory', async () => {
    const r = await rig('poling-rig');
    const hw = await r.instrument.measure(poleEc());
    const sim = new FerrosimInstrument(FerrosimConfigSchema.parse({ kind: 'ferrosim', execution: 'inline', voltsPerEc: RIG.voltsPerEc }));
    await sim.connect();
    const ref = await sim.measure(poleEc());
    assert.deepEqual(hw.arrays.PX.shape, [20, 20]);
    for (const ch of ['PX', 'PY'] as const) {
      // Differences come from float32 waveform samples (~1e−7 of the field) and float32 image transfer (~1e−7 of P).
      for (let i = 0; i < 400; i++) assert.ok(Math.abs(hw.arrays[ch].data[i] - ref.arrays[ch].data[i]) < 1e-5, `${ch}[${i}]`);
    }
  });
});
