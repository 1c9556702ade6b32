import * as fs from 'node:fs';
import type { NamedDocument } from '../events/documents.ts';
import { diskError } from './disk-error.ts';

/** The file operations the writer uses (injectable, so tests can make a write fail half way). */
export type WriterFs = Pick<typeof fs, 'openSync' | 'writeSync' | 'fsyncSync' | 'ftruncateSync' | 'fstatSync' | 'closeSync'>;

/**
 * Append-only JSONL run log: one `[name, document]` pair per line, written and fsync'd before
 * `append` returns, so that a run killed at any moment (SIGKILL included) loses at most the line
 * being written (which the reader then drops). A write that fails part way (ENOSPC, EIO) is cut back,
 * so a log that was valid stays valid; the error names the file in one line (DiskWriteError).
 */
export class RunLogWriter {
  private fd: number | undefined;
  /** Bytes of complete lines in the file (where the next append starts). */
  private size: number;

  constructor(readonly path: string, private readonly io: WriterFs = fs) {
    try {
      this.fd = io.openSync(path, 'a');
      this.size = io.fstatSync(this.fd).size;
    } catch (err) {
      throw diskError(path, err);
    }
  }

  /** Appends one document and flushes it to disk; on failure the file is truncated back to its last complete line. */
  append(doc: NamedDocument): void {
    if (this.fd === undefined) throw new Error(`run log ${this.path} is closed`);
    const bytes = Buffer.from(`${JSON.stringify(doc)}\n`);
    try {
      for (let done = 0; done < bytes.length;) {
        const n = this.io.writeSync(this.fd, bytes, done, bytes.length - done);
        if (!(n > 0)) throw Object.assign(new Error('write made no progress'), { code: 'EIO' });
        done += n;
      }
      this.io.fsyncSync(this.fd);
    } catch (err) {
      try {
        this.io.ftruncateSync(this.fd, this.size);
      } catch {
        // Nothing more to do: the reader drops a torn last line.
      }
      throw diskError(this.path, err);
    }
    this.size += bytes.length;
  }

  /** Closes the file; further appends throw. */
  close(): void {
    if (this.fd === undefined) return;
    this.io.closeSync(this.fd);
    this.fd = undefined;
  }
}
