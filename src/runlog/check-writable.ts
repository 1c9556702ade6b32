import { closeSync, fsyncSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { diskError } from './disk-error.ts';

/** Creates `dir` if needed and fails fast (a DiskWriteError naming it) when it cannot take a small file: read-only, full, or not ours. */
export function ensureWritableDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw diskError(dir, err);
  }
  checkWritable(dir);
}

/** Fails fast (a DiskWriteError naming the dir) when `dir` cannot take a small file: read-only, full, or not ours. */
export function checkWritable(dir: string): void {
  const probe = join(dir, `.ferroloop-write-probe-${process.pid}`);
  try {
    const fd = openSync(probe, 'w');
    try {
      writeSync(fd, 'ok\n');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    throw diskError(dir, err);
  } finally {
    rmSync(probe, { force: true });
  }
}
