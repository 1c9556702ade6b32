import type { CommandKind } from '../../drivers/instrument.ts';

/** Command kinds each workflow sends to its instrument (checked against the driver before connecting). */
export const WORKFLOW_CAPABILITIES: Readonly<Record<string, readonly CommandKind[]>> = {
  /** W1: simulator parameters (k, α_dep) under a fixed field. */
  'param-bo': ['simulate'],
  /** W2: a poling field trajectory per candidate, answered with the PX/PY maps. */
  'latent-bo': ['pole'],
  /** W3: one structural scan, then switching spectroscopy at the chosen pixels. */
  'dkl-microscope': ['scan', 'spectroscopy'],
};

/** Capabilities a workflow needs (empty for an unknown kind: the config schema refuses those). */
export function requiredCapabilities(workflow: string): readonly CommandKind[] {
  return WORKFLOW_CAPABILITIES[workflow] ?? [];
}
