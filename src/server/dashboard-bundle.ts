import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { FerroloopError } from '../errors.ts';

/** The dashboard as served: the page (references /app.js and /app.css), the script and the stylesheet. */
export interface DashboardBundle {
  readonly html: string;
  readonly js: string;
  readonly css: string;
}

/** Folder of the dashboard sources (web/ at the repository root). */
export const WEB_DIR = fileURLToPath(new URL('../../web/', import.meta.url));

let cached: Promise<DashboardBundle> | null = null;

/**
 * Bundles web/main.ts (with uPlot and its CSS) in memory with esbuild, once per process: an iife for
 * es2020 browsers, minified, no network and nothing written to disk. A failed build is not cached.
 */
export function buildDashboard(): Promise<DashboardBundle> {
  if (!cached) {
    cached = bundle();
    cached.catch(() => { cached = null; });
  }
  return cached;
}

async function bundle(): Promise<DashboardBundle> {
  let result;
  try {
    result = await build({
      entryPoints: { app: `${WEB_DIR}main.ts` },
      bundle: true,
      write: false,
      outdir: `${WEB_DIR}.bundle`,
      format: 'iife',
      target: 'es2020',
      platform: 'browser',
      minify: true,
      legalComments: 'none',
      logLevel: 'silent',
    });
  } catch (e) {
    throw new FerroloopError('SERVER_ERROR', `dashboard bundle failed: ${(e as Error).message}`, { cause: e });
  }
  const file = (name: string): string => {
    const out = result.outputFiles.find((f) => basename(f.path) === name);
    if (!out) throw new FerroloopError('SERVER_ERROR', `dashboard bundle lacks ${name}`);
    return out.text;
  };
  const html = await readFile(`${WEB_DIR}index.html`, 'utf8');
  return { html, js: file('app.js'), css: file('app.css') };
}
