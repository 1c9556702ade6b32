import { siblingModule } from '../util/sibling-module.ts';

/** The dashboard page and bundle served at `/`, `/app.js`, `/app.css`. */
export interface DashboardAssets {
  readonly html: string;
  readonly js: string;
  readonly css: string;
}

/** Why the dashboard cannot be served (the HTTP layer answers 503 with this text). */
export type DashboardLoad = { readonly ok: true; readonly assets: DashboardAssets } | { readonly ok: false; readonly reason: string };

/**
 * Loads the dashboard once from `./dashboard-bundle.ts` (`buildDashboard()`, esbuild in memory), imported
 * dynamically so that the server runs (answering 503) in a checkout without it. A failure is not cached.
 */
export function dashboardLoader(load: () => Promise<DashboardAssets> = importBundle): () => Promise<DashboardLoad> {
  let cached: Promise<DashboardLoad> | undefined;
  return () => {
    cached ??= load().then((assets) => ({ ok: true as const, assets }), (err: unknown) => {
      cached = undefined;
      return { ok: false as const, reason: `dashboard bundle unavailable (${(err as Error)?.message ?? String(err)})` };
    });
    return cached;
  };
}

async function importBundle(): Promise<DashboardAssets> {
  const url = siblingModule(import.meta.url, './dashboard-bundle').href;
  const mod = (await import(url)) as { buildDashboard?: () => Promise<DashboardAssets> };
  if (typeof mod.buildDashboard !== 'function') throw new Error('dashboard-bundle.ts exports no buildDashboard()');
  return mod.buildDashboard();
}
