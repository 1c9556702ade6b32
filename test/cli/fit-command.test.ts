import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.ts';
import { Rng } from '../../src/sim/rng.ts';

const dir = mkdtempSync(join(tmpdir(), 'ferroloop-fit-cli-'));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** f(x1, x2) = sin(6 x1) + x2² at 30 seeded points of the unit square. */
const rng = new Rng(4);
const rows = Array.from({ length: 30 }, () => [rng.uniform(), rng.uniform()]);
const train = file('train.csv', `x1,x2,y\n${rows.map(([a, b]) => `${a},${b},${Math.sin(6 * a) + b * b}`).join('\n')}\n`);
const queries = [[0.1, 0.2], [0.5, 0.5], [0.9, 0.1], [0.3, 0.8]];
const predict = file('X.csv', `x1,x2\n${queries.map((q) => q.join(',')).join('\n')}\n`);

describe('ferroloop fit', () => {
  it('--model gp prints mean,std with one row per input row, close to the truth', async () => {
    const r = await runCli(['fit', '--model', 'gp', '--train', train, '--predict', predict, '--kernel', 'rbf', '--seed', '3']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines[0], 'mean,std');
    assert.equal(lines.length, 1 + queries.length);
    lines.slice(1).forEach((line, i) => {
      const [mean, std] = line.split(',').map(Number);
      const truth = Math.sin(6 * queries[i][0]) + queries[i][1] ** 2;
      // 30 noise-free points of a smooth function: errors of a few 1e-2 at most; the posterior knows it (±4σ + 0.02).
      assert.ok(std >= 0 && Math.abs(mean - truth) < 4 * std + 0.02, `row ${i}: ${mean} ± ${std} vs ${truth}`);
    });
  });

  it('--priors botorch selects the MAP fit and differs from the maximum-likelihood default', async () => {
    const ml = await runCli(['fit', '--model', 'gp', '--train', train, '--predict', predict]);
    const map = await runCli(['fit', '--model', 'gp', '--train', train, '--predict', predict, '--priors', 'botorch']);
    assert.equal(ml.code, 0, ml.stderr);
    assert.equal(map.code, 0, map.stderr);
    assert.notEqual(map.stdout, ml.stdout);
    const bad = await runCli(['fit', '--model', 'gp', '--train', train, '--predict', predict, '--priors', 'flat']);
    assert.equal(bad.code, 2);
  });

  it('--model dkl prints mean,std with one row per input row', async () => {
    const r = await runCli(['fit', '--model', 'dkl', '--train', train, '--predict', predict, '--seed', '1']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines[0], 'mean,std');
    assert.equal(lines.length, 1 + queries.length);
    for (const line of lines.slice(1)) {
      const [mean, std] = line.split(',').map(Number);
      assert.ok(Number.isFinite(mean) && std >= 0, line);
    }
  });

  it('--help prints usage and exits 0', async () => {
    const r = await runCli(['fit', '--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /usage: ferroloop fit --model gp\|dkl/);
  });

  const bad: [string, string[], RegExp][] = [
    ['ragged row', ['--train', file('ragged.csv', 'x1,x2,y\n1,2,3\n4,5\n'), '--predict', predict], /ragged\.csv:3:3: row has 2 fields/],
    ['non-number', ['--train', file('word.csv', 'x1,x2,y\n1,2,3\n4,five,6\n'), '--predict', predict], /word\.csv:3:2: 'five' is not a number/],
    ['NaN', ['--train', file('nan.csv', 'x1,x2,y\n1,2,3\n4,5,NaN\n'), '--predict', predict], /nan\.csv:3:3: NaN is not allowed/],
    ['one point', ['--train', file('one.csv', 'x1,x2,y\n1,2,3\n'), '--predict', predict], /one\.csv:1:1: needs at least 2 data rows/],
    ['header mismatch', ['--train', train, '--predict', file('hdr.csv', 'x1,x3\n1,2\n')], /hdr\.csv:1:2: header must be 'x1,x2'/],
    ['missing file', ['--train', join(dir, 'nope.csv'), '--predict', predict], /nope\.csv: cannot read training CSV/],
    ['bad model', ['--model', 'svm', '--train', train, '--predict', predict], /--model: expected one of gp, dkl/],
    ['missing --train', ['--predict', predict], /--train: is required/],
  ];
  for (const [name, args, message] of bad) {
    it(`exits 2 with one line on ${name}`, async () => {
      const full = args.includes('--model') ? args : ['--model', 'gp', ...args];
      const r = await runCli(['fit', ...full]);
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, message);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    });
  }
});
