import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createVirtualRig } from '../../../src/drivers/emulator/virtual-rig.ts';
import { createMemoryPair } from '../../../src/drivers/serial/memory-transport.ts';
import { ScpiClient } from '../../../src/drivers/serial/scpi-client.ts';
import { TwinConfigSchema } from '../../../src/drivers/twin/twin-config.ts';

async function awgClient(): Promise<{ c: ScpiClient; rig: ReturnType<typeof createVirtualRig> }> {
  const rig = createVirtualRig({ twin: TwinConfigSchema.parse({ n: 10 }), hvGain: 10, voltsPerEc: 1 });
  const pair = createMemoryPair();
  await pair.device.open();
  rig.awg.attach(pair.device);
  const c = new ScpiClient(pair.host, { name: 'awg', timeoutMs: 500, reconnect: { initialMs: 10, maxMs: 10, waitMs: 10 } });
  await c.open();
  return { c, rig };
}

const err = async (c: ScpiClient): Promise<string> => c.query('SYST:ERR?');

describe('virtual rig: AWG controller', () => {
  it('answers *IDN?, keeps settings, and accepts long forms and CRLF', async () => {
    const { c } = await awgClient();
    assert.match(await c.query('*IDN?'), /^ferroloop,VAWG-33500,EMU-1,/);
    await c.write('SOURCE1:FUNCTION:ARBITRARY:SRATE 2500\r');
    assert.equal(await c.query('SOUR1:FUNC:ARB:SRAT?'), '2500');
    assert.equal(await err(c), '0,"No error"');
    await c.close();
  });

  it('refuses out-of-range values with -222 and unknown headers with -113, in order', async () => {
    const { c } = await awgClient();
    await c.write('SOUR1:FUNC:ARB:SRAT 5e6');
    await c.write('SOUR1:DATA:ARB W,0.1,0.2');
    await c.write('SOUR1:BOGUS 1');
    assert.match(await err(c), /^-222,"Data out of range; SOUR1:FUNC:ARB:SRAT 5000000/);
    assert.match(await err(c), /^-222,"Data out of range; 2 points/);
    assert.match(await err(c), /^-113,"Undefined header/);
    assert.equal(await err(c), '0,"No error"');
    await c.close();
  });

  it('plays an ASCII waveform on *TRG only when armed with the output on; *RST disarms', async () => {
    const { c, rig } = await awgClient();
    for (const cmd of ['SOUR1:DATA:ARB W,0,0.5,1,0.5,0,-0.5,-1,-0.5', 'FUNC ARB', 'FUNC:ARB W', 'VOLT 2', 'BURS:MODE TRIG', 'BURS:NCYC 1', 'TRIG:SOUR BUS', 'BURS:STAT ON']) await c.write(cmd);
    await c.write('*TRG');
    assert.equal(await c.query('*OPC?'), '1');
    assert.equal(rig.bursts, 0, 'output relay open: nothing reaches the sample');
    await c.write('OUTP ON');
    await c.write('*TRG');
    assert.equal(await c.query('*OPC?'), '1');
    assert.equal(rig.bursts, 1);
    await c.write('*RST');
    await c.write('*TRG');
    assert.match(await err(c), /^-211,"Trigger ignored/);
    assert.equal(rig.bursts, 1);
    await c.close();
  });

  it('answers all queries of one message in one line, joined by ; (IEEE 488.2), and runs the session of docs/awg-33500b.md', async () => {
    const { c, rig } = await awgClient();
    assert.equal(await c.query('*IDN?;*OPC?;:BURS:MODE?'), 'ferroloop,VAWG-33500,EMU-1,1.0;1;TRIG');
    await c.write('*CLS;OUTP1 OFF;OUTP1:LOAD INF');
    await c.write('BURS:MODE TRIGGERED;NCYC 1;STAT ON');
    await c.write('TRIG:SOUR BUS');
    assert.equal(await c.query('*ESR?;*STB?'), '0;0');
    assert.equal(await err(c), '0,"No error"');
    assert.deepEqual([rig.awgState.load, rig.awgState.burstOn, rig.awgState.trigSource], [Infinity, true, 'BUS']);
    await c.write('SOUR1:VOLT 1,2');
    assert.equal(await c.query('*STB?'), '4', 'error queue not empty');
    assert.equal(await c.query('*ESR?'), '32', 'command error');
    assert.match(await err(c), /^-108,"Parameter not allowed/);
    await c.close();
  });

  it('a burst moves the twin: volts × gain / voltsPerEc become the applied field', async () => {
    const { c, rig } = await awgClient();
    const before = rig.twin.snapshot();
    for (const cmd of ['OUTP1:LOAD INF', 'SOUR1:DATA:ARB W,1,1,1,1,1,1,1,1,1,1', 'FUNC:ARB W', 'FUNC ARB', 'VOLT 0.002', 'VOLT:OFFS 0.5', 'BURS:STAT ON', 'TRIG:SOUR BUS', 'OUTP ON', '*TRG']) await c.write(cmd);
    assert.equal(await c.query('*OPC?'), '1');
    assert.equal(await err(c), '0,"No error"');
    const after = rig.twin.snapshot();
    // A +5 Ec field on y (0.501 V into the high-Z amplifier × 10 / 1 V/Ec) for 9 steps raises every Py.
    let rise = 0;
    for (let s = 0; s < 100; s++) rise += after[100 + s] - before[100 + s];
    assert.ok(rise > 0.5, `ΣΔPy = ${rise}`);
    await c.close();
  });
});
