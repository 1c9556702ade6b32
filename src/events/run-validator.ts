import type { DataKey } from './documents.ts';
import { flattenNested } from './nested-array.ts';

/** One rule of a run that a document breaks: the document's index in the run (0-based) and what is wrong. */
export interface RunIssue {
  readonly index: number;
  readonly message: string;
}

/**
 * Checks what the event-model JSON schemas cannot: start first and once, stop last, events after their
 * descriptor with the descriptor's data keys, seq_num 1, 2, … per descriptor, and each value's dtype and
 * shape against its data key (`np.asarray(v).shape == tuple(shape)`, null = any length).
 */
export function validateRun(docs: readonly (readonly [string, unknown])[]): RunIssue[] {
  const issues: RunIssue[] = [];
  const keys = new Map<string, Record<string, DataKey>>();
  const seq = new Map<string, number>();
  docs.forEach(([name, raw], index) => {
    const doc = raw as Record<string, unknown>;
    const issue = (message: string): void => void issues.push({ index, message });
    if (index === 0 && name !== 'start') issue(`the first document is a ${name}, not a start`);
    if (index > 0 && name === 'start') issue('a second start document');
    if (name === 'stop' && index !== docs.length - 1) issue('documents after the stop document');
    if (name === 'descriptor') keys.set(doc.uid as string, doc.data_keys as Record<string, DataKey>);
    if (name !== 'event') return;
    const dataKeys = keys.get(doc.descriptor as string);
    if (!dataKeys) return issue(`event ${doc.seq_num} before its descriptor`);
    const expected = (seq.get(doc.descriptor as string) ?? 0) + 1;
    if (doc.seq_num !== expected) issue(`seq_num ${doc.seq_num} where ${expected} was due (repeated or skipped)`);
    seq.set(doc.descriptor as string, Math.max(expected, doc.seq_num as number));
    const data = doc.data as Record<string, unknown>;
    const want = Object.keys(dataKeys).sort().join(',');
    if (Object.keys(data).sort().join(',') !== want) issue(`event ${doc.seq_num}: data keys differ from the descriptor's`);
    for (const [key, dk] of Object.entries(dataKeys)) {
      if (key in data) {
        const problem = valueProblem(data[key], dk);
        if (problem) issue(`event ${doc.seq_num}: ${key} ${problem}`);
      }
    }
  });
  return issues;
}

/** Why a value does not fit its data key (dtype, shape), or undefined when it does. */
export function valueProblem(value: unknown, dk: DataKey): string | undefined {
  if (dk.dtype === 'array') {
    const nested = flattenNested(value);
    if (!nested) return 'is not a rectangular array of numbers';
    const { shape } = nested;
    const fits = shape.length === dk.shape.length && dk.shape.every((s, i) => s === null || s === shape[i]);
    return fits ? undefined : `has shape [${shape.join(', ')}], declared [${dk.shape.join(', ')}]`;
  }
  if (dk.shape.length !== 0) return `is a ${dk.dtype} declared with shape [${dk.shape.join(', ')}]`;
  const ok = dk.dtype === 'string' ? typeof value === 'string'
    : dk.dtype === 'boolean' ? typeof value === 'boolean'
      : dk.dtype === 'integer' ? Number.isInteger(value) : typeof value === 'number' && Number.isFinite(value);
  return ok ? undefined : `is ${JSON.stringify(value)}, not a${dk.dtype === 'integer' ? 'n' : ''} ${dk.dtype}`;
}
