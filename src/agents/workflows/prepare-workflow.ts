import type { CampaignConfig } from '../../config.ts';
import type { Instrument } from '../../drivers/instrument.ts';
import type { RunStart } from '../../events/documents.ts';
import { prepareDklMicroscope, type StructureScan } from './dkl-microscope.ts';
import { type PrepareHooks, prepareLatentBo } from './latent-bo.ts';
import { prepareParamBo } from './param-bo.ts';
import type { PreparedWorkflow } from './prepared-workflow.ts';

/**
 * Prepares the workflow a config names (the only place that knows every workflow). `instrument` is
 * connected; `resumed` is the start document of a run being resumed (W3 reuses the scan stored there).
 */
export async function prepareWorkflow(cfg: CampaignConfig, hooks: PrepareHooks, instrument: Instrument, resumed?: RunStart): Promise<PreparedWorkflow> {
  switch (cfg.workflow.kind) {
    case 'latent-bo':
      return prepareLatentBo(cfg as CampaignConfig & { workflow: { kind: 'latent-bo' } }, hooks);
    case 'param-bo':
      return prepareParamBo(cfg as CampaignConfig & { workflow: { kind: 'param-bo' } }, hooks);
    case 'dkl-microscope':
      return prepareDklMicroscope(cfg as CampaignConfig & { workflow: { kind: 'dkl-microscope' } }, hooks, instrument,
        resumed?.structure_scan as StructureScan | undefined);
  }
}
