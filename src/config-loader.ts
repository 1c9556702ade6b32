import { InputError } from './errors.ts';
import { type CampaignConfig, CampaignConfigSchema } from './config.ts';
import { formatPath } from './sim/reference-case.ts';

/** Applies one `path=value` override (value parsed as JSON when it parses, else kept as a string). */
export function applyOverride(raw: unknown, assignment: string): unknown {
  const eq = assignment.indexOf('=');
  if (eq <= 0) throw new InputError('--set', `expected path=value, got '${assignment}'`);
  const path = assignment.slice(0, eq).split('.');
  const text = assignment.slice(eq + 1);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = text;
  }
  const root = structuredClone(raw) as Record<string, unknown>;
  let node: Record<string, unknown> = root;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (next === undefined) node[key] = {};
    else if (typeof next !== 'object' || next === null || Array.isArray(next)) {
      throw new InputError(`--set ${path.join('.')}`, `'${key}' is not an object`);
    }
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
  return root;
}

/** Validates a campaign config (after overrides); errors name the file and the field path. */
export function parseCampaignConfig(raw: unknown, source = 'config'): CampaignConfig {
  const parsed = CampaignConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`${source}: ${formatPath(issue.path)}`, issue.message, { code: 'CONFIG_INVALID' });
  }
  return parsed.data;
}

/** Parses config text with overrides applied in order. */
export function loadCampaignConfig(text: string, source: string, overrides: readonly string[] = []): CampaignConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new InputError(source, `not valid JSON (${(err as Error).message})`, { code: 'CONFIG_INVALID' });
  }
  for (const o of overrides) raw = applyOverride(raw, o);
  return parseCampaignConfig(raw, source);
}
