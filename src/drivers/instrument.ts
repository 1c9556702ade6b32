/**
 * The Instrument contract: the only thing an agent knows about hardware. The FerroSIM driver, the serial
 * poling and microscope drivers and the composite poling rig all implement it.
 */

/** What a command asks for; an instrument lists the kinds it can do in `info.capabilities`. */
export type CommandKind = 'pole' | 'scan' | 'spectroscopy' | 'simulate';

/** Image channels of a scan: height (nm), PFM amplitude (a.u.), PFM phase (degrees), in-plane Px, Py (a.u.). */
export type ScanChannel = 'TOPO' | 'AMPL' | 'PHAS' | 'PX' | 'PY';
export const SCAN_CHANNELS: readonly ScanChannel[] = ['TOPO', 'AMPL', 'PHAS', 'PX', 'PY'];

/** Units of the scan channels. */
export const CHANNEL_UNITS: Readonly<Record<ScanChannel, string>> = { TOPO: 'nm', AMPL: 'a.u.', PHAS: 'deg', PX: 'a.u.', PY: 'a.u.' };

/** Apply a poling field trajectory (one value per time step, volts at the sample or Ec units) of `dtMs` ms per step. */
export interface PoleCommand {
  readonly kind: 'pole';
  readonly field: Float64Array;
  readonly units: 'V' | 'Ec';
  readonly dtMs: number;
}

/** Scan one image of each channel; pixels [nx, ny] and edge size (µm) default to the instrument's configuration. */
export interface ScanCommand {
  readonly kind: 'scan';
  readonly channels: readonly ScanChannel[];
  readonly pixels?: readonly [number, number];
  readonly sizeUm?: number;
}

/** Move the tip to (x, y) µm and run switching spectroscopy with a bias waveform (V at the tip, `dtMs` per point). */
export interface SpectroscopyCommand {
  readonly kind: 'spectroscopy';
  readonly x: number;
  readonly y: number;
  readonly waveform: Float64Array;
  readonly dtMs: number;
}

/**
 * Simulator only (workflow W1): run the model from the pristine sample with some parameters changed (coupling k,
 * depolarisation α_dep) under a field trajectory in Ec units (one value per step); returns the final PX/PY maps
 * and the site-mean polarization ⟨P⟩(t) as `meanP` (2 × T). Hardware declines it (INSTRUMENT_UNSUPPORTED).
 */
export interface SimulateCommand {
  readonly kind: 'simulate';
  readonly params: { readonly k?: number; readonly depAlpha?: number };
  readonly field: Float64Array;
}

export type Command = PoleCommand | ScanCommand | SpectroscopyCommand | SimulateCommand;

/** One measured array: row-major data of the given shape (images are ny × nx, spectroscopy 3 × M). */
export interface MeasuredArray {
  readonly shape: readonly number[];
  readonly data: Float64Array;
  readonly unit: string;
}

/** The answer to one command: named arrays, stamped with the instrument's name and the time (ms since epoch). */
export interface Measurement {
  readonly command: Command;
  readonly instrument: string;
  readonly at: number;
  readonly arrays: Readonly<Record<string, MeasuredArray>>;
}

/** Limits of the pole command (volts at the sample, V/µs, points per trajectory, ms per step). */
export interface PoleLimits {
  readonly maxVolts: number;
  readonly maxSlewVPerUs: number;
  readonly minPoints: number;
  readonly maxPoints: number;
  readonly minDtMs: number;
  readonly maxDtMs: number;
  /** Volts at the sample per FerroSIM Ec unit (converts 'Ec' trajectories). */
  readonly voltsPerEc: number;
}

/** Limits of the scan command: largest edge (µm) and pixel count per axis; defaults used when a scan omits them. */
export interface ScanLimits {
  readonly maxSizeUm: number;
  readonly maxPixels: number;
  readonly defaultSizeUm: number;
  readonly defaultPixels: readonly [number, number];
}

/** Limits of spectroscopy: tip bias (V), points per waveform, tip range [0, rangeUm]² (µm), ms per point. */
export interface SpectroscopyLimits {
  readonly maxVolts: number;
  readonly maxPoints: number;
  readonly rangeUm: number;
  readonly minDtMs: number;
  readonly maxDtMs: number;
}

/** Limits of the simulate command: trajectory length and the parameter ranges. */
export interface SimulateLimits {
  readonly maxPoints: number;
  readonly k: readonly [number, number];
  readonly depAlpha: readonly [number, number];
}

export interface InstrumentLimits {
  readonly pole?: PoleLimits;
  readonly simulate?: SimulateLimits;
  readonly scan?: ScanLimits;
  readonly spectroscopy?: SpectroscopyLimits;
}

/** Who an instrument is and what it can do. `identity` is the `*IDN?` answer (or a driver string) once connected. */
export interface InstrumentInfo {
  readonly name: string;
  readonly kind: string;
  readonly identity: string;
  readonly capabilities: readonly CommandKind[];
  /** Names of the arrays each command kind returns (for a scan: the channels asked for, in order). */
  readonly outputs: Readonly<Partial<Record<CommandKind, readonly string[]>>>;
  readonly limits: InstrumentLimits;
}

/** An instrument. Callers never overlap `measure` calls; `connect`/`close` may be repeated (hot swap). */
export interface Instrument {
  readonly info: InstrumentInfo;
  connect(signal?: AbortSignal): Promise<void>;
  /** One command in, one measurement out; rejects with an InstrumentError/TransportError/ScpiError. */
  measure(command: Command, signal?: AbortSignal): Promise<Measurement>;
  /**
   * Optional: throws (INSTRUMENT_LIMIT) when `measure` would refuse the command by a limit beyond `info.limits`
   * (e.g. the generator's range behind an amplifier); writes nothing, needs no connection. Without it, `info.limits` rule.
   */
  check?(command: Command): void;
  close(): Promise<void>;
}
