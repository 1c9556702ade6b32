import { readFile } from 'node:fs/promises';
import { InputError } from '../errors.ts';

/** Reads a UTF-8 file; a missing or unreadable file becomes a one-line InputError (FILE_UNREADABLE). */
export async function readTextFile(path: string, what = 'file'): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code;
    throw new InputError(path, `cannot read ${what} (${reason})`, { cause: err, code: 'FILE_UNREADABLE' });
  }
}
