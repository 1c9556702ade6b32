import { hostname, networkInterfaces } from 'node:os';
import { InputError } from '../errors.ts';

/**
 * Which browser pages may open `/ws`: the server's own origins (the listening address, and for loopback or
 * wildcard addresses localhost, 127.0.0.1, [::1], the host name and every interface address) plus
 * `--allow-origin` entries. A request without an Origin header is not from a browser page and is allowed.
 */
export function ownOrigins(host: string, port: number): Set<string> {
  const names = new Set<string>([host]);
  const loopback = host === '127.0.0.1' || host === '::1' || host === 'localhost';
  const wildcard = host === '0.0.0.0' || host === '::' || host === '';
  if (loopback || wildcard) for (const h of ['localhost', '127.0.0.1', '::1']) names.add(h);
  if (wildcard) {
    names.add(hostname());
    for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) names.add(a.address);
  }
  const origins = new Set<string>();
  for (const n of names) {
    if (n === '0.0.0.0' || n === '::' || n === '') continue;
    const shown = n.includes(':') ? `[${n}]` : n;
    origins.add(`http://${shown}:${port}`.toLowerCase());
    origins.add(`https://${shown}:${port}`.toLowerCase());
  }
  return origins;
}

/** Normalises one `--allow-origin` value (scheme://host[:port], no path); InputError otherwise. */
export function parseAllowedOrigin(text: string): string {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new InputError('--allow-origin', `not an origin (scheme://host[:port]): '${text.slice(0, 100)}'`);
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || (u.pathname !== '/' && u.pathname !== '') || u.search || u.hash || u.username) {
    throw new InputError('--allow-origin', `not an origin (http(s)://host[:port], no path): '${text.slice(0, 100)}'`);
  }
  return u.origin.toLowerCase();
}

/** True when a browser page of `origin` may connect (no Origin header: not a browser, allowed). */
export function originAllowed(origin: string | undefined, allowed: ReadonlySet<string>): boolean {
  if (origin === undefined) return true;
  return allowed.has(origin.toLowerCase());
}
