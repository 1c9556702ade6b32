import { FerroloopError } from '../errors.ts';

/** What an errno means for a file ferroloop writes. */
const REASONS: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EIO: 'input/output error',
  ENOENT: 'no such directory',
  ENOTDIR: 'a path component is not a directory',
};

/** A failed write as one line naming the file: `runs/x.jsonl: cannot write (ENOSPC: no space left on the device)`. */
export class DiskWriteError extends FerroloopError {
  constructor(readonly path: string, readonly errno: string, cause?: unknown) {
    super('FILE_UNWRITABLE', `${path}: cannot write (${errno}${REASONS[errno] ? `: ${REASONS[errno]}` : ''})`, { cause });
  }
}

/** Wraps a Node fs error (anything with an errno `code`) as a DiskWriteError about `path`; other errors pass through. */
export function diskError(path: string, err: unknown): unknown {
  const code = (err as NodeJS.ErrnoException)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? new DiskWriteError(path, code, err) : err;
}
