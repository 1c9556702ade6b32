import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from './errors.ts';

/** The configs/ folder shipped with ferroloop (beside src/ in a checkout, beside dist/ in the package). */
export const SHIPPED_CONFIGS_DIR = fileURLToPath(new URL('../configs', import.meta.url));

/** One shipped config: its name (path under configs/, e.g. `param-bo.json`, `instruments/ferrosim.json`) and a summary. */
export interface ShippedConfig {
  readonly name: string;
  readonly path: string;
  /** `campaign` (has a workflow) or `instrument` (an instrument block to paste or swap in). */
  readonly role: 'campaign' | 'instrument';
  readonly summary: string;
}

/** Lists the shipped configs, campaigns first, each sorted by name. */
export function listShippedConfigs(dir = SHIPPED_CONFIGS_DIR): ShippedConfig[] {
  const files = (function walk(d: string): string[] {
    return readdirSync(d).sort().flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : n.endsWith('.json') ? [join(d, n)] : []));
  })(dir);
  const out = files.map((path): ShippedConfig => {
    const name = relative(dir, path).split(sep).join('/');
    const raw = JSON.parse(readFileSync(path, 'utf8')) as Record<string, any>;
    if (raw.workflow) {
      return { name, path, role: 'campaign', summary: `${raw.workflow.kind} on ${raw.instrument?.kind ?? '?'}, budget ${raw.agent?.budget ?? '?'}, ${raw.surrogate?.kind ?? 'gp'} + ${raw.acquisition?.kind ?? '?'}` };
    }
    return { name, path, role: 'instrument', summary: `instrument: ${raw.kind}` };
  });
  return [...out.filter((c) => c.role === 'campaign'), ...out.filter((c) => c.role === 'instrument')];
}

/**
 * The one rule by which `run`, `serve --campaign`, `probe` and `init` find a config: an existing file path
 * first, else the name of a shipped config (`param-bo.json`, `param-bo`, `instruments/ferrosim.json`).
 * Throws FILE_UNREADABLE naming both places looked at. `shippedOnly` skips the path (for `init`).
 */
export function resolveConfigArg(arg: string, dir = SHIPPED_CONFIGS_DIR, opts: { shippedOnly?: boolean } = {}): string {
  if (!opts.shippedOnly && existsSync(arg) && statSync(arg).isFile()) return arg;
  const safe = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)?$/.test(arg) && !arg.split('/').some((p) => p === '..' || p === '.');
  if (safe) {
    for (const name of [arg, `${arg}.json`]) {
      const path = join(dir, name);
      if (existsSync(path) && statSync(path).isFile()) return path;
    }
  }
  throw new InputError(arg, 'no such file, and no shipped config of that name (ferroloop configs lists them)', { code: 'FILE_UNREADABLE' });
}
