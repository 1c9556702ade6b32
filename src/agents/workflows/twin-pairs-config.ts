/** Twin-pairs options from a W3 (dkl-microscope) campaign config, and twin pairs as the .npz layout (PairedData). */
import type { CampaignConfig } from '../../config.ts';
import type { PairedData } from '../../data/pairs-npz.ts';
import { InputError } from '../../errors.ts';
import type { TwinPairs, TwinPairsOptions } from './twin-pairs.ts';

/** The twin, scan, patch, spectroscopy, descriptor and response of a W3 config; InputError (path `config`) otherwise. */
export function w3PairsOptions(cfg: CampaignConfig, name: string): TwinPairsOptions {
  if (cfg.workflow.kind !== 'dkl-microscope') throw new InputError('--config', `needs a dkl-microscope (W3) config, ${name} is ${cfg.workflow.kind}`);
  if (cfg.instrument.kind !== 'ferrosim') throw new InputError('--config', `needs the ferrosim instrument (the twin), ${name} has ${cfg.instrument.kind}`);
  const w = cfg.workflow;
  return {
    twin: cfg.instrument.twin, channel: w.scan.channel, pixels: w.scan.pixels, sizeUm: w.scan.sizeUm, patch: w.patch,
    amplitude: w.spectroscopy.amplitude, points: w.spectroscopy.points, dtMs: w.spectroscopy.dtMs, descriptor: w.descriptor, response: w.response,
  };
}

/** Twin pairs as float32 paired data (pixels as float32 ix, iy), the layout written to and read from .npz. */
export function twinPairsAsPaired(p: TwinPairs): PairedData {
  return {
    count: p.count, patch: p.patch, points: p.points, structure: p.structure, spectra: p.spectra,
    bias: Float32Array.from(p.bias), descriptor: Float32Array.from(p.descriptor), pixels: Float32Array.from(p.pixels),
  };
}
