import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { InputError } from '../../errors.ts';
import { abortableDelay } from '../serial/backoff.ts';

/**
 * Resolves once `path` exists (polling 50 ms … 1 s, e.g. while socat is still making the pty), or once the signal
 * aborts. Rejects with InputError(flag) at once when its folder does not exist, and after `withinMs` (ms) otherwise.
 */
export async function waitForPath(path: string, flag: string, withinMs: number, signal: AbortSignal): Promise<void> {
  const folder = dirname(path);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new InputError(flag, `${path}: no such folder ${folder}`);
  const t0 = performance.now();
  let delay = 50;
  while (!existsSync(path) && !signal.aborted) {
    const left = withinMs - (performance.now() - t0);
    if (left <= 0) throw new InputError(flag, `${path} does not exist (waited ${(withinMs / 1000).toFixed(1)} s; make the pty pair with socat first, see ferroloop emulate --help)`);
    await abortableDelay(Math.min(delay, left), signal);
    delay = Math.min(1000, delay * 2);
  }
}
