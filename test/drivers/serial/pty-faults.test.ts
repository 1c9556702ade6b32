import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createInstrument } from '../../../src/drivers/create-instrument.ts';
import { SampleActionError, TransportError } from '../../../src/drivers/errors.ts';
import type { Instrument, PoleCommand } from '../../../src/drivers/instrument.ts';
import { parseInstrumentConfig } from '../../../src/drivers/instrument-config.ts';
import { hasCode } from '../../../src/testing/instrument-contract.ts';
import { serialConfig } from './memory-rig.ts';
import { type PtyRig, SOCAT_MISSING, startPtyRig } from './pty-rig.ts';

// 950 points at 2 ms: with --realtime the burst lasts ~1.9 s, the window in which the test pulls the plug; the
// device finishes it before answering the resync after the reconnect (allowed up to reconnect.waitMs = 3 s).
const field = Float64Array.from({ length: 950 }, (_, t) => 2 * Math.sin((2 * Math.PI * t) / 949));
const pole: PoleCommand = { kind: 'pole', field, units: 'Ec', dtMs: 2 };

describe('serial drivers over socat ptys: unplug mid-command', { skip: SOCAT_MISSING }, () => {
  let pty: PtyRig;
  let rig: Instrument;
  before(async () => {
    pty = await startPtyRig(['--realtime', '--log']);
    rig = createInstrument(parseInstrumentConfig(serialConfig('poling-rig', pty.paths)));
    await rig.connect();
  });
  after(async () => {
    await rig?.close();
    await pty?.cleanup();
  });

  it('killing socat during a burst fails that pole with SAMPLE_ACTION_UNCONFIRMED (cause INSTRUMENT_DISCONNECTED); after socat returns the rig reconnects and the burst is never replayed', async () => {
    const from = pty.emulator.lines.length;
    const pending = rig.measure(pole);
    pending.catch(() => undefined);
    await pty.emulator.waitFor(/^awg: \*TRG$/, from);
    await pty.socat.awg.stop();
    await assert.rejects(pending, (err: unknown) => err instanceof SampleActionError && err.action.command === '*TRG'
      && err.cause instanceof TransportError && err.cause.disconnected && err.cause.code === 'INSTRUMENT_DISCONNECTED');
    const afterKill = pty.emulator.lines.length;
    await pty.restartSocat('awg');
    await pty.emulator.waitFor(/^opened awg /, afterKill);
    const m = await rig.measure(pole);
    assert.deepEqual(m.arrays.PX.shape, [20, 20]);
    const log = pty.emulator.lines.slice(from);
    assert.equal(log.filter((l) => l === 'awg: *TRG').length, 2, 'one burst per measure call, none replayed');
    const reinit = log.slice(log.findIndex((l) => l.startsWith('opened awg')));
    assert.ok(reinit.indexOf('awg: OUTP1 OFF') < reinit.indexOf('awg: OUTP1 ON'), 'output switched off first after the reconnect');
    assert.ok(reinit.includes('awg: OUTP1:LOAD INF') && reinit.indexOf('awg: OUTP1:LOAD INF') < reinit.indexOf('awg: OUTP1 ON'), 'high-Z load set again before the output is on');
  });
});

describe('serial drivers over socat ptys: emulator faults', { skip: SOCAT_MISSING }, () => {
  let pty: PtyRig;
  let rig: Instrument;
  before(async () => {
    pty = await startPtyRig(['--fault-target', 'microscope', '--truncate-rate', '1', '--fault-seed', '4']);
    rig = createInstrument(parseInstrumentConfig(serialConfig('poling-rig', pty.paths)));
    await rig.connect();
  });
  after(async () => {
    await rig?.close();
    await pty?.cleanup();
  });

  it('a truncated image block from the microscope is a TRANSPORT_PROTOCOL error', async () => {
    await assert.rejects(rig.measure({ kind: 'scan', channels: ['TOPO'], pixels: [16, 16] }), (err: unknown) => hasCode('TRANSPORT_PROTOCOL')(err) && /truncated block/.test(String(err)));
  });
});
