import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PNG } from 'pngjs';
import { runCli } from '../helpers/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'ferroloop-sweep-cli-'));
const base = join(dir, 'base.json');
writeFileSync(base, JSON.stringify({ n: 6, field: { kind: 'sine', amplitude: 2, steps: 100 } }));

describe('ferroloop sweep', () => {
  it('grid: writes CSV rows in order and a PNG heat map', async () => {
    const csv = join(dir, 'grid.csv');
    const png = join(dir, 'grid.png');
    const r = await runCli(['sweep', 'grid', '--base', base, '--k', '0.5:2:4', '--dep-alpha', '0:1:3', '--out', csv, '--png', png, '--workers', '2']);
    assert.equal(r.code, 0, r.stderr);
    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    assert.equal(lines.length, 1 + 12);
    assert.match(lines[0], /^k,depAlpha,curlAbsSum,/);
    assert.deepEqual(lines[2].split(',').slice(0, 2).map(Number), [1, 0]);
    const svg = readFileSync(join(dir, 'grid.svg'), 'utf8');
    for (const text of ['FerroSIM sweep', 'coupling k (code units)', 'depolarisation α_dep (code units)', 'Σ|curl p| of the final state', '(code units)', '12 runs, 6 × 6 lattice']) {
      assert.ok(svg.includes(text), text);
    }
    assert.match(svg, /role-legend/, 'a colour bar');
    const [, w, h] = /width="(\d+)" height="(\d+)"/.exec(svg)!.map(Number);
    const image = PNG.sync.read(readFileSync(png));
    assert.deepEqual([image.width, image.height], [2 * w, 2 * h]);
    const spec = JSON.parse(readFileSync(join(dir, 'grid.vl.json'), 'utf8'));
    assert.match(spec.$schema, /vega-lite\/v6/);
    assert.deepEqual(spec.layer[0].encoding.x.scale.domain, [0.25, 2.25]);
    assert.deepEqual(spec.layer[1].encoding.color.scale.domain.length, 2);
  });

  it('grid --png needs a .png file name', async () => {
    const r = await runCli(['sweep', 'grid', '--base', base, '--k', '0.5:2:2', '--dep-alpha', '0:1:2', '--png', join(dir, 'map.jpg')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--png: expected a file name ending in \.png/);
  });

  it('trajectories: JSON output with the trajectory parameters', async () => {
    const out = join(dir, 'traj.json');
    const r = await runCli(['sweep', 'trajectories', '--base', base, '--count', '4', '--seed', '2', '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(readFileSync(out, 'utf8'));
    assert.equal(doc.points.length, 4);
    assert.ok('omega' in doc.points[0] && 'curlAbsSum' in doc.points[0]);
  });

  it('refuses bad input with exit code 2 and one line', async () => {
    for (const args of [
      ['sweep', 'grid', '--k', '1:0:3', '--dep-alpha', '0:1:2'],
      ['sweep', 'grid', '--k', '0:1:3', '--k-scale', 'log', '--dep-alpha', '0:1:2'],
      ['sweep', 'spiral'],
      ['sweep', 'grid', '--base', join(dir, 'missing.json'), '--k', '1:2:2', '--dep-alpha', '0:1:2'],
    ]) {
      const r = await runCli(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    }
    const badBase = join(dir, 'bad-base.json');
    writeFileSync(badBase, JSON.stringify({ n: 6, field: { kind: 'sine', amplitude: 'big' } }));
    const r = await runCli(['sweep', 'grid', '--base', badBase, '--k', '1:2:2', '--dep-alpha', '0:1:2']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /field\.amplitude/);
  });

  it('Ctrl-C cancels: exit 130 and nothing written', async () => {
    const out = join(dir, 'cancelled.csv');
    const big = join(dir, 'big.json');
    writeFileSync(big, JSON.stringify({ n: 30, field: { kind: 'sine', amplitude: 2, steps: 3000 } }));
    const r = await runCli(['sweep', 'grid', '--base', big, '--k', '0.5:2:40', '--dep-alpha', '0:1:40', '--out', out, '--workers', '1'],
      { signalWhen: { pattern: /runs on 1 workers/, signal: 'SIGINT' } });
    assert.equal(r.code, 130, r.stderr);
    assert.equal(existsSync(out), false);
  });
});
