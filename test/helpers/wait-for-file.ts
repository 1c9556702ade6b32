import { existsSync, readdirSync, readFileSync, watch } from 'node:fs';
import { join } from 'node:path';

/**
 * Resolves once `check()` returns a value, re-checking on every change in `dir` (fs.watch), so tests
 * wait for the event instead of sleeping. Rejects after `timeoutMs` as a safety net only.
 */
export function waitForDir<T>(dir: string, check: () => T | undefined, timeoutMs = 120_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const first = check();
    if (first !== undefined) return resolve(first);
    const watcher = watch(dir, () => {
      const v = check();
      if (v !== undefined) {
        watcher.close();
        clearTimeout(timer);
        resolve(v);
      }
    });
    const timer = setTimeout(() => {
      watcher.close();
      reject(new Error(`timed out waiting on ${dir}`));
    }, timeoutMs);
  });
}

/** The one *.jsonl run log in dir and its complete lines, if any. */
export function runLogLines(dir: string): { path: string; lines: string[] } | undefined {
  if (!existsSync(dir)) return undefined;
  const file = readdirSync(dir).find((f) => f.endsWith('.jsonl'));
  if (!file) return undefined;
  const text = readFileSync(join(dir, file), 'utf8');
  return { path: join(dir, file), lines: text.split('\n').slice(0, -1) };
}
