/**
 * Numeric CSV files for offline fitting: a header line of column names, then rows of decimal numbers.
 * Every error is an InputError whose path is `file:line:column` (1-based), so the CLI prints one line such as
 * `train.csv:4:2: 'abc' is not a number`.
 */
import { InputError } from '../errors.ts';
import { matrix, type Dataset, type Matrix } from '../models/surrogate.ts';

/** A parsed numeric table: `header` names, values row-major rows x header.length. */
export interface NumericTable {
  readonly header: readonly string[];
  readonly values: Matrix;
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Parses CSV text (comma-separated, CRLF or LF, blank lines ignored, no quoting) into a numeric table. */
export function parseNumericCsv(text: string, file: string): NumericTable {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const headerIndex = lines.findIndex((l) => l.trim() !== '');
  if (headerIndex < 0) throw new InputError(`${file}:1:1`, 'file is empty (expected a header line)');
  const header = lines[headerIndex].split(',').map((h) => h.trim());
  header.forEach((name, c) => {
    if (name === '') throw new InputError(`${file}:${headerIndex + 1}:${c + 1}`, 'empty column name in header');
    if (header.indexOf(name) !== c) throw new InputError(`${file}:${headerIndex + 1}:${c + 1}`, `duplicate column name '${name}'`);
    if (DECIMAL.test(name)) throw new InputError(`${file}:${headerIndex + 1}:${c + 1}`, `header expected, found the number '${name}'`);
  });
  const cols = header.length;
  const data: number[] = [];
  let rows = 0;
  for (let i = headerIndex + 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const cells = lines[i].split(',');
    if (cells.length !== cols) {
      throw new InputError(`${file}:${i + 1}:${Math.min(cells.length, cols) + 1}`, `row has ${cells.length} fields, header has ${cols}`);
    }
    cells.forEach((raw, c) => data.push(parseCell(raw, `${file}:${i + 1}:${c + 1}`)));
    rows++;
  }
  return { header, values: matrix(rows, cols, Float64Array.from(data)) };
}

function parseCell(raw: string, where: string): number {
  const cell = raw.trim();
  if (cell === '') throw new InputError(where, 'empty field (expected a number)');
  if (/^[+-]?nan$/i.test(cell)) throw new InputError(where, 'NaN is not allowed');
  if (!DECIMAL.test(cell)) throw new InputError(where, `'${cell.length > 40 ? `${cell.slice(0, 40)}…` : cell}' is not a number`);
  const v = Number(cell);
  if (!Number.isFinite(v)) throw new InputError(where, `'${cell}' is out of the float64 range`);
  return v;
}

/** Training table: header `x1,…,xd,y` (any distinct feature names, last column `y`), at least `minRows` rows. */
export function parseTrainingCsv(text: string, file: string, minRows = 2): Dataset {
  const t = parseNumericCsv(text, file);
  const d = t.header.length - 1;
  const headerLine = text.split(/\r?\n/).findIndex((l) => l.trim() !== '') + 1;
  if (d < 1 || t.header[d] !== 'y') {
    throw new InputError(`${file}:${headerLine}:${t.header.length}`, `header must be x1,…,xd,y (last column 'y'), got '${t.header.join(',')}'`);
  }
  if (t.values.rows < minRows) {
    throw new InputError(`${file}:${headerLine}:1`, `needs at least ${minRows} data rows, got ${t.values.rows}`);
  }
  const n = t.values.rows;
  const X = new Float64Array(n * d);
  const y = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    X.set(t.values.data.subarray(r * (d + 1), r * (d + 1) + d), r * d);
    y[r] = t.values.data[r * (d + 1) + d];
  }
  return { X: matrix(n, d, X), y, featureNames: t.header.slice(0, d) };
}

/** Prediction inputs: header must equal `featureNames` (same names, same order). */
export function parseInputsCsv(text: string, file: string, featureNames: readonly string[]): Matrix {
  const t = parseNumericCsv(text, file);
  const headerLine = text.split(/\r?\n/).findIndex((l) => l.trim() !== '') + 1;
  const mismatch = featureNames.findIndex((name, c) => t.header[c] !== name);
  if (t.header.length !== featureNames.length || mismatch >= 0) {
    const col = mismatch >= 0 ? mismatch + 1 : Math.min(t.header.length, featureNames.length) + 1;
    throw new InputError(`${file}:${headerLine}:${col}`, `header must be '${featureNames.join(',')}' (the training columns without y), got '${t.header.join(',')}'`);
  }
  return t.values;
}

/** Formats columns as CSV text with a header line; numbers in shortest round-trip form. */
export function formatCsv(header: readonly string[], columns: readonly Float64Array[]): string {
  const n = columns[0]?.length ?? 0;
  const lines = [header.join(',')];
  for (let r = 0; r < n; r++) lines.push(columns.map((c) => String(c[r])).join(','));
  return `${lines.join('\n')}\n`;
}
