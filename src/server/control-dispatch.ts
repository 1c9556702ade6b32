import type { CampaignManager, CampaignStatus } from './campaign-manager.ts';
import type { ControlRequest } from './client-messages.ts';

/** The payload of a `control/ack`: the request's id, the request itself (without id or token), plus what it started. */
export interface ControlAck {
  readonly id?: string | number;
  readonly request: { readonly type: string } & Record<string, unknown>;
  readonly name?: string;
}

/** The echo of a request in its ack: every field but `id` (and never a token). */
export function echoRequest(req: { readonly type: string; readonly id?: unknown } & Record<string, unknown>): ControlAck['request'] {
  const { id: _id, token: _token, ...rest } = req;
  return rest as ControlAck['request'];
}

/** What the server's control messages drive: a campaign manager, or a replay. */
export interface ControlTarget {
  /** Carries out one authorised request; throws ServerError (NO_CAMPAIGN, CAMPAIGN_RUNNING, BAD_CONFIG). */
  handle(req: ControlRequest): Promise<{ name?: string }>;
  status(): CampaignStatus | null;
}

/** Wraps a request's outcome into its ack. */
export async function dispatchControl(target: ControlTarget, req: ControlRequest): Promise<ControlAck> {
  const extra = await target.handle(req);
  return { ...(req.id !== undefined ? { id: req.id } : {}), request: echoRequest(req), ...extra };
}

/** Control messages driving a CampaignManager. */
export function campaignControl(manager: CampaignManager): ControlTarget {
  return {
    status: () => manager.state,
    async handle(req) {
      switch (req.type) {
        case 'start':
          return manager.start(req.config, req.set ?? []);
        case 'stop':
          manager.control({ type: 'stop', reason: req.reason ?? 'stopped by a client' });
          return {};
        case 'swap':
          manager.control({ type: 'swap', instrument: req.instrument });
          return {};
        case 'pause':
        case 'resume':
          manager.control({ type: req.type });
          return {};
      }
    },
  };
}
