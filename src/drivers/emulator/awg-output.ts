/**
 * The 33500B output stage as the emulator models it: a 50 Ω source whose settings are stated "at the set load"
 * (`OUTP1:LOAD`, Ω or Infinity for high-Z). Ranges into open circuit: 2 mVpp … 20 Vpp, |offset| + Vpp/2 ≤ 10 V;
 * into a load R they scale by R / (R + 50) (into 50 Ω: 1 mVpp … 10 Vpp, ±5 V).
 */
export const AWG_OUTPUT = { sourceOhms: 50, minOpenVpp: 2e-3, maxOpenVpp: 20, maxOpenPeakV: 10, minLoad: 1, maxLoad: 10_000, defLoad: 50 } as const;

/** Set value per open-circuit volt at a set load of `loadOhms` (Ω; Infinity = high-Z): R / (R + 50), 1 for high-Z. */
export function loadFactor(loadOhms: number): number {
  return loadOhms === Infinity ? 1 : loadOhms / (loadOhms + AWG_OUTPUT.sourceOhms);
}

/** Amplitude range at the set load: minimum and maximum Vpp, and the peak |offset| + Vpp/2 (V). */
export function outputRange(loadOhms: number): { minVpp: number; maxVpp: number; maxPeakV: number } {
  const f = loadFactor(loadOhms);
  return { minVpp: AWG_OUTPUT.minOpenVpp * f, maxVpp: AWG_OUTPUT.maxOpenVpp * f, maxPeakV: AWG_OUTPUT.maxOpenPeakV * f };
}

/** Volts that reach a high-impedance input (the HV amplifier) for a set value at the set load: set / loadFactor. */
export function voltsIntoHighZ(setVolts: number, loadOhms: number): number {
  return setVolts / loadFactor(loadOhms);
}
