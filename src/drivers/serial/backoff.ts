import type { Observable } from 'rxjs';

/** Waits `ms`, or less if the signal aborts first (never rejects; leaves no listener behind). */
export function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Calls `attempt` after initialMs, then again after doubling delays capped at maxMs, until it succeeds (resolves
 * true) or the signal aborts or `wanted()` turns false (resolves false).
 */
export async function retryWithBackoff(
  attempt: () => Promise<void>, opts: { readonly initialMs: number; readonly maxMs: number }, signal: AbortSignal, wanted: () => boolean,
): Promise<boolean> {
  let delay = opts.initialMs;
  for (;;) {
    await abortableDelay(delay, signal);
    if (signal.aborted || !wanted()) return false;
    try {
      await attempt();
      return true;
    } catch {
      delay = Math.min(2 * delay, opts.maxMs);
    }
  }
}

/** Resolves once `ok()` holds (checked on every emission of changes$), rejects with timeoutError() after timeoutMs or with the abort reason. */
export function waitUntil(changes$: Observable<unknown>, ok: () => boolean, timeoutMs: number, signal: AbortSignal | undefined, timeoutError: () => Error): Promise<void> {
  if (ok()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = (err?: unknown): void => {
      clearTimeout(timer);
      sub.unsubscribe();
      signal?.removeEventListener('abort', onAbort);
      if (err !== undefined) reject(err);
      else resolve();
    };
    const onAbort = (): void => done(signal!.reason);
    const timer = setTimeout(() => done(timeoutError()), timeoutMs);
    const sub = changes$.subscribe(() => { if (ok()) done(); });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
