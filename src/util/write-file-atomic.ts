import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { diskError } from '../runlog/disk-error.ts';

/**
 * Writes a file whole or not at all: to `<path>.tmp-<pid>` beside it, then renamed over `path` (atomic on
 * one file system), so a reader never sees half a figure. Failures (ENOSPC, EROFS) are one line naming `path`.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw diskError(path, err);
  }
}
