import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileHeader, keywordMatches } from '../../../src/drivers/emulator/scpi-header.ts';
import { DeviceError, type ParsedCommand, parseMessage } from '../../../src/drivers/emulator/scpi-parse.ts';
import { encodeBlock } from '../../../src/drivers/serial/binary-block.ts';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const parse = (s: string | Uint8Array): ParsedCommand[] => [...parseMessage(typeof s === 'string' ? enc(s) : s)];
const headers = (s: string): string[] => parse(s).map((u) => `${u.header}${u.query ? '?' : ''}`);
const codeOf = (s: string): number => {
  try {
    parse(s);
  } catch (e) {
    if (e instanceof DeviceError) return e.code;
    throw e;
  }
  return 0;
};

describe('keywordMatches (SCPI-1999 vol. 1 §6.2.1: short form = upper-case part, long form = whole word)', () => {
  const cases: [string, string, boolean][] = [
    ['TRIGgered', 'TRIG', true], ['TRIGgered', 'TRIGGERED', true], ['TRIGgered', 'TRI', false], ['TRIGgered', 'TRIGG', false],
    ['TRIGgered', 'TRIGGERE', false], ['SINusoid', 'SIN', true], ['SINusoid', 'SINUSOID', true], ['SINusoid', 'SINU', false],
    ['IMMediate', 'IMM', true], ['IMMediate', 'IMMEDIATE', true], ['EXTernal', 'EXT', true], ['EXTernal', 'EXTERNAL', true],
    ['INFinity', 'INF', true], ['MINimum', 'MIN', true], ['MAXimum', 'MAXIMUM', true], ['DEFault', 'DEF', true], ['ARB', 'ARB', true],
  ];
  for (const [k, w, ok] of cases) it(`${w} ${ok ? 'is' : 'is not'} a form of ${k}`, () => assert.equal(keywordMatches(k, w), ok));
});

describe('compileHeader', () => {
  const m = compileHeader('[SOURce#]:FUNCtion:ARBitrary:SRATe');
  const table: [string, string][] = [
    ['SOUR1:FUNC:ARB:SRAT', 'match'], ['SOURCE:FUNCTION:ARBITRARY:SRATE', 'match'], ['FUNC:ARB:SRAT', 'match'], ['SOUR:FUNCTION:ARB:SRATE', 'match'],
    ['SOUR2:FUNC:ARB:SRAT', 'bad-suffix'], ['SOU:FUNC:ARB:SRAT', 'none'], ['FUNC:ARB', 'none'], ['SOURC:FUNC:ARB:SRAT', 'none'],
    ['FUNC:ARBI:SRAT', 'none'], ['FUNC1:ARB:SRAT', 'none'],
  ];
  for (const [h, want] of table) it(`${h} → ${want}`, () => assert.equal(m(h), want));
  it('handles optional leaves and suffixed leaves', () => {
    assert.equal(compileHeader('SYSTem:ERRor:[NEXT]')('SYST:ERR'), 'match');
    assert.equal(compileHeader('SYSTem:ERRor:[NEXT]')('SYST:ERR:NEXT'), 'match');
    assert.equal(compileHeader('OUTPut#')('OUTP1'), 'match');
    assert.equal(compileHeader('OUTPut#')('OUTPUT'), 'match');
    assert.equal(compileHeader('OUTPut#:LOAD')('OUTP2:LOAD'), 'bad-suffix');
  });
});

describe('parseMessage: units, the previous-node rule, program data', () => {
  const paths: [string, string[]][] = [
    ['BURS:MODE TRIG;NCYC 1', ['BURS:MODE', 'BURS:NCYC']],
    ['SOUR1:BURS:MODE TRIG;NCYC 1;STAT ON', ['SOUR1:BURS:MODE', 'SOUR1:BURS:NCYC', 'SOUR1:BURS:STAT']],
    ['BURS:MODE TRIG;:TRIG:SOUR BUS', ['BURS:MODE', 'TRIG:SOUR']],
    ['BURS:MODE TRIG;*CLS;NCYC 1', ['BURS:MODE', '*CLS', 'BURS:NCYC']],
    ['SOUR1:VOLT 1;VOLT:OFFS 0', ['SOUR1:VOLT', 'SOUR1:VOLT:OFFS']],
    ['SOUR1:VOLT:OFFS 0;:VOLT?', ['SOUR1:VOLT:OFFS', 'VOLT?']],
    ['FUNC:ARB:SRAT 10;:OUTP1 ON;LOAD INF', ['FUNC:ARB:SRAT', 'OUTP1', 'LOAD']],
    ['OUTP1:LOAD INF;:OUTP1 OFF', ['OUTP1:LOAD', 'OUTP1']],
    [':sour1:volt 2 ; volt:offs 0.5 ;', ['SOUR1:VOLT', 'SOUR1:VOLT:OFFS']],
    ['*IDN?;*OPC?', ['*IDN?', '*OPC?']],
  ];
  for (const [msg, want] of paths) it(`'${msg}' → ${want.join(' | ')}`, () => assert.deepEqual(headers(msg), want));

  it('the path restarts at the root with every message', () => {
    assert.deepEqual(headers('BURS:MODE TRIG'), ['BURS:MODE']);
    assert.deepEqual(headers('NCYC 1'), ['NCYC']);
  });

  it('types parameters: decimal and #H/#Q/#B numbers, character data, strings with doubled quotes, blocks', () => {
    const payload = enc('x;y,z\n');
    const [u, q] = parse(Uint8Array.from([...enc('DATA:ARB w1 , 1.5e3,-.25,#hFF,#q17,#B101, "a,b;""c""", \'it\'\'s\','), ...encodeBlock(payload), ...enc(';:SYST:ERR?')]));
    assert.deepEqual(u.args.slice(0, 7).map((a) => (a.kind === 'number' ? a.value : a.kind === 'string' ? a.value : a.kind === 'char' ? a.text : a.kind)),
      ['W1', 1500, -0.25, 255, 15, 5, 'a,b;"c"']);
    assert.deepEqual(u.args[7], { kind: 'string', value: "it's", text: "'it''s'" });
    assert.ok(u.args[8].kind === 'block' && Buffer.from(u.args[8].bytes).equals(Buffer.from(payload)));
    assert.equal(u.text, 'DATA:ARB W1,1.5e3,-.25,#hFF,#q17,#B101,"a,b;""c""",\'it\'\'s\',#<6 bytes>');
    assert.equal(q.header, 'SYST:ERR');
    assert.equal(q.query, true);
  });

  it('takes an indefinite block (#0) to the end of the message', () => {
    const [u] = parse('SPEC:WAVE #0ab;c');
    assert.ok(u.args[0].kind === 'block' && Buffer.from(u.args[0].bytes).toString() === 'ab;c');
  });

  const errors: [string, number, string][] = [
    ['1ABC 3', -102, 'a header must start with a letter'],
    ['VOLT 1;;::X', -102, 'an empty mnemonic'],
    ['VOLT,1', -111, 'a header must be followed by white space, ; or the end'],
    ['VOLT?:OFFS', -111, 'nothing may follow the query mark but a separator'],
    ['ABCDEFGHIJKLM 1', -112, 'mnemonics are at most 12 characters'],
    ['VOLT 1V', -138, 'units (suffixes) are not accepted'],
    ['VOLT 1.2.3', -121, 'a number with a stray character'],
    ['VOLT 1e999', -123, 'an exponent beyond float range'],
    ['FUNC ABCDEFGHIJKLM', -144, 'character data is at most 12 characters'],
    ['DISP:TEXT "abc', -151, 'an unterminated string'],
    ['DATA #3100abc', -161, 'a block shorter than its header says'],
    ['DATA #x', -161, '# followed by neither a digit nor H/Q/B'],
    ['OUTP ON (@1)', -102, 'a second parameter without a comma'],
    ['ROUT:CLOS (@1)', -178, 'expression data'],
    ['VOLT 1,,2', -102, 'an empty parameter'],
  ];
  for (const [msg, code, why] of errors) it(`'${msg}' → ${code} (${why})`, () => assert.equal(codeOf(msg), code));

  it('yields the units before a bad one, then throws', () => {
    const gen = parseMessage(enc('*CLS;VOLT 1;1BAD;OUTP ON'));
    assert.equal(gen.next().value?.header, '*CLS');
    assert.equal(gen.next().value?.header, 'VOLT');
    assert.throws(() => gen.next(), (e: unknown) => e instanceof DeviceError && e.code === -102);
  });
});
