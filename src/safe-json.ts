/**
 * JSON from users (config files, --set values, wire messages) parsed without the two ways it can hurt:
 * nesting deep enough to overflow the stack of whatever walks it next, and keys (`__proto__`,
 * `constructor`, `prototype`) that reach Object.prototype once code assigns through them.
 */

/** Keys refused wherever keys come from users. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Deepest nesting of objects and arrays accepted (levels). Real configs and messages use fewer than 10. */
export const MAX_JSON_DEPTH = 64;

/** The outcome of a guarded parse: a value, or a one-line reason (never echoing the text). */
export type SafeJson = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly kind: 'syntax' | 'depth' | 'key'; readonly reason: string };

/** True when `key` may not come from a user. */
export function isForbiddenKey(key: string): boolean {
  return FORBIDDEN_KEYS.has(key);
}

/** True when objects/arrays in `text` nest deeper than `max` (a linear scan that skips strings; no recursion). */
export function jsonNestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i += 1; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      depth += 1;
      if (depth > max) return true;
    } else if (c === 125 || c === 93) depth -= 1;
  }
  return false;
}

class ForbiddenKey extends Error {}

/** Parses user JSON: refuses nesting deeper than `maxDepth` and forbidden keys at any level. */
export function parseUserJson(text: string, maxDepth = MAX_JSON_DEPTH): SafeJson {
  if (jsonNestsDeeperThan(text, maxDepth)) return { ok: false, kind: 'depth', reason: `nested deeper than ${maxDepth} levels` };
  try {
    const value: unknown = JSON.parse(text, function reviver(this: unknown, key: string, v: unknown) {
      if (isForbiddenKey(key) && this !== null && typeof this === 'object' && !Array.isArray(this)) throw new ForbiddenKey(key);
      return v;
    });
    return { ok: true, value };
  } catch (err) {
    if (err instanceof ForbiddenKey) return { ok: false, kind: 'key', reason: `the key '${err.message}' is not allowed` };
    return { ok: false, kind: 'syntax', reason: `not valid JSON (${oneLine((err as Error).message)})` };
  }
}

/** The first forbidden key anywhere in an already built value (iterative; depth-bounded input assumed), or undefined. */
export function findForbiddenKey(value: unknown): string | undefined {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      for (const x of v) stack.push(x);
      continue;
    }
    for (const k of Object.keys(v)) {
      if (isForbiddenKey(k)) return k;
      stack.push((v as Record<string, unknown>)[k]);
    }
  }
  return undefined;
}

/**
 * A JSON.parse message as one short line that quotes nothing of the input (V8 quotes the offending token and
 * a slice of the text in some messages: `Unexpected token 'g', "garbage…" is not valid JSON`).
 */
function oneLine(message: string): string {
  // The token and the text slice V8 quotes may hold newlines (then "is not valid JSON" is not on the first line).
  if (/^Unexpected token/.test(message)) return 'unexpected token';
  const first = message.split('\n')[0].replace(/"[^"]*("|$)/g, '"…"');
  const printable = first.replace(/[^\x20-\x7e]/g, '?');
  return printable.length > 120 ? `${printable.slice(0, 117)}...` : printable;
}
