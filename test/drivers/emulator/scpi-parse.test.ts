import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileHeader, DeviceError, parseMessage } from '../../../src/drivers/emulator/scpi-parse.ts';
import { encodeBlock } from '../../../src/drivers/serial/binary-block.ts';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('compileHeader', () => {
  it('accepts short and long forms, case-insensitively after upper-casing, with optional nodes and suffix 1', () => {
    const m = compileHeader('[SOURce#]:FUNCtion:ARBitrary:SRATe');
    for (const h of ['SOUR1:FUNC:ARB:SRAT', 'SOURCE:FUNCTION:ARBITRARY:SRATE', 'FUNC:ARB:SRAT', 'SOUR:FUNCTION:ARB:SRATE']) assert.ok(m(h), h);
    for (const h of ['SOUR2:FUNC:ARB:SRAT', 'SOU:FUNC:ARB:SRAT', 'FUNC:ARB', 'SOURC:FUNC:ARB:SRAT']) assert.ok(!m(h), h);
    assert.ok(compileHeader('SYSTem:ERRor:[NEXT]')('SYST:ERR'));
    assert.ok(compileHeader('OUTPut#')('OUTP1'));
  });
});

describe('parseMessage', () => {
  it('splits units at ; and arguments at , but not inside quotes or blocks', () => {
    const payload = enc('x;y,z\n');
    const bytes = Uint8Array.from([...enc('*CLS;:sour1:data:arb W1,'), ...encodeBlock(payload), ...enc(';SYST:ERR?;DISP:TEXT "a,b;c"')]);
    const units = parseMessage(bytes);
    assert.deepEqual(units.map((u) => [u.header, u.query]), [['*CLS', false], ['SOUR1:DATA:ARB', false], ['SYST:ERR', true], ['DISP:TEXT', false]]);
    assert.equal(units[1].args[0], 'W1');
    assert.deepEqual(units[1].args[1], payload);
    assert.deepEqual(units[3].args, ['"a,b;c"']);
    assert.equal(units[1].text, ':sour1:data:arb W1,#<6 bytes>');
  });

  it('refuses a bad header or a block shorter than declared with -102', () => {
    assert.throws(() => parseMessage(enc('1ABC 3')), (e: unknown) => e instanceof DeviceError && e.code === -102);
    assert.throws(() => parseMessage(enc('DATA #3100abc')), (e: unknown) => e instanceof DeviceError && e.code === -102);
  });
});
