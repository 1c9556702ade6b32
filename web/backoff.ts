/** Reconnect delays: base · 2^attempt, capped, with a deterministic jitter fraction supplied by the caller. */
export interface BackoffPolicy {
  /** First delay (ms). */
  readonly baseMs: number;
  /** Largest delay (ms). */
  readonly maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 250, maxMs: 10_000 };

/**
 * Delay (ms) before reconnect attempt `attempt` (0 = first retry): min(max, base · 2^attempt), then scaled
 * by (1 − jitter/2 … 1) where jitter ∈ [0, 1] is supplied by the caller so the function stays pure.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF, jitter = 0): number {
  const exp = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, Math.min(attempt, 30)));
  const j = Math.min(1, Math.max(0, jitter));
  return Math.round(exp * (1 - j / 2));
}
