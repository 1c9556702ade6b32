import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { InterlockError, SampleActionError, ScpiError, TransportError } from '../../../src/drivers/errors.ts';
import type { PoleCommand, SpectroscopyCommand } from '../../../src/drivers/instrument.ts';
import { withEquilibration, evaluateTrajectory } from '../../../src/sim/trajectories.ts';
import { createMemoryRig, type MemoryRig } from './memory-rig.ts';

const pole: PoleCommand = { kind: 'pole', field: withEquilibration(evaluateTrajectory({ A: 0.6, alpha: 1.2, omega: 2.2 * Math.PI, B: 0.2 })), units: 'Ec', dtMs: 0.01 };
const spec: SpectroscopyCommand = { kind: 'spectroscopy', x: 2.5, y: 2.5, waveform: Float64Array.from({ length: 24 }, (_, k) => 8 * Math.sin((2 * Math.PI * k) / 24)), dtMs: 1 };

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

/** Drops the answer to the first `query` the device receives after the first `after` (one response, once). */
function dropAnswerAfter(device: MemoryRig['rig']['awg'], after: string, query = '*OPC?'): void {
  let state: 'waiting' | 'armed' | 'done' = 'waiting';
  device.onCommand = (text) => {
    if (state === 'waiting' && text === after) state = 'armed';
    else if (state === 'armed' && text === query) { device.faults.opts = { dropRate: 1 }; state = 'done'; return; }
    if (device.faults.opts.dropRate) device.faults.opts = {};
  };
}

const count = (log: readonly string[], line: string): number => log.filter((l) => l === line).length;

describe('serial drivers: a command that acted on the sample is never repeated', () => {
  it("a lost '*OPC?' after '*TRG' is a SampleActionError (one trigger on the wire, output off afterwards)", async () => {
    const r = await rig('poling-serial');
    dropAnswerAfter(r.rig.awg, '*TRG');
    await assert.rejects(r.instrument.measure(pole), (err: unknown) => err instanceof SampleActionError && err.code === 'SAMPLE_ACTION_UNCONFIRMED'
      && err.action.command === '*TRG' && /burst of 950 points/.test(err.action.sent) && !err.confirmed
      && err.cause instanceof TransportError && err.cause.code === 'TRANSPORT_TIMEOUT');
    assert.equal(count(r.rig.awg.log, '*TRG'), 1);
    assert.equal(r.rig.bursts, 1, 'the burst did reach the sample: that is why it must not be repeated');
    assert.equal(r.rig.awgState.output, false);
  });

  it('a failure while uploading (before the trigger) stays an ordinary, retryable error', async () => {
    const r = await rig('poling-serial');
    dropAnswerAfter(r.rig.awg, 'SOUR1:DATA:VOL:CLE', 'SYST:ERR?');
    await assert.rejects(r.instrument.measure(pole), (err: unknown) => err instanceof TransportError && err.code === 'TRANSPORT_TIMEOUT');
    assert.equal(count(r.rig.awg.log, '*TRG'), 0);
    await r.instrument.measure(pole);
    assert.equal(r.rig.bursts, 1);
  });

  it('on the rig, a PX/PY scan failing after the burst is a SampleActionError with the burst confirmed', async () => {
    const r = await rig('poling-rig');
    r.rig.pfm.faults.opts = { truncateRate: 1 };
    await assert.rejects(r.instrument.measure(pole), (err: unknown) => err instanceof SampleActionError && err.confirmed && err.action.command === '*TRG'
      && err.cause instanceof TransportError && err.cause.code === 'TRANSPORT_PROTOCOL');
    assert.equal(r.rig.bursts, 1);
  });

  it("a lost '*OPC?' after 'SPEC:RUN' is a SampleActionError (one loop on the wire)", async () => {
    const r = await rig('microscope-serial');
    dropAnswerAfter(r.rig.pfm, 'SPEC:RUN');
    await assert.rejects(r.instrument.measure(spec), (err: unknown) => err instanceof SampleActionError && err.action.command === 'SPEC:RUN'
      && /at \(2\.5, 2\.5\) µm, 24 points/.test(err.action.sent) && !err.confirmed);
    assert.equal(count(r.rig.pfm.log, 'SPEC:RUN'), 1);
  });

  it('a truncated SPEC:DATA? block after a completed loop is a SampleActionError marked completed', async () => {
    const r = await rig('microscope-serial');
    r.rig.pfm.faults.opts = { truncateRate: 1 };
    await assert.rejects(r.instrument.measure(spec), (err: unknown) => err instanceof SampleActionError && err.confirmed);
    assert.equal(count(r.rig.pfm.log, 'SPEC:RUN'), 1);
  });
});

describe('serial drivers: HV interlock', () => {
  it("re-reads the interlock immediately before 'OUTP1 ON': opened during the upload, nothing is switched on or triggered", async () => {
    const r = await rig('poling-rig');
    r.rig.awg.onCommand = (text) => { if (text.startsWith('SOUR1:DATA:ARB')) r.rig.interlockOpen = true; };
    await assert.rejects(r.instrument.measure(pole), (err: unknown) => err instanceof InterlockError && err.code === 'INSTRUMENT_INTERLOCK'
      && err.action === undefined && /open after the upload/.test(err.message));
    const log = r.rig.awg.log;
    assert.equal(count(log, 'OUTP1 ON'), 0);
    assert.equal(count(log, '*TRG'), 0);
    assert.equal(r.rig.pfm.log.filter((l) => /^SYST:INTL\?$/.test(l)).length, 2, 'read before and after the upload');
  });

  it('open before the upload: refused with INSTRUMENT_INTERLOCK and nothing written to the AWG', async () => {
    const r = await rig('poling-rig');
    r.rig.interlockOpen = true;
    const before = r.awgPair.host.bytesWritten;
    await assert.rejects(r.instrument.measure(pole), (err: unknown) => err instanceof InterlockError && /open before the upload/.test(err.message));
    assert.equal(r.awgPair.host.bytesWritten, before);
  });

  it("with requireInterlock false, the controller's -200 'HV interlock open' refusal of the trigger is an InterlockError carrying the trigger", async () => {
    const r = await rig('poling-rig', { extra: { requireInterlock: false } });
    r.rig.interlockOpen = true;
    await assert.rejects(r.instrument.measure(pole), (err: unknown) => err instanceof InterlockError && err.code === 'INSTRUMENT_INTERLOCK'
      && err.action?.command === '*TRG' && err.cause instanceof ScpiError && err.cause.scpiCode === -200);
    assert.equal(r.rig.bursts, 0);
    assert.equal(r.rig.awgState.output, false);
  });
});
