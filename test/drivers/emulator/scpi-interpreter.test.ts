import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createAwgController } from '../../../src/drivers/emulator/awg-emulator.ts';
import { ScpiInterpreter } from '../../../src/drivers/emulator/scpi-interpreter.ts';

/** An AWG interpreter whose bursts are recorded (volts at the high-Z amplifier input). */
function awg(): { sc: ScpiInterpreter; bursts: Float64Array[]; state: ReturnType<typeof createAwgController>['state'] } {
  const bursts: Float64Array[] = [];
  let sc: ScpiInterpreter | undefined;
  const ctl = createAwgController({ burst: async (v) => { bursts.push(v); } }, 'ferroloop,VAWG-33500,T,1', () => sc!.byteOrder);
  sc = new ScpiInterpreter(ctl);
  return { sc, bursts, get state() { return ctl.state; } };
}

/** Sends messages in order; returns each message's response (query answers joined by ';', '' when none) and the queued error codes. */
async function send(sc: ScpiInterpreter, ...messages: string[]): Promise<{ out: string[]; errors: number[] }> {
  const out: string[] = [];
  for (const m of messages) out.push((await sc.run(new TextEncoder().encode(m))).map((r) => (typeof r === 'string' ? r : '#block')).join(';'));
  const errors: number[] = [];
  for (let e = sc.status.next(); e.code !== 0; e = sc.status.next()) errors.push(e.code);
  return { out, errors };
}

interface Case {
  readonly send: readonly string[];
  /** Responses of the messages, in order ('' for a message without queries). */
  readonly out?: readonly string[];
  readonly errors?: readonly number[];
}

const RULES: Record<string, Case> = {
  'long-form character parameters are accepted': { send: ['BURS:MODE TRIGGERED;:TRIG:SOUR IMMEDIATE;:FUNC SINUSOID', 'BURS:MODE?;:TRIG:SOUR?;:FUNC?', 'TRIG:SOUR EXTERNAL;SOUR?'], out: ['', 'TRIG;IMM;SIN', 'EXT'], errors: [] },
  'short forms are accepted and answered': { send: ['BURS:MODE GAT;:TRIG:SOUR BUS;:FUNC ARB', 'SOUR1:BURS:MODE?;:TRIG1:SOUR?;:SOUR1:FUNC?'], out: ['', 'GAT;BUS;ARB'], errors: [] },
  'a non-prefix abbreviation of a parameter is refused (-224)': { send: ['BURS:MODE TRI', 'BURS:MODE TRIGG', 'FUNC SINU', 'BURS:MODE?'], out: ['', '', '', 'TRIG'], errors: [-224, -224, -224] },
  'a non-prefix abbreviation of a header is refused (-113)': { send: ['BURS:MOD TRIG', 'BURSTS:MODE TRIG', 'TRIGG:SOUR BUS', 'VOLTA 1'], errors: [-113, -113, -113, -113] },
  'a number where a keyword belongs is a data type error (-104)': { send: ['BURS:MODE 1', 'TRIG:SOUR "BUS"'], errors: [-104, -104] },
  'the previous-node rule: NCYC after BURS:MODE is BURS:NCYC': { send: ['BURS:MODE TRIG;NCYC 7', 'BURS:NCYC?'], out: ['', '7'], errors: [] },
  'a relative header with no such node below the path is -113': { send: ['BURS:MODE TRIG;SOUR BUS'], errors: [-113] },
  'a leading colon restarts at the root': { send: ['BURS:MODE TRIG;:TRIG:SOUR BUS', 'TRIG:SOUR?'], out: ['', 'BUS'], errors: [] },
  'common commands leave the path alone': { send: ['BURS:NCYC 3;*CLS;STAT ON', 'BURS:STAT?'], out: ['', '1'], errors: [] },
  'optional [SOURce1:] node and suffix 1 or none': { send: ['SOURCE1:VOLTAGE 2', 'VOLT?', 'SOUR:VOLT?'], out: ['', '2', '2'], errors: [] },
  'channel 2 is a header suffix out of range (-114)': { send: ['SOUR2:VOLT 1', 'OUTP2 ON'], errors: [-114, -114] },
  'MIN|MAX|DEF for numeric parameters, in the query form too': {
    send: ['FUNC:ARB:SRAT MAX', 'FUNC:ARB:SRAT?', 'FUNC:ARB:SRAT MIN;SRAT?', 'FUNC:ARB:SRAT DEF;SRAT?', 'FUNC:ARB:SRAT? MAX', 'BURS:NCYC MAXIMUM;NCYC?'],
    out: ['', '1000000', '1', '40000', '1000000', '100000000'], errors: [],
  },
  'INF for BURS:NCYC, answered 9.9E+37; not for other numbers': { send: ['BURS:NCYC INF', 'BURS:NCYC?', 'BURS:NCYC INFINITY;NCYC?', 'VOLT INF', 'FUNC:ARB:SRAT? INF'], out: ['', '9.9E+37', '9.9E+37', '', ''], errors: [-224, -224] },
  'SCPI booleans: ON|OFF|numbers, non-zero after rounding is true': { send: ['BURS:STAT 1;STAT?', 'BURS:STAT 0.4;STAT?', 'BURS:STAT 2;STAT?', 'BURS:STAT OFF;STAT?', 'BURS:STAT MAYBE'], out: ['1', '0', '1', '0', ''], errors: [-224] },
  'an extra parameter is -108, a missing one -109': { send: ['SOUR1:VOLT 1,2', 'SOUR1:VOLT', 'OUTP1 ON,OFF', '*ESE', 'DATA:VOL:CLE 1', '*IDN? 1'], errors: [-108, -109, -108, -109, -108, -108] },
  'out-of-range values are -222 and leave the setting': { send: ['FUNC:ARB:SRAT 5e6', 'BURS:NCYC 0', 'FUNC:ARB:SRAT?'], out: ['', '', '40000'], errors: [-222, -222] },
  'a string or a block where a number belongs is -104': { send: ['VOLT "1"', 'VOLT #13abc'], errors: [-104, -104] },
  'a command error discards the rest of the message, after what ran before it': { send: ['BURS:NCYC 5;NCYC 1x;NCYC 6', 'BURS:NCYC?'], out: ['', '5'], errors: [-138] },
  'queries in one message answer in one response, joined by ;': { send: ['*IDN?;*OPC?;SYST:ERR?'], out: ['ferroloop,VAWG-33500,T,1;1;0,"No error"'] },
  'numeric #H/#Q/#B values are numbers': { send: ['BURS:NCYC #H10;NCYC?', 'BURS:NCYC #B11;NCYC?'], out: ['16', '3'], errors: [] },
};

describe('ScpiInterpreter: SCPI-1999 header and parameter rules (AWG command set)', () => {
  for (const [rule, c] of Object.entries(RULES)) {
    it(rule, async () => {
      const { out, errors } = await send(awg().sc, ...c.send);
      if (c.out) assert.deepEqual(out, c.out);
      if (c.errors) assert.deepEqual(errors, c.errors);
    });
  }
});

describe('ScpiInterpreter: IEEE 488.2 status registers', () => {
  it('*ESR? reports one bit per error class and is cleared by the read', async () => {
    const { sc } = awg();
    const table: [string, number][] = [['VOLT 1,2', 32], ['VOLT 99', 16], ['*TRG', 16], ['*OPC', 1], ['*RST', 0]];
    for (const [cmd, bit] of table) {
      const { out } = await send(sc, cmd, '*ESR?');
      assert.equal(out[1], String(bit), cmd);
    }
    sc.pushError(-350, 'Queue overflow');
    sc.pushError(-410, 'Query INTERRUPTED');
    assert.deepEqual((await send(sc, '*ESR?', '*ESR?')).out, [String(8 | 4), '0']);
  });

  it('*STB?: bit 2 while the error queue holds an entry, bit 5 when an ESE-enabled ESR bit is set, bit 6 when SRE-enabled', async () => {
    const { sc } = awg();
    const stb = async (): Promise<number> => Number((await sc.run(new TextEncoder().encode('*STB?')))[0]);
    assert.equal(await stb(), 0);
    await sc.run(new TextEncoder().encode('BOGUS'));
    assert.equal(await stb(), 4, 'error queued, CME not enabled in ESE');
    await sc.run(new TextEncoder().encode('*ESE 32;*SRE 32'));
    assert.equal(await stb(), 4 | 32 | 64);
    assert.equal((await sc.run(new TextEncoder().encode('*ESE?;*SRE?'))).join(';'), '32;32');
    assert.equal(await stb(), 4 | 32 | 64, '*STB? clears nothing');
    await sc.run(new TextEncoder().encode('*CLS'));
    assert.equal(await stb(), 0, '*CLS empties the queue and the ESR');
    assert.equal((await sc.run(new TextEncoder().encode('*ESE?;*SRE?;*ESR?'))).join(';'), '32;32;0', 'the enable masks survive *CLS');
  });

  it('*ESE/*SRE accept 0..255 only (-222), and *RST keeps the status', async () => {
    const { sc } = awg();
    const { errors } = await send(sc, '*ESE 256', '*SRE -1', 'BOGUS', '*RST');
    assert.deepEqual(errors, [-222, -222, -113]);
    // *RST clears neither the queue (one -113 left) nor the ESR (EXE from the -222s, CME from the -113s).
    assert.deepEqual((await send(sc, 'BOGUS', '*RST', 'SYST:ERR:COUN?', '*ESR?')).out, ['', '', '1', String(16 | 32)]);
  });

  it('the error queue keeps 32 entries and replaces the newest with -350 on overflow', async () => {
    const { sc } = awg();
    for (let i = 0; i < 40; i++) await sc.run(new TextEncoder().encode('BOGUS'));
    const { errors } = await send(sc);
    assert.equal(errors.length, 32);
    assert.deepEqual([errors[0], errors[30], errors[31]], [-113, -113, -350]);
  });
});

describe('AWG emulator: OUTP1:LOAD and the amplitude range at the set load (33500B)', () => {
  it('OUTP1:LOAD INF|<ohms>|MIN|MAX|DEF, answered as a number (INF as 9.9E+37)', async () => {
    const { sc } = awg();
    const { out, errors } = await send(sc, 'OUTP1:LOAD?', 'OUTP1:LOAD INF;LOAD?', 'OUTP:LOAD MIN;LOAD?', 'OUTP:LOAD MAX;LOAD?', 'OUTP:LOAD DEF;LOAD?', 'OUTP1:LOAD 600;LOAD?', 'OUTP1:LOAD 0', 'OUTP1:LOAD 2e4');
    assert.deepEqual(out, ['50', '9.9E+37', '1', '10000', '50', '600', '', '']);
    assert.deepEqual(errors, [-222, -222]);
  });

  it('at 50 Ω amplitudes above 10 Vpp are refused with -222, at high-Z up to 20 Vpp are accepted', async () => {
    const { sc } = awg();
    const r50 = await send(sc, 'VOLT 10', 'VOLT 10.5', 'VOLT?', 'VOLT? MAX', 'VOLT? MIN', 'VOLT:OFFS? MAX');
    assert.deepEqual(r50.out.slice(2), ['10', '10', '0.001', '5']);
    assert.deepEqual(r50.errors, [-222]);
    const hiZ = await send(sc, 'OUTP1:LOAD INF', 'VOLT?', 'VOLT 20', 'VOLT 20.5', 'VOLT? MAX', 'VOLT? MIN', 'VOLT:OFFS? MAX');
    // A new load keeps the physical output: 10 Vpp into 50 Ω reads 20 Vpp at high-Z.
    assert.deepEqual([hiZ.out[1], ...hiZ.out.slice(4)], ['20', '20', '0.002', '10']);
    assert.deepEqual(hiZ.errors, [-222]);
  });

  it('the high-Z amplifier input sees twice the set volts while the load is left at 50 Ω, and the set volts at LOAD INF', async () => {
    const setup = ['DATA:ARB W,1,1,1,1,1,1,1,1', 'FUNC ARB;FUNC:ARB W', 'VOLT 0.002;VOLT:OFFS 1', 'BURS:STAT ON;:TRIG:SOUR BUS;:OUTP1 ON'];
    const at50 = awg();
    await send(at50.sc, ...setup, '*TRG');
    const hiZ = awg();
    await send(hiZ.sc, 'OUTP1:LOAD INF', ...setup, '*TRG');
    // samples of +1: offset + Vpp/2 = 1.001 V set; a 50 Ω source into an open input doubles it.
    assert.ok(Math.abs(at50.bursts[0][0] - 2.002) < 1e-12, String(at50.bursts[0][0]));
    assert.ok(Math.abs(hiZ.bursts[0][0] - 1.001) < 1e-12, String(hiZ.bursts[0][0]));
  });

  it('*TRG refuses an infinite burst (-221) and plays nothing', async () => {
    const a = awg();
    const { errors } = await send(a.sc, 'DATA:ARB W,0,0,0,0,0,0,0,0', 'FUNC ARB;FUNC:ARB W', 'BURS:NCYC INF;STAT ON;:TRIG:SOUR BUS;:OUTP ON', '*TRG');
    assert.deepEqual(errors, [-221]);
    assert.equal(a.bursts.length, 0);
  });
});
