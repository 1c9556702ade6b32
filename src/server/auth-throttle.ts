/**
 * Failed-authentication bookkeeping per remote address (shared by every WebSocket and HTTP request of a
 * server): the first `freeFailures` failures cost nothing, each later one locks the address out for
 * `baseDelayMs · 2^(n − freeFailures − 1)` (at most `maxDelayMs`); attempts during a lockout are refused
 * without comparing the token. An address is forgotten `forgetAfterMs` after its last failure, or at once
 * on a success. With the defaults, 10 000 guesses from one address take more than a week.
 */
export interface AuthThrottleOptions {
  /** Failures per address before lockouts begin (default 3). */
  readonly freeFailures: number;
  /** First lockout (ms, default 1000); doubles with every further failure. */
  readonly baseDelayMs: number;
  /** Longest lockout (ms, default 60 000). */
  readonly maxDelayMs: number;
  /** An address with no failure for this long starts over (ms, default 10 min). */
  readonly forgetAfterMs: number;
  /** Clock (ms); tests inject one. */
  readonly now: () => number;
}

/** Failed attempts one connection may make before the server closes it (1008). */
export const MAX_AUTH_FAILURES_PER_CONNECTION = 5;

export const DEFAULT_AUTH_THROTTLE: AuthThrottleOptions = { freeFailures: 3, baseDelayMs: 1000, maxDelayMs: 60_000, forgetAfterMs: 600_000, now: Date.now };

/** Addresses remembered at most (the oldest are dropped first). */
const MAX_ADDRESSES = 10_000;

interface AddressRecord {
  failures: number;
  lockedUntil: number;
  last: number;
}

export class AuthThrottle {
  private readonly o: AuthThrottleOptions;
  private readonly byAddress = new Map<string, AddressRecord>();

  constructor(options: Partial<AuthThrottleOptions> = {}) {
    this.o = { ...DEFAULT_AUTH_THROTTLE, ...options };
  }

  /** Milliseconds `address` must still wait before an attempt is checked (0: it may try now). */
  retryAfterMs(address: string): number {
    const r = this.record(address);
    return r ? Math.max(0, r.lockedUntil - this.o.now()) : 0;
  }

  /** Records a failure; returns the address's failure count and the lockout it now serves (ms). */
  fail(address: string): { failures: number; lockedForMs: number } {
    const now = this.o.now();
    const r = this.record(address) ?? { failures: 0, lockedUntil: 0, last: now };
    r.failures += 1;
    r.last = now;
    const over = r.failures - this.o.freeFailures;
    const lockedForMs = over > 0 ? Math.min(this.o.maxDelayMs, this.o.baseDelayMs * 2 ** Math.min(30, over - 1)) : 0;
    r.lockedUntil = now + lockedForMs;
    this.byAddress.delete(address);
    this.byAddress.set(address, r);
    if (this.byAddress.size > MAX_ADDRESSES) this.byAddress.delete(this.byAddress.keys().next().value!);
    return { failures: r.failures, lockedForMs };
  }

  /** A correct token: the address starts over. */
  succeed(address: string): void {
    this.byAddress.delete(address);
  }

  private record(address: string): AddressRecord | undefined {
    const r = this.byAddress.get(address);
    if (r && this.o.now() - r.last > this.o.forgetAfterMs && this.o.now() >= r.lockedUntil) {
      this.byAddress.delete(address);
      return undefined;
    }
    return r;
  }
}
