import { readFileSync, truncateSync } from 'node:fs';
import { FerroloopError } from '../errors.ts';
import { type NamedDocument, NamedDocumentSchema } from '../events/documents.ts';
import { formatPath } from '../sim/reference-case.ts';

/** A run log that cannot be read back: a line in the middle is not a valid document. */
export class RunLogError extends FerroloopError {
  constructor(message: string, readonly line: number) {
    super('RUNLOG_CORRUPT', message);
  }
}

/** What was read: the documents, and whether a torn last line (a kill mid-write) was dropped. */
export interface RunLogContents {
  readonly documents: NamedDocument[];
  /** The 1-based line number of each document (blank lines are skipped). */
  readonly lines: number[];
  /** The byte offset at which each document's line starts. */
  readonly offsets: number[];
  /** Byte length of the complete lines (where an append should continue). */
  readonly validBytes: number;
  readonly droppedTornLine: boolean;
}

/** Parses run-log text; only the last line may be torn (no trailing newline), and it is dropped. */
export function parseRunLog(text: string, path = 'run log'): RunLogContents {
  const documents: NamedDocument[] = [];
  const lines: number[] = [];
  const offsets: number[] = [];
  let offset = 0;
  let bytes = 0;
  let lineNo = 0;
  while (offset < text.length) {
    const end = text.indexOf('\n', offset);
    lineNo += 1;
    if (end < 0) return { documents, lines, offsets, validBytes: bytes, droppedTornLine: true };
    const line = text.slice(offset, end);
    const lineStart = bytes;
    bytes += Buffer.byteLength(line) + 1;
    offset = end + 1;
    if (line.trim() === '') continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      throw new RunLogError(`${path}:${lineNo}: not valid JSON`, lineNo);
    }
    const parsed = NamedDocumentSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new RunLogError(`${path}:${lineNo}: ${formatPath(issue.path)}: ${issue.message}`, lineNo);
    }
    documents.push(parsed.data as NamedDocument);
    lines.push(lineNo);
    offsets.push(lineStart);
  }
  return { documents, lines, offsets, validBytes: bytes, droppedTornLine: false };
}

/** Reads a run log file; with `repair`, cuts a torn last line off the file so appends continue cleanly. */
export function readRunLog(path: string, opts: { repair?: boolean } = {}): RunLogContents {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new FerroloopError('FILE_UNREADABLE', `${path}: cannot read run log (${(err as NodeJS.ErrnoException).code ?? 'error'})`, { cause: err });
  }
  const contents = parseRunLog(text, path);
  if (opts.repair && contents.droppedTornLine) truncateSync(path, contents.validBytes);
  return contents;
}
