/** What `abortOnSignals` installed: the signal to pass down, and the uninstaller. */
export interface SignalAbort {
  readonly signal: AbortSignal;
  /** The signal that aborted, if any. */
  readonly received: () => NodeJS.Signals | undefined;
  dispose(): void;
}

/**
 * Turns the first SIGINT or SIGTERM into an abort (reason `interrupted (SIGINT)`), printing `notice`; a second one
 * exits at once with 130 (SIGINT) or 143 (SIGTERM). Handlers are removed by dispose().
 */
export function abortOnSignals(notice: (sig: NodeJS.Signals) => string): SignalAbort {
  const controller = new AbortController();
  let received: NodeJS.Signals | undefined;
  const on = (sig: NodeJS.Signals): void => {
    if (received) process.exit(sig === 'SIGTERM' ? 143 : 130);
    received = sig;
    process.stderr.write(`\n${notice(sig)}\n`);
    controller.abort(`interrupted (${sig})`);
  };
  const onInt = (): void => on('SIGINT');
  const onTerm = (): void => on('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return {
    signal: controller.signal,
    received: () => received,
    dispose: () => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    },
  };
}
