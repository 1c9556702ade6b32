import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatCsv, parseInputsCsv, parseNumericCsv, parseTrainingCsv } from '../../src/data/csv.ts';
import { InputError } from '../../src/errors.ts';

/** Asserts an InputError whose path is exactly `where` (file:line:column) and whose message matches. */
function rejects(fn: () => unknown, where: string, message: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof InputError, String(e));
    assert.equal(e.path, where);
    assert.match(e.message, message);
    assert.ok(!e.message.includes('\n'));
    return true;
  });
}

describe('numeric CSV', () => {
  it('parses a training table (CRLF, blank lines, spaces, exponents)', () => {
    const d = parseTrainingCsv('x1, x2 ,y\r\n0.5,1e-3,-2\r\n\r\n .25 ,+3,4E2\r\n', 't.csv');
    assert.deepEqual(d.featureNames, ['x1', 'x2']);
    assert.deepEqual([d.X.rows, d.X.cols], [2, 2]);
    assert.deepEqual(Array.from(d.X.data), [0.5, 1e-3, 0.25, 3]);
    assert.deepEqual(Array.from(d.y), [-2, 400]);
  });

  it('parses prediction inputs whose header matches the features', () => {
    const X = parseInputsCsv('x1,x2\n1,2\n3,4\n', 'x.csv', ['x1', 'x2']);
    assert.deepEqual([X.rows, X.cols, ...X.data], [2, 2, 1, 2, 3, 4]);
    assert.equal(parseInputsCsv('x1,x2\n', 'x.csv', ['x1', 'x2']).rows, 0);
  });

  it('names file:line:column for every kind of bad input', () => {
    rejects(() => parseTrainingCsv('x1,y\n1,2\n3\n', 't.csv'), 't.csv:3:2', /row has 1 fields, header has 2/);
    rejects(() => parseTrainingCsv('x1,y\n1,2\n3,4,5\n', 't.csv'), 't.csv:3:3', /row has 3 fields/);
    rejects(() => parseTrainingCsv('x1,y\n1,2\n3,abc\n', 't.csv'), 't.csv:3:2', /'abc' is not a number/);
    rejects(() => parseTrainingCsv('x1,y\n1,2\nNaN,4\n', 't.csv'), 't.csv:3:1', /NaN is not allowed/);
    rejects(() => parseTrainingCsv('x1,y\n1,2\n1,\n', 't.csv'), 't.csv:3:2', /empty field/);
    rejects(() => parseTrainingCsv('x1,y\n1,2\n0x10,4\n', 't.csv'), 't.csv:3:1', /not a number/);
    rejects(() => parseTrainingCsv('x1,y\n1,2\n1e999,4\n', 't.csv'), 't.csv:3:1', /out of the float64 range/);
    rejects(() => parseTrainingCsv('x1,y\n1,2\n', 't.csv'), 't.csv:1:1', /at least 2 data rows, got 1/);
    rejects(() => parseTrainingCsv('x1,x2\n1,2\n3,4\n', 't.csv'), 't.csv:1:2', /last column 'y'/);
    rejects(() => parseTrainingCsv('y\n1\n2\n', 't.csv'), 't.csv:1:1', /x1,…,xd,y/);
    rejects(() => parseTrainingCsv('', 't.csv'), 't.csv:1:1', /empty/);
    rejects(() => parseNumericCsv('a,,b\n', 't.csv'), 't.csv:1:2', /empty column name/);
    rejects(() => parseNumericCsv('a,a\n', 't.csv'), 't.csv:1:2', /duplicate/);
    rejects(() => parseNumericCsv('1,2\n3,4\n', 't.csv'), 't.csv:1:1', /header expected/);
    rejects(() => parseInputsCsv('x2,x1\n1,2\n', 'x.csv', ['x1', 'x2']), 'x.csv:1:1', /header must be 'x1,x2'/);
    rejects(() => parseInputsCsv('x1\n1\n', 'x.csv', ['x1', 'x2']), 'x.csv:1:2', /header must be/);
  });

  it('formats columns with a header and round-trip numbers', () => {
    const text = formatCsv(['mean', 'std'], [Float64Array.from([0.1, -2]), Float64Array.from([1 / 3, 0])]);
    assert.equal(text, 'mean,std\n0.1,0.3333333333333333\n-2,0\n');
    const back = parseNumericCsv(text, 'o.csv');
    assert.equal(back.values.data[1], 1 / 3);
  });
});
