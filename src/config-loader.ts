import { InputError } from './errors.ts';
import { type CampaignConfig, CampaignConfigSchema } from './config.ts';
import { findForbiddenKey, isForbiddenKey, parseUserJson } from './safe-json.ts';
import { formatPath } from './sim/reference-case.ts';

/** Longest `--set` path accepted (dot-separated keys). */
const MAX_OVERRIDE_DEPTH = 16;

/**
 * Applies one `path=value` override (value parsed as JSON when it parses, else kept as a string). Keys
 * `__proto__`, `constructor` and `prototype` are refused, in the path and in the value; objects are walked
 * by own keys only, so that no assignment ever reaches a prototype.
 */
export function applyOverride(raw: unknown, assignment: string): unknown {
  const eq = assignment.indexOf('=');
  if (eq <= 0) throw new InputError('--set', `expected path=value, got '${clip(assignment)}'`);
  const path = assignment.slice(0, eq).split('.');
  const shown = clip(path.join('.'));
  if (path.length > MAX_OVERRIDE_DEPTH) throw new InputError(`--set ${shown}`, `a path has at most ${MAX_OVERRIDE_DEPTH} keys`);
  const bad = path.find((k) => isForbiddenKey(k) || k === '');
  if (bad !== undefined) throw new InputError(`--set ${shown}`, bad === '' ? 'empty key in the path' : `the key '${bad}' is not allowed`);
  const text = assignment.slice(eq + 1);
  const parsed = parseUserJson(text);
  if (!parsed.ok && parsed.kind !== 'syntax') throw new InputError(`--set ${shown}`, parsed.reason);
  const value: unknown = parsed.ok ? parsed.value : text;
  const root = structuredClone(raw) as Record<string, unknown>;
  let node: Record<string, unknown> = root;
  for (const key of path.slice(0, -1)) {
    const next = Object.hasOwn(node, key) ? node[key] : undefined;
    if (next === undefined) node[key] = {};
    else if (typeof next !== 'object' || next === null || Array.isArray(next)) {
      throw new InputError(`--set ${shown}`, `'${key}' is not an object`);
    }
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
  return root;
}

const clip = (s: string): string => (s.length > 80 ? `${s.slice(0, 77)}...` : s);

/** Validates a campaign config (after overrides); errors name the file and the field path. */
export function parseCampaignConfig(raw: unknown, source = 'config'): CampaignConfig {
  const forbidden = findForbiddenKey(raw);
  if (forbidden !== undefined) throw new InputError(source, `the key '${forbidden}' is not allowed`, { code: 'CONFIG_INVALID' });
  const parsed = CampaignConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`${source}: ${formatPath(issue.path)}`, issue.message, { code: 'CONFIG_INVALID' });
  }
  return parsed.data;
}

/** Parses config text with overrides applied in order. */
export function loadCampaignConfig(text: string, source: string, overrides: readonly string[] = []): CampaignConfig {
  const parsed = parseUserJson(text);
  if (!parsed.ok) throw new InputError(source, parsed.reason, { code: 'CONFIG_INVALID' });
  let raw = parsed.value;
  for (const o of overrides) raw = applyOverride(raw, o);
  return parseCampaignConfig(raw, source);
}
