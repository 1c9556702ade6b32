import { AbortError } from '../errors.ts';

/** Throws AbortError(phase) when the signal has fired (a no-op without a signal). */
export function throwIfAborted(signal: AbortSignal | undefined, phase: string): void {
  if (signal?.aborted) throw new AbortError(phase, { cause: signal.reason });
}

/** `err` as an AbortError when the signal has fired (whatever the callee threw: SWEEP_CANCELLED, MODEL_FIT_FAILED…), else `err`. */
export function asAbort(err: unknown, signal: AbortSignal | undefined, phase: string): unknown {
  if (err instanceof AbortError || !signal?.aborted) return err;
  return new AbortError(phase, { cause: err });
}

/** Races `work` against a deadline of `ms` (ms): its value, or `{done: false}` when it is late (its rejection passes through). */
export function settleWithin<T>(work: Promise<T>, ms: number): Promise<{ done: true; value: T } | { done: false }> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<{ done: false }>((resolve) => { timer = setTimeout(() => resolve({ done: false }), ms); });
  return Promise.race([work.then((value) => ({ done: true as const, value })), late]).finally(() => clearTimeout(timer));
}
