import { SHIPPED_CONFIGS_DIR } from '../shipped-configs.ts';
import type { CampaignRunOptions } from '../agents/campaign-runner.ts';
import { CampaignManager } from './campaign-manager.ts';
import type { SessionLimits } from './client-session.ts';
import { campaignControl } from './control-dispatch.ts';
import type { DashboardLoad } from './dashboard-assets.ts';
import { EventHub } from './event-hub.ts';
import { type LiveServer, startLiveServer } from './live-server.ts';

/** The shipped configs/ folder (where `start` messages find config files by name). */
export const DEFAULT_CONFIGS_DIR = SHIPPED_CONFIGS_DIR;

export interface CampaignServerOptions {
  readonly token: string;
  readonly host?: string;
  readonly port?: number;
  readonly runsDir?: string;
  readonly configsDir?: string;
  readonly cacheDir?: string;
  readonly workers?: number;
  /** Redis URL of the queue ground truths go to (ferroloop worker processes). */
  readonly redis?: string;
  readonly log?: (message: string) => void;
  readonly limits?: SessionLimits;
  readonly dashboard?: () => Promise<DashboardLoad>;
  readonly runOptions?: Partial<CampaignRunOptions>;
  /** Browser origins allowed besides the server's own. */
  readonly allowOrigins?: readonly string[];
}

/** A live server whose control messages drive campaigns. */
export interface CampaignServer extends LiveServer {
  readonly hub: EventHub;
  readonly manager: CampaignManager;
}

/** Hub + campaign manager + HTTP/WebSocket server, wired together; `close` stops a running campaign first. */
export async function startCampaignServer(o: CampaignServerOptions): Promise<CampaignServer> {
  const log = o.log ?? ((m: string) => process.stderr.write(`ferroloop serve: ${m}\n`));
  const hub = new EventHub();
  const manager = new CampaignManager({
    hub, log, runsDir: o.runsDir ?? 'runs', configsDir: o.configsDir ?? DEFAULT_CONFIGS_DIR,
    cacheDir: o.cacheDir, workers: o.workers, redis: o.redis, runOptions: o.runOptions,
  });
  const server = await startLiveServer({
    hub, control: campaignControl(manager, o.configsDir ?? DEFAULT_CONFIGS_DIR), token: o.token, host: o.host, port: o.port, log, limits: o.limits, dashboard: o.dashboard, allowOrigins: o.allowOrigins,
  });
  return {
    ...server, hub, manager,
    async close() {
      await manager.shutdown();
      await server.close();
    },
  };
}
