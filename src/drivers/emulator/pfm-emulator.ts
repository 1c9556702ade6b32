import { SCAN_CHANNELS, type ScanChannel } from '../instrument.ts';
import { float32Bytes } from '../serial/binary-block.ts';
import type { DigitalTwin } from '../twin/digital-twin.ts';
import { blockArg, keywordArg, rangedArg } from './device-args.ts';
import type { ControllerSpec } from './scpi-interpreter.ts';
import { DeviceError, type ParsedCommand } from './scpi-parse.ts';

/** Channel names in short/long form (`TOPO`/`TOPOGRAPHY`, …); the short forms are the ScanChannel names. */
const CHANNEL_KEYWORDS = ['TOPOgraphy', 'AMPLitude', 'PHASe', 'PX', 'PY'] as const satisfies readonly string[];

export const PFM_LIMITS = { maxSizeUm: 100, maxPixels: 1024, rangeUm: 100, maxSpecPoints: 4096, maxTipVolts: 10 } as const;

/** Settings and last data of the emulated microscope controller. */
export interface PfmState {
  sizeUm: number;
  nx: number;
  ny: number;
  tip: [number, number];
  engaged: boolean;
  route: 'GLOB' | 'TIP';
  specWave: Float64Array | undefined;
  images: Partial<Record<ScanChannel, Float64Array>>;
  spec: Float64Array | undefined;
}

function powerOn(): PfmState {
  return { sizeUm: 5, nx: 64, ny: 64, tip: [0, 0], engaged: false, route: 'GLOB', specWave: undefined, images: {}, spec: undefined };
}

/** The microscope protocol of docs/pfm-protocol.md over a digital twin; `interlockClosed` is read live (a fault can open it). */
export function createPfmController(
  twin: DigitalTwin, identity: string, byteOrder: () => 'NORM' | 'SWAP', interlockClosed: () => boolean,
): ControllerSpec & { readonly state: PfmState } {
  let s = powerOn();
  const block = (v: Float64Array): { block: Uint8Array } => ({ block: float32Bytes(v, byteOrder()) });
  return {
    identity,
    get state() { return s; },
    reset: () => { s = powerOn(); },
    commands: [
      { pattern: 'SYSTem:INTLock', query: () => (interlockClosed() ? '1' : '0') },
      { pattern: 'SCAN:SIZE', args: [1, 1], query: () => String(s.sizeUm), set: (c: ParsedCommand) => { s.sizeUm = rangedArg(c, 0, 1e-3, PFM_LIMITS.maxSizeUm); return undefined; } },
      {
        pattern: 'SCAN:PIXels',
        args: [2, 2],
        query: () => `${s.nx},${s.ny}`,
        set: (c: ParsedCommand) => {
          s.nx = Math.round(rangedArg(c, 0, 1, PFM_LIMITS.maxPixels));
          s.ny = Math.round(rangedArg(c, 1, 1, PFM_LIMITS.maxPixels));
          return undefined;
        },
      },
      { pattern: 'SCAN:RUN', set: () => { s.images = twin.scan(SCAN_CHANNELS, s.nx, s.ny, s.sizeUm); return undefined; } },
      {
        pattern: 'SCAN:DATA',
        queryArgs: [1, 1],
        query: (c: ParsedCommand) => {
          const ch: ScanChannel = keywordArg(c, 0, CHANNEL_KEYWORDS);
          const img = s.images[ch];
          if (!img) throw new DeviceError(-221, 'Settings conflict; no image acquired (SCAN:RUN first)');
          return block(img);
        },
      },
      {
        pattern: 'TIP:MOVE',
        args: [2, 2],
        set: (c: ParsedCommand) => { s.tip = [rangedArg(c, 0, 0, PFM_LIMITS.rangeUm), rangedArg(c, 1, 0, PFM_LIMITS.rangeUm)]; return undefined; },
      },
      { pattern: 'TIP:POSition', query: () => `${s.tip[0]},${s.tip[1]}` },
      { pattern: 'TIP:ENGage', set: () => { s.engaged = true; return undefined; }, query: () => (s.engaged ? '1' : '0') },
      { pattern: 'TIP:WITHdraw', set: () => { s.engaged = false; return undefined; } },
      { pattern: 'POLing:ROUTe', args: [1, 1], query: () => s.route, set: (c: ParsedCommand) => { s.route = keywordArg(c, 0, ['GLOBal', 'TIP']); return undefined; } },
      {
        pattern: 'SPECtroscopy:WAVE',
        args: [1, 1],
        set: (c: ParsedCommand) => {
          const w = blockArg(c, 0, byteOrder());
          if (w.length < 2 || w.length > PFM_LIMITS.maxSpecPoints) throw new DeviceError(-222, `Data out of range; ${w.length} points`);
          if (w.some((v) => !(Math.abs(v) <= PFM_LIMITS.maxTipVolts))) throw new DeviceError(-222, `Data out of range; tip bias beyond +-${PFM_LIMITS.maxTipVolts} V`);
          s.specWave = w;
          return undefined;
        },
      },
      {
        pattern: 'SPECtroscopy:RUN',
        set: async () => {
          if (!s.engaged) throw new DeviceError(-221, 'Settings conflict; tip not engaged');
          if (!s.specWave) throw new DeviceError(-221, 'Settings conflict; no spectroscopy waveform');
          s.spec = await twin.spectroscopy(s.tip[0], s.tip[1], s.specWave);
          return undefined;
        },
      },
      {
        pattern: 'SPECtroscopy:DATA',
        query: () => {
          if (!s.spec) throw new DeviceError(-221, 'Settings conflict; no spectroscopy data (SPEC:RUN first)');
          return block(s.spec);
        },
      },
    ],
  };
}
