/**
 * URL of a module beside the caller, with the caller's own extension: `.ts` when running from source
 * (through tsx), `.js` when running the compiled package. `path` is written without an extension.
 *
 * @example siblingModule(import.meta.url, './sim-task') // file:///…/sweep/sim-task.ts or …/sim-task.js
 */
export function siblingModule(callerUrl: string, path: string): URL {
  const extension = new URL(callerUrl).pathname.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`${path}${extension}`, callerUrl);
}
