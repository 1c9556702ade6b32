import { DeviceError, type ParsedCommand } from './scpi-parse.ts';
import type { ControllerSpec } from './scpi-device.ts';
import { blockArg, boolArg, keywordArg, numberArg, rangedArg } from './device-args.ts';

/** What the AWG's output drives: the HV amplifier and the sample (the virtual rig). */
export interface AwgLoad {
  /** Plays one burst: generator volts per sample (length T) at `srat` Sa/s; rejects with DeviceError to refuse. */
  burst(generatorVolts: Float64Array, srat: number): Promise<void>;
}

export const AWG_LIMITS = { minPoints: 8, maxPoints: 65_536, minSrat: 1, maxSrat: 1e6, maxVpp: 20, maxOffset: 10 } as const;

/** Settings of the emulated 33500-class generator (channel 1). */
interface AwgState {
  waveforms: Map<string, Float64Array>;
  func: 'SIN' | 'ARB';
  arb: string | undefined;
  srat: number;
  vpp: number;
  offset: number;
  burstMode: 'TRIG' | 'GAT';
  ncycles: number;
  burstOn: boolean;
  trigSource: 'BUS' | 'IMM' | 'EXT';
  output: boolean;
}

function powerOn(): AwgState {
  return {
    waveforms: new Map(), func: 'SIN', arb: undefined, srat: 40_000, vpp: 0.1, offset: 0, burstMode: 'TRIG', ncycles: 1,
    burstOn: false, trigSource: 'IMM', output: false,
  };
}

/** The Keysight 33500B subset of spec/instruments.md, driving an AwgLoad on `*TRG`. */
export function createAwgController(load: AwgLoad, identity: string, byteOrder: () => 'NORM' | 'SWAP'): ControllerSpec & { readonly state: AwgState } {
  let s = powerOn();
  const controller = {
    identity,
    get state() { return s; },
    reset: () => { s = powerOn(); },
    commands: [
      { pattern: '[SOURce#]:DATA:VOLatile:CLEar', set: () => { s.waveforms.clear(); s.arb = undefined; return undefined; } },
      { pattern: '[SOURce#]:DATA:ARBitrary', set: (c: ParsedCommand) => { uploadArb(s, c, byteOrder()); return undefined; } },
      { pattern: '[SOURce#]:FUNCtion', query: () => s.func, set: (c: ParsedCommand) => { s.func = keywordArg(c, 0, ['ARB', 'SIN']); return undefined; } },
      {
        pattern: '[SOURce#]:FUNCtion:ARBitrary',
        query: () => `"${s.arb ?? ''}"`,
        set: (c: ParsedCommand) => {
          const name = String(c.args[0] ?? '').replace(/"/g, '').toUpperCase();
          if (!s.waveforms.has(name)) throw new DeviceError(-224, `Illegal parameter value; no waveform ${name}`);
          s.arb = name;
          return undefined;
        },
      },
      { pattern: '[SOURce#]:FUNCtion:ARBitrary:SRATe', query: () => String(s.srat), set: (c: ParsedCommand) => { s.srat = rangedArg(c, 0, AWG_LIMITS.minSrat, AWG_LIMITS.maxSrat); return undefined; } },
      { pattern: '[SOURce#]:VOLTage', query: () => String(s.vpp), set: (c: ParsedCommand) => { s.vpp = rangedArg(c, 0, 1e-3, AWG_LIMITS.maxVpp); return undefined; } },
      { pattern: '[SOURce#]:VOLTage:OFFSet', query: () => String(s.offset), set: (c: ParsedCommand) => { s.offset = rangedArg(c, 0, -AWG_LIMITS.maxOffset, AWG_LIMITS.maxOffset); return undefined; } },
      { pattern: '[SOURce#]:BURSt:MODE', query: () => s.burstMode, set: (c: ParsedCommand) => { s.burstMode = keywordArg(c, 0, ['TRIG', 'GAT']); return undefined; } },
      { pattern: '[SOURce#]:BURSt:NCYCles', query: () => String(s.ncycles), set: (c: ParsedCommand) => { s.ncycles = rangedArg(c, 0, 1, 1e6); return undefined; } },
      { pattern: '[SOURce#]:BURSt:STATe', query: () => (s.burstOn ? '1' : '0'), set: (c: ParsedCommand) => { s.burstOn = boolArg(c, 0); return undefined; } },
      { pattern: 'TRIGger#:SOURce', query: () => s.trigSource, set: (c: ParsedCommand) => { s.trigSource = keywordArg(c, 0, ['BUS', 'IMM', 'EXT']); return undefined; } },
      { pattern: 'OUTPut#', query: () => (s.output ? '1' : '0'), set: (c: ParsedCommand) => { s.output = boolArg(c, 0); return undefined; } },
      { pattern: '*TRG', set: async () => { await trigger(s, load); return undefined; } },
    ],
  };
  return controller;
}

function uploadArb(s: AwgState, c: ParsedCommand, order: 'NORM' | 'SWAP'): void {
  const name = String(c.args[0] ?? '').toUpperCase();
  if (!/^[A-Z][A-Z0-9_]{0,11}$/.test(name)) throw new DeviceError(-224, `Illegal parameter value; waveform name '${name}'`);
  const values = c.args[1] instanceof Uint8Array ? blockArg(c, 1, order) : Float64Array.from(c.args.slice(1), (_, i) => numberArg(c, i + 1));
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
  if (Math.abs(s.offset) + s.vpp / 2 > AWG_LIMITS.maxOffset) throw new DeviceError(-221, 'Settings conflict; amplitude + offset exceed the output range');
  if (!s.output) return; // a burst with the output relay open reaches nothing
  const volts = wave.map((v) => s.offset + (s.vpp / 2) * v);
  for (let n = 0; n < s.ncycles; n++) await load.burst(volts, s.srat);
}
