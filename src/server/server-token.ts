import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { InputError } from '../errors.ts';

/** Where the control token came from (the CLI prints a generated one). */
export interface ResolvedToken {
  readonly token: string;
  readonly source: 'flag' | 'env' | 'generated';
}

/** Shortest token accepted without --insecure-token (characters). */
export const MIN_TOKEN_LENGTH = 16;

/**
 * The control token: --token, else FERROLOOP_TOKEN, else 24 random bytes as hex. A supplied token shorter
 * than MIN_TOKEN_LENGTH is refused unless `insecure`; the error never repeats the token.
 */
export function resolveToken(flag: string | undefined, env: NodeJS.ProcessEnv = process.env, insecure = false): ResolvedToken {
  const given = flag ? { token: flag, source: 'flag' as const } : env.FERROLOOP_TOKEN ? { token: env.FERROLOOP_TOKEN, source: 'env' as const } : undefined;
  if (!given) return { token: randomBytes(24).toString('hex'), source: 'generated' };
  const where = given.source === 'flag' ? '--token' : 'FERROLOOP_TOKEN';
  if (/\s/.test(given.token)) throw new InputError(where, 'the token may not contain white space');
  if (given.token.length < MIN_TOKEN_LENGTH && !insecure) {
    throw new InputError(where, `the token has ${given.token.length} characters; at least ${MIN_TOKEN_LENGTH} are needed (or pass --insecure-token)`);
  }
  return given;
}

/** How the listening line shows the token: a generated one in full, a supplied one never. */
export function shownToken(t: ResolvedToken): string {
  return t.source === 'generated' ? t.token : t.source === 'flag' ? '(--token)' : '(FERROLOOP_TOKEN)';
}

/** Constant-time comparison (hashes first, so lengths leak nothing either). */
export function tokenMatches(expected: string, given: string | undefined | null): boolean {
  if (typeof given !== 'string') return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

/** The token of an `Authorization: Bearer TOKEN` header, if any. */
export function bearerToken(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m ? m[1] : undefined;
}
