import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkDefinition, type DriverDefinition } from './driver-definition.ts';
import { PluginError } from './plugin-error.ts';

/** True for `./x`, `../x` and absolute paths: a file, not a package name. */
function isPathSpecifier(specifier: string): boolean {
  return specifier.startsWith('./') || specifier.startsWith('../') || isAbsolute(specifier);
}

/**
 * URL to import a plugin from: a path resolves against `baseDir` (the config file's folder); a package name
 * resolves from `baseDir`'s node_modules first, then from ferroloop's own (a plugin installed beside it).
 */
export function resolvePluginUrl(specifier: string, baseDir: string): string {
  if (isPathSpecifier(specifier)) {
    const path = resolve(baseDir, specifier);
    if (!existsSync(path)) throw new PluginError(`instrument.module: no file ${path} (resolved against ${baseDir})`);
    return pathToFileURL(path).href;
  }
  for (const from of [join(baseDir, 'noop.js'), import.meta.url]) {
    try {
      return pathToFileURL(createRequire(from).resolve(specifier)).href;
    } catch { /* try the next place, then let import() resolve it (packages with import-only exports) */ }
  }
  return specifier;
}

/** Imports a driver module and returns its validated default export (a defineDriver definition). */
export async function loadDriverPlugin(specifier: string, baseDir: string): Promise<DriverDefinition> {
  const url = resolvePluginUrl(specifier, baseDir);
  let mod: { default?: unknown };
  try {
    mod = (await import(url)) as { default?: unknown };
  } catch (err) {
    const why = (err as NodeJS.ErrnoException)?.code === 'ERR_MODULE_NOT_FOUND' ? 'not found' : `failed to load (${(err as Error)?.message ?? err})`;
    throw new PluginError(`instrument.module: driver '${specifier}' ${why}`, { cause: err });
  }
  checkDefinition(mod.default, `instrument.module '${specifier}'`);
  return mod.default;
}
