import { InstrumentError } from '../errors.ts';
import type { PoleLimits } from '../instrument.ts';
import type { PolingLinkConfig } from '../instrument-config.ts';
import { type ByteOrder, commandWithBlock, float32Bytes } from './binary-block.ts';

/** A trajectory turned into generator settings: normalised float32 samples in [−1, 1], Vpp, offset (V), rate (Sa/s). */
export interface WaveformPlan {
  readonly samples: Float32Array;
  readonly vpp: number;
  readonly offset: number;
  readonly srat: number;
  /** Burst duration (ms). */
  readonly durationMs: number;
}

/** The generator's set load: the HV amplifier's input is high-impedance, so the driver sends `OUTP1:LOAD INF` first. */
export const AMPLIFIER_LOAD_OHMS = Infinity;

/**
 * A 33500B's amplitude range at a set load (Ω; Infinity = high-Z), from its 50 Ω source: into open circuit 2 mVpp …
 * 20 Vpp with |offset| + Vpp/2 ≤ 10 V; into R scaled by R / (R + 50) (into 50 Ω: 1 mVpp … 10 Vpp, ±5 V).
 */
export function generatorRange(loadOhms: number): { minVpp: number; maxVpp: number; maxPeakV: number } {
  const f = loadOhms === Infinity ? 1 : loadOhms / (loadOhms + 50);
  return { minVpp: 2e-3 * f, maxVpp: 20 * f, maxPeakV: 10 * f };
}

/** The pole limits a poling config implies: amplifier peak and slew, generator points and sample-rate range. */
export function polingLimits(cfg: PolingLinkConfig): PoleLimits {
  return {
    maxVolts: cfg.amplifier.maxVolts,
    maxSlewVPerUs: cfg.amplifier.maxSlewVPerUs,
    minPoints: cfg.awg.minPoints,
    maxPoints: cfg.awg.maxPoints,
    minDtMs: 1000 / cfg.awg.maxSrat,
    maxDtMs: 1000 / cfg.awg.minSrat,
    voltsPerEc: cfg.voltsPerEc,
  };
}

/**
 * Generator settings for volts at the sample (already checked against the amplifier limits): generator volts =
 * V / gain, offset = mid-range, Vpp = range (at least the generator's minimum), samples = (g − offset)/(Vpp/2). Refuses
 * (INSTRUMENT_LIMIT) a waveform beyond the generator's range at the high-Z load or the configured caps.
 */
export function planWaveform(volts: Float64Array, dtMs: number, cfg: PolingLinkConfig): WaveformPlan {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of volts) {
    lo = Math.min(lo, v / cfg.amplifier.gain);
    hi = Math.max(hi, v / cfg.amplifier.gain);
  }
  const range = generatorRange(AMPLIFIER_LOAD_OHMS);
  const maxVpp = Math.min(cfg.awg.maxVpp, range.maxVpp);
  const maxPeak = Math.min(cfg.awg.maxOffsetV, range.maxPeakV);
  const offset = (hi + lo) / 2;
  const vpp = Math.max(range.minVpp, hi - lo);
  if (vpp > maxVpp) limit(`generator amplitude ${vpp.toPrecision(4)} Vpp exceeds ${maxVpp} Vpp (raise the amplifier gain)`);
  if (Math.abs(offset) + vpp / 2 > maxPeak) limit(`generator output reaches ${(Math.abs(offset) + vpp / 2).toPrecision(4)} V, beyond ±${maxPeak} V`);
  const samples = new Float32Array(volts.length);
  for (let t = 0; t < volts.length; t++) samples[t] = Math.max(-1, Math.min(1, (volts[t] / cfg.amplifier.gain - offset) / (vpp / 2)));
  return { samples, vpp, offset, srat: 1000 / dtMs, durationMs: volts.length * dtMs };
}

/** Volts at the sample the plan really produces (float32 samples, amplifier gain): length T. */
export function appliedVolts(plan: WaveformPlan, gain: number): Float64Array {
  return Float64Array.from(plan.samples, (s) => gain * (plan.offset + (plan.vpp / 2) * s));
}

/** The state-changing commands that load a plan, in order (output stays off; offset zeroed before the amplitude changes). */
export function loadCommands(plan: WaveformPlan, name: string, order: ByteOrder): (string | Uint8Array)[] {
  return [
    'SOUR1:DATA:VOL:CLE',
    commandWithBlock(`SOUR1:DATA:ARB ${name},`, float32Bytes(plan.samples, order)),
    'SOUR1:FUNC ARB',
    `SOUR1:FUNC:ARB ${name}`,
    `SOUR1:FUNC:ARB:SRAT ${plan.srat}`,
    'SOUR1:VOLT:OFFS 0',
    `SOUR1:VOLT ${plan.vpp}`,
    `SOUR1:VOLT:OFFS ${plan.offset}`,
  ];
}

/** Output off, high-Z load (before any amplitude is set), one-shot bus-triggered burst (sent at connect and after a reconnect). */
export const BURST_SETUP = ['OUTP1 OFF', 'OUTP1:LOAD INF', 'BURS:MODE TRIG', 'BURS:NCYC 1', 'TRIG:SOUR BUS', 'BURS:STAT ON'] as const;

function limit(message: string): never {
  throw new InstrumentError('INSTRUMENT_LIMIT', `pole: ${message}`);
}
