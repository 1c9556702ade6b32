import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import type { NamedDocument } from '../events/documents.ts';

/**
 * Append-only JSONL run log: one `[name, document]` pair per line, written and fsync'd before
 * `append` returns, so that a run killed at any moment (SIGKILL included) loses at most the line
 * being written (which the reader then drops).
 */
export class RunLogWriter {
  private fd: number | undefined;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'a');
  }

  /** Appends one document and flushes it to disk. */
  append(doc: NamedDocument): void {
    if (this.fd === undefined) throw new Error(`run log ${this.path} is closed`);
    writeSync(this.fd, `${JSON.stringify(doc)}\n`);
    fsyncSync(this.fd);
  }

  /** Closes the file; further appends throw. */
  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }
}
