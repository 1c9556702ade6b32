import type { CampaignConfig } from '../../config.ts';
import { type PrepareHooks, prepareLatentBo } from './latent-bo.ts';
import type { PreparedWorkflow } from './prepared-workflow.ts';

/** Prepares the workflow a config names (the only place that knows every workflow). */
export async function prepareWorkflow(cfg: CampaignConfig, hooks: PrepareHooks): Promise<PreparedWorkflow> {
  switch (cfg.workflow.kind) {
    case 'latent-bo':
      return prepareLatentBo(cfg as CampaignConfig & { workflow: { kind: 'latent-bo' } }, hooks);
  }
}
