import type { CampaignConfig } from '../config.ts';
import { CHANNEL_UNITS } from '../drivers/instrument.ts';
import { RESPONSE_LABELS } from '../sweep/response-labels.ts';

/** A workflow's objective as figures name it: what is scored, with units (and a short name for titles). */
export interface ObjectiveLabel {
  readonly title: string;
  readonly short: string;
}

/** W3 loop descriptors with units: bias in V at the tip, the response in the instrument's arbitrary units. */
const DESCRIPTOR_LABELS = {
  area: { title: 'loop area |∮ r dV| (a.u. · V)', short: 'loop area' },
  height: { title: 'loop height max r − min r (a.u.)', short: 'loop height' },
  'coercive-width': { title: 'coercive width |V₊ − V₋| (V)', short: 'coercive width' },
  imprint: { title: 'imprint (V₊ + V₋)/2 (V)', short: 'imprint' },
} as const;

/** The objective of a campaign config, named with its units. */
export function objectiveLabel(cfg: CampaignConfig): ObjectiveLabel {
  const w = cfg.workflow;
  switch (w.kind) {
    case 'param-bo': {
      const y = (cfg.instrument.kind === 'ferrosim' ? cfg.instrument.twin.fieldComponent : 'y') === 'x' ? 'X' : 'Y';
      if (w.response === 'curl') return { title: RESPONSE_LABELS.curlAbsSum, short: 'Σ|curl p|' };
      if (w.response === 'loop-area') return { title: RESPONSE_LABELS[`loopArea${y}`], short: 'loop area' };
      return { title: `remanent |⟨p_${y.toLowerCase()}⟩| after the field (code units)`, short: 'remanence' };
    }
    case 'latent-bo':
      return { title: RESPONSE_LABELS.curlAbsSum, short: 'Σ|curl p|' };
    case 'dkl-microscope': {
      const d = DESCRIPTOR_LABELS[w.descriptor];
      return { title: `${w.response === 'on' ? 'on-field' : 'off-field'} ${d.title}`, short: d.short };
    }
  }
}

/** Axis title of a scanned channel with its units, e.g. "TOPO height (nm)". */
export function channelTitle(channel: keyof typeof CHANNEL_UNITS): string {
  const what = { TOPO: 'topography', AMPL: 'PFM amplitude', PHAS: 'PFM phase', PX: 'polarisation pₓ', PY: 'polarisation p_y' }[channel];
  return `${channel} ${what} (${CHANNEL_UNITS[channel]})`;
}
