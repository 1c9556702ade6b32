import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Where the control token came from (the CLI prints a generated one). */
export interface ResolvedToken {
  readonly token: string;
  readonly source: 'flag' | 'env' | 'generated';
}

/** The control token: --token, else FERROLOOP_TOKEN, else 24 random bytes as hex. */
export function resolveToken(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): ResolvedToken {
  if (flag) return { token: flag, source: 'flag' };
  if (env.FERROLOOP_TOKEN) return { token: env.FERROLOOP_TOKEN, source: 'env' };
  return { token: randomBytes(24).toString('hex'), source: 'generated' };
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
