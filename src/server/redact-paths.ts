/**
 * Observers (clients without the token) see no filesystem paths: every absolute path inside a string of a
 * payload (`/dev/pts/3`, `/home/me/configs/x.json`, `~/runs`, `C:\data`) becomes `<path>`. URLs
 * (`http://…`) and relative paths are left alone.
 */
export const REDACTED_PATH = '<path>';

const PATH_IN_TEXT = /(^|[\s'"`(=,;[])(?:~|[A-Za-z]:)?[\\/](?![\\/])[^\s'"`,;)\]]*/g;
/** A cheap test on the encoded JSON text: could any string in it hold a path? */
const MAYBE_PATH_IN_JSON = /(?:^|[\s"'`(=,;[])(?:~|[A-Za-z]:)?(?:\/|\\\\)/;

/** The string with absolute paths replaced. */
export function redactText(text: string): string {
  return text.replace(PATH_IN_TEXT, (m: string, lead: string) => `${lead}${REDACTED_PATH}${/[:.]*$/.exec(m)![0]}`);
}

/** A copy of `value` with every path in its strings redacted (keys kept). */
export function redactPaths(value: unknown): unknown {
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map(redactPaths);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactPaths(v);
    return out;
  }
  return value;
}

/** True when the encoded JSON may contain a path (false: the observers' copy is the same bytes). */
export function mayContainPath(json: string): boolean {
  return MAYBE_PATH_IN_JSON.test(json);
}
