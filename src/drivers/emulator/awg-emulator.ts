import type { ShortForm } from './scpi-header.ts';
import type { CommandSpec, ControllerSpec } from './scpi-interpreter.ts';
import { DeviceError, type ParsedCommand } from './scpi-parse.ts';
import { AWG_OUTPUT, loadFactor, outputRange, voltsIntoHighZ } from './awg-output.ts';
import { blockArg, boolArg, keywordArg, nameArg, numberArg, numericArg, numericQuery, type NumericSpec } from './device-args.ts';

/** What the AWG's output drives: the HV amplifier (a high-impedance input) and the sample (the virtual rig). */
export interface AwgLoad {
  /** Plays one burst: volts at the amplifier input per sample (length T) at `srat` Sa/s; rejects with DeviceError to refuse. */
  burst(generatorVolts: Float64Array, srat: number): Promise<void>;
}

export const AWG_LIMITS = { minPoints: 8, maxPoints: 65_536, minSrat: 1, maxSrat: 1e6, defSrat: 40_000, maxCycles: 1e8 } as const;

const FUNCTIONS = ['SINusoid', 'SQUare', 'TRIangle', 'RAMP', 'PULSe', 'PRBS', 'NOISe', 'ARB', 'DC'] as const;
const BURST_MODES = ['TRIGgered', 'GATed'] as const;
const TRIGGER_SOURCES = ['IMMediate', 'EXTernal', 'TIMer', 'BUS'] as const;

/** Settings of the emulated 33500-class generator (channel 1); vpp and offset are stated at the set load. */
interface AwgState {
  waveforms: Map<string, Float64Array>;
  func: ShortForm<(typeof FUNCTIONS)[number]>;
  arb: string | undefined;
  srat: number;
  vpp: number;
  offset: number;
  /** `OUTP1:LOAD` (Ω; Infinity = high-Z). */
  load: number;
  burstMode: ShortForm<(typeof BURST_MODES)[number]>;
  ncycles: number;
  burstOn: boolean;
  trigSource: ShortForm<(typeof TRIGGER_SOURCES)[number]>;
  output: boolean;
}

function powerOn(): AwgState {
  return {
    waveforms: new Map(), func: 'SIN', arb: undefined, srat: AWG_LIMITS.defSrat, vpp: 0.1, offset: 0, load: AWG_OUTPUT.defLoad,
    burstMode: 'TRIG', ncycles: 1, burstOn: false, trigSource: 'IMM', output: false,
  };
}

const ONE: readonly [number, number] = [1, 1];
const OPT: readonly [number, number] = [0, 1];
const done = (): undefined => undefined;

/** A numeric setting `pattern` with MIN|MAX|DEF (and INF where `spec.inf`), query `X? [MIN|MAX|DEF]`. */
function numeric(pattern: string, spec: NumericSpec, get: () => number, put: (v: number) => void): CommandSpec {
  return { pattern, args: ONE, queryArgs: OPT, query: (c) => numericQuery(c, spec, get()), set: (c) => { put(numericArg(c, 0, spec)); return done(); } };
}

/** The Keysight 33500B subset ferroloop's poling driver uses (see docs/awg-33500b.md), driving an AwgLoad on `*TRG`. */
export function createAwgController(load: AwgLoad, identity: string, byteOrder: () => 'NORM' | 'SWAP'): ControllerSpec & { readonly state: AwgState } {
  let s = powerOn();
  const range = (): ReturnType<typeof outputRange> => outputRange(s.load);
  const commands: CommandSpec[] = [
    { pattern: '[SOURce#]:DATA:VOLatile:CLEar', set: () => { s.waveforms.clear(); s.arb = undefined; return done(); } },
    { pattern: '[SOURce#]:DATA:ARBitrary', args: [2, AWG_LIMITS.maxPoints + 1], set: (c) => { uploadArb(s, c, byteOrder()); return done(); } },
    { pattern: '[SOURce#]:FUNCtion', args: ONE, query: () => s.func, set: (c) => { s.func = keywordArg(c, 0, FUNCTIONS); return done(); } },
    {
      pattern: '[SOURce#]:FUNCtion:ARBitrary',
      args: ONE,
      query: () => `"${s.arb ?? ''}"`,
      set: (c) => {
        const name = nameArg(c, 0);
        if (!s.waveforms.has(name)) throw new DeviceError(-224, `Illegal parameter value; no waveform ${name}`);
        s.arb = name;
        return done();
      },
    },
    numeric('[SOURce#]:FUNCtion:ARBitrary:SRATe', { min: () => AWG_LIMITS.minSrat, max: () => AWG_LIMITS.maxSrat, def: () => AWG_LIMITS.defSrat }, () => s.srat, (v) => { s.srat = v; }),
    numeric('[SOURce#]:VOLTage', { min: () => range().minVpp, max: () => range().maxVpp, def: () => 0.2 * loadFactor(s.load) }, () => s.vpp, (v) => { s.vpp = v; }),
    numeric('[SOURce#]:VOLTage:OFFSet', { min: () => -range().maxPeakV, max: () => range().maxPeakV, def: () => 0 }, () => s.offset, (v) => { s.offset = v; }),
    { pattern: '[SOURce#]:BURSt:MODE', args: ONE, query: () => s.burstMode, set: (c) => { s.burstMode = keywordArg(c, 0, BURST_MODES); return done(); } },
    numeric('[SOURce#]:BURSt:NCYCles', { min: () => 1, max: () => AWG_LIMITS.maxCycles, def: () => 1, inf: true }, () => s.ncycles, (v) => { s.ncycles = v === Infinity ? v : Math.round(v); }),
    { pattern: '[SOURce#]:BURSt:STATe', args: ONE, query: () => (s.burstOn ? '1' : '0'), set: (c) => { s.burstOn = boolArg(c, 0); return done(); } },
    { pattern: 'TRIGger#:SOURce', args: ONE, query: () => s.trigSource, set: (c) => { s.trigSource = keywordArg(c, 0, TRIGGER_SOURCES); return done(); } },
    { pattern: 'OUTPut#', args: ONE, query: () => (s.output ? '1' : '0'), set: (c) => { s.output = boolArg(c, 0); return done(); } },
    numeric('OUTPut#:LOAD', { min: () => AWG_OUTPUT.minLoad, max: () => AWG_OUTPUT.maxLoad, def: () => AWG_OUTPUT.defLoad, inf: true }, () => s.load, (v) => { setLoad(s, v); }),
    { pattern: '*TRG', set: async () => { await trigger(s, load); return done(); } },
  ];
  return { identity, get state() { return s; }, reset: () => { s = powerOn(); }, commands };
}

/** A new set load keeps the physical output: the displayed amplitude and offset scale with the load factor (as on the 33500B). */
function setLoad(s: AwgState, ohms: number): void {
  const k = loadFactor(ohms) / loadFactor(s.load);
  s.vpp *= k;
  s.offset *= k;
  s.load = ohms;
}

function uploadArb(s: AwgState, c: ParsedCommand, order: 'NORM' | 'SWAP'): void {
  const name = nameArg(c, 0);
  if (!/^[A-Z][A-Z0-9_]{0,11}$/.test(name)) throw new DeviceError(-224, `Illegal parameter value; waveform name '${name}'`);
  const isBlock = c.args[1].kind === 'block';
  if (isBlock && c.args.length > 2) throw new DeviceError(-108, `Parameter not allowed; ${c.header} takes one block`);
  const values = isBlock ? blockArg(c, 1, order) : Float64Array.from(c.args.slice(1), (_, i) => numberArg(c, i + 1));
  if (values.length < AWG_LIMITS.minPoints || values.length > AWG_LIMITS.maxPoints) {
    throw new DeviceError(-222, `Data out of range; ${values.length} points (allowed ${AWG_LIMITS.minPoints}..${AWG_LIMITS.maxPoints})`);
  }
  for (const v of values) {
    if (!(Math.abs(v) <= 1)) throw new DeviceError(-222, `Data out of range; sample ${v} outside [-1, 1]`);
  }
  s.waveforms.set(name, values);
}

async function trigger(s: AwgState, load: AwgLoad): Promise<void> {
  if (!s.burstOn || s.trigSource !== 'BUS' || s.burstMode !== 'TRIG') throw new DeviceError(-211, 'Trigger ignored; burst not armed for bus trigger');
  const wave = s.func === 'ARB' && s.arb !== undefined ? s.waveforms.get(s.arb) : undefined;
  if (!wave) throw new DeviceError(-221, 'Settings conflict; no arbitrary waveform selected');
  if (s.ncycles === Infinity) throw new DeviceError(-221, 'Settings conflict; an infinite burst is not played by the virtual rig');
  if (Math.abs(s.offset) + s.vpp / 2 > outputRange(s.load).maxPeakV) throw new DeviceError(-221, 'Settings conflict; amplitude + offset exceed the output range');
  if (!s.output) return; // a burst with the output relay open reaches nothing
  const volts = wave.map((v) => voltsIntoHighZ(s.offset + (s.vpp / 2) * v, s.load));
  for (let n = 0; n < s.ncycles; n++) await load.burst(volts, s.srat);
}
