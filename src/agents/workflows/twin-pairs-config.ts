/** Twin-pairs options from a W3 (dkl-microscope) campaign config, and twin pairs as the .npz layout (PairedData). */
import type { CampaignConfig } from '../../config.ts';
import type { PairedData } from '../../data/pairs-npz.ts';
import { InputError } from '../../errors.ts';
import { PAIR_CHANNELS, type TwinPairs, type TwinPairsOptions } from './twin-pairs.ts';

type PairChannel = (typeof PAIR_CHANNELS)[number];

/**
 * Channels of the pairs `ferroloop twin pairs` and `--data twin` cut by default: AMPL with the in-plane
 * polarisation PX, PY (im2spec's held-out area R² 0.93 against 0.65 from AMPL alone, docs/twin-structure-property.md).
 */
export const DEFAULT_PAIR_CHANNELS: readonly PairChannel[] = ['AMPL', 'PX', 'PY'];

/** `--channels A,B,…` (default DEFAULT_PAIR_CHANNELS); InputError naming the flag for an unknown or repeated channel. */
export function channelsFlag(value: string | undefined): PairChannel[] {
  if (value === undefined) return [...DEFAULT_PAIR_CHANNELS];
  const list = value.split(',').map((c) => c.trim().toUpperCase());
  for (const c of list) if (!(PAIR_CHANNELS as readonly string[]).includes(c)) throw new InputError('--channels', `unknown channel '${c}' (expected some of ${PAIR_CHANNELS.join(', ')})`);
  if (new Set(list).size !== list.length) throw new InputError('--channels', `each channel at most once, got ${value}`);
  return list as PairChannel[];
}

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
    count: p.count, patch: p.patch, ...(p.channels.length > 1 ? { channels: p.channels.length } : {}), points: p.points, structure: p.structure, spectra: p.spectra,
    bias: Float32Array.from(p.bias), descriptor: Float32Array.from(p.descriptor), pixels: Float32Array.from(p.pixels),
  };
}
