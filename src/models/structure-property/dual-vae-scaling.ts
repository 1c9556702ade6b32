/** Standardisation of the dual VAE's two modalities, each as an im2spec autoencoder's (./im2spec-scaling.ts). */
import { fitScaling, scaleInputs, scaleOutputs, type Im2SpecScaling } from './im2spec-scaling.ts';

/** Patches (inputs and targets of the structure branch) and loops (of the spectrum branch). */
export interface DualVaeScaling {
  readonly structure: Im2SpecScaling;
  readonly spectrum: Im2SpecScaling;
}

/** Fits both to N × P² patches and N × M loops (rows `rows` only). */
export function fitDualScaling(structure: ArrayLike<number>, spectra: ArrayLike<number>, count: number, rows?: ArrayLike<number>): DualVaeScaling {
  return { structure: fitScaling(structure, structure, count, rows), spectrum: fitScaling(spectra, spectra, count, rows) };
}

/** Standardised encoder inputs and decoder targets of both modalities. */
export function scaleDual(s: DualVaeScaling, structure: ArrayLike<number>, spectra: ArrayLike<number>): { xs: Float32Array; ys: Float32Array; xp: Float32Array; yp: Float32Array } {
  return {
    xs: scaleInputs(s.structure, structure), ys: scaleOutputs(s.structure, structure),
    xp: scaleInputs(s.spectrum, spectra), yp: scaleOutputs(s.spectrum, spectra),
  };
}
