/**
 * Resolves with the first SIGINT or SIGTERM (or when `done` settles, with 'done'); a second SIGINT exits at
 * once with 130. Listeners are removed when it resolves.
 */
export function untilShutdown(done?: Promise<unknown>): Promise<'SIGINT' | 'SIGTERM' | 'done'> {
  return new Promise((resolve) => {
    const finish = (why: 'SIGINT' | 'SIGTERM' | 'done'): void => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      if (why === 'SIGINT') process.once('SIGINT', () => process.exit(130));
      resolve(why);
    };
    const onInt = (): void => finish('SIGINT');
    const onTerm = (): void => finish('SIGTERM');
    process.once('SIGINT', onInt);
    process.once('SIGTERM', onTerm);
    done?.then(() => finish('done'), () => finish('done'));
  });
}
