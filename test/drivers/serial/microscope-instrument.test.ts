import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { ScpiError, TransportError } from '../../../src/drivers/errors.ts';
import type { FaultOptions } from '../../../src/drivers/emulator/fault-injector.ts';
import type { ScanCommand, SpectroscopyCommand } from '../../../src/drivers/instrument.ts';
import { hasCode } from '../../../src/testing/instrument-contract.ts';
import { createMemoryRig, type MemoryRig, replug } from './memory-rig.ts';

const scan: ScanCommand = { kind: 'scan', channels: ['TOPO', 'PX', 'PHAS'], pixels: [24, 16], sizeUm: 5 };
const spec: SpectroscopyCommand = { kind: 'spectroscopy', x: 2.5, y: 2.5, waveform: Float64Array.from({ length: 24 }, (_, k) => 8 * Math.sin((2 * Math.PI * k) / 24)), dtMs: 1 };

let rigs: MemoryRig[] = [];
async function microscope(pfmFaults?: FaultOptions, byteOrder: 'NORM' | 'SWAP' = 'SWAP'): Promise<MemoryRig> {
  const r = await createMemoryRig('microscope-serial', { extra: { byteOrder } });
  rigs.push(r);
  await r.instrument.connect();
  if (pfmFaults) r.rig.pfm.faults.opts = pfmFaults;
  return r;
}
afterEach(async () => {
  for (const r of rigs) { await r.instrument.close(); await r.cleanup(); }
  rigs = [];
});

describe('MicroscopeInstrument over the virtual rig', () => {
  for (const order of ['NORM', 'SWAP'] as const) {
    it(`scans every channel as ny × nx float32 images (FORM:BORD ${order})`, async () => {
      const r = await microscope(undefined, order);
      const m = await r.instrument.measure(scan);
      const twin = r.rig.twin.scan(['TOPO', 'PX', 'PHAS'], 24, 16, 5);
      for (const ch of ['TOPO', 'PX', 'PHAS'] as const) {
        assert.deepEqual(m.arrays[ch].shape, [16, 24]);
        assert.deepEqual(m.arrays[ch].data, Float64Array.from(twin[ch], Math.fround));
      }
      assert.equal(m.arrays.TOPO.unit, 'nm');
    });
  }

  it('runs switching spectroscopy at the tip position: bias echo, on- and off-field responses', async () => {
    const r = await microscope();
    const m = await r.instrument.measure(spec);
    assert.deepEqual(m.arrays.loop.shape, [3, 24]);
    assert.deepEqual(m.arrays.loop.data.subarray(0, 24), Float64Array.from(spec.waveform, Math.fround));
    assert.deepEqual(r.rig.pfmState.tip, [2.5, 2.5]);
    assert.ok(r.rig.pfm.log.includes('TIP:ENG'));
  });

  it('reports garbage bytes from the controller as TRANSPORT_PROTOCOL and recovers', async () => {
    const r = await microscope({ seed: 1, garbageRate: 1 });
    await assert.rejects(r.instrument.measure(scan), hasCode('TRANSPORT_PROTOCOL'));
    r.rig.pfm.faults.opts = {};
    assert.ok((await r.instrument.measure(scan)).arrays.PX);
  });

  it('reports a truncated image block as TRANSPORT_PROTOCOL (truncated block)', async () => {
    const r = await microscope({ seed: 1, truncateRate: 1 });
    await assert.rejects(r.instrument.measure(scan), (err: unknown) => err instanceof TransportError && err.code === 'TRANSPORT_PROTOCOL' && /truncated block/.test(err.message));
  });

  it('reports a dropped response as TRANSPORT_TIMEOUT', async () => {
    const r = await microscope({ seed: 1, dropRate: 1 });
    await assert.rejects(r.instrument.measure(scan), hasCode('TRANSPORT_TIMEOUT'));
  });

  it('tolerates latency below the timeout', async () => {
    const r = await microscope({ latencyMs: 5 });
    assert.ok((await r.instrument.measure({ ...scan, channels: ['PX'] })).arrays.PX);
  });

  it('surfaces out-of-range parameters refused by the controller (-222) with the command', async () => {
    const r = await createMemoryRig('microscope-serial', { extra: { scan: { maxSizeUm: 500 } } });
    rigs.push(r);
    await r.instrument.connect();
    await assert.rejects(r.instrument.measure({ ...scan, sizeUm: 200 }), (err: unknown) => err instanceof ScpiError && err.scpiCode === -222 && err.command === 'SCAN:SIZE 200');
  });

  it('unplug mid-scan (disconnect fault): typed disconnect, reconnect, the interrupted scan is not re-run', async () => {
    const r = await microscope();
    const runs = (): number => r.rig.pfm.log.filter((l) => l === 'SCAN:RUN').length;
    r.rig.pfm.faults.opts = { disconnectAfter: 0 };
    r.rig.pfm.faults.resetCount();
    // The fault counts commands from now on: the first one (SCAN:SIZE) drops the line before it executes.
    await assert.rejects(r.instrument.measure(scan), (err: unknown) => err instanceof TransportError && err.disconnected);
    await replug(r.pfmPair, r.rig.pfm);
    const m = await r.instrument.measure(scan);
    assert.ok(m.arrays.TOPO);
    assert.equal(runs(), 1);
  });
});
