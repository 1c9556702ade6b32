import type { SummaryKey } from './sim-summary.ts';

/** Figure titles (name and units) of each sweep response; p is the site polarisation, E the field (Ec units). */
export const RESPONSE_LABELS: Readonly<Record<SummaryKey, string>> = {
  curlAbsSum: 'Σ|curl p| of the final state (code units)',
  meanPx: 'final ⟨pₓ⟩ (code units)',
  meanPy: 'final ⟨p_y⟩ (code units)',
  meanPMagnitude: 'final |⟨p⟩| (code units)',
  curlOverPolarization: 'Σ|curl p| / |⟨p⟩| (code units)',
  loopAreaX: 'loop area |∮⟨pₓ⟩ dEₓ| (p · Ec)',
  loopAreaY: 'loop area |∮⟨p_y⟩ dE_y| (p · Ec)',
};
