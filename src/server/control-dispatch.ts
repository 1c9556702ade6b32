import { readdirSync } from 'node:fs';
import { InstrumentConfigSchema } from '../drivers/instrument-config.ts';
import type { CampaignManager, CampaignStatus } from './campaign-manager.ts';
import type { ControlRequest } from './client-messages.ts';
import { ServerError } from './server-error.ts';

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
  /** What the server is: a live campaign server, or the replay of a recorded run log. */
  readonly mode?: 'live' | 'replay';
  /** Config file names a `start` request may name (the shipped configs), for the dashboard's start control. */
  configs?(): string[];
}

/**
 * Checks a swap's instrument config against the instrument schema before the swap is accepted, so that a bad
 * config is refused in the reply (BAD_CONFIG, HTTP 400) instead of acknowledged and failing later in the log.
 */
export function checkSwapConfig(instrument: Record<string, unknown>): void {
  const r = InstrumentConfigSchema.safeParse(instrument);
  if (r.success) return;
  const issue = r.error.issues[0];
  const path = issue.path.length > 0 ? `.${issue.path.join('.')}` : '';
  throw new ServerError('BAD_CONFIG', `swap: instrument${path}: ${issue.message}`);
}

/** Wraps a request's outcome into its ack. */
export async function dispatchControl(target: ControlTarget, req: ControlRequest): Promise<ControlAck> {
  const extra = await target.handle(req);
  return { ...(req.id !== undefined ? { id: req.id } : {}), request: echoRequest(req), ...extra };
}

/** Control messages driving a CampaignManager. */
export function campaignControl(manager: CampaignManager, configsDir?: string): ControlTarget {
  return {
    mode: 'live',
    status: () => manager.state,
    configs: () => {
      if (!configsDir) return [];
      try {
        return readdirSync(configsDir).filter((f) => f.endsWith('.json')).sort();
      } catch {
        return [];
      }
    },
    async handle(req) {
      switch (req.type) {
        case 'start':
          return manager.start(req.config, req.set ?? []);
        case 'stop':
          manager.control({ type: 'stop', reason: req.reason ?? 'stopped by a client' });
          return {};
        case 'swap':
          if (!manager.running) throw new ServerError('NO_CAMPAIGN', 'no campaign is running (swap ignored)');
          checkSwapConfig(req.instrument);
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
