import type { StandardSchemaV1 } from '@standard-schema/spec';
import { InputError } from '../../errors.ts';

/** Dotted path of a Standard Schema issue below `root`, e.g. `instrument.options.port`. */
function issuePath(root: string, issue: StandardSchemaV1.Issue): string {
  const parts = (issue.path ?? []).map((p) => String(typeof p === 'object' && p !== null ? p.key : p));
  return [root, ...parts].filter((p) => p !== '').join('.');
}

/**
 * Validates driver options with any Standard Schema; returns the schema's output (defaults applied) or
 * throws InputError (CONFIG_INVALID) naming the first issue's path below `root`, with a count of the rest.
 */
export async function validateOptions<T>(schema: StandardSchemaV1<unknown, T>, value: unknown, root: string): Promise<T> {
  const result = await schema['~standard'].validate(value);
  if (!result.issues) return result.value;
  const [first, ...rest] = result.issues;
  const more = rest.length ? ` (and ${rest.length} more: ${rest.map((i) => `${issuePath(root, i)}: ${i.message}`).join('; ')})` : '';
  const path = issuePath(root, first);
  const message = first.message.endsWith('received undefined') ? 'Required' : first.message;
  throw new InputError(path, `${message}${more}`, { code: 'CONFIG_INVALID' });
}
