import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { runCli } from '../helpers/run-cli.ts';
import { formatNpy } from '../../src/data/npy.ts';
import { generateCards } from '../../src/data/cards.ts';

const dir = mkdtempSync(join(tmpdir(), 'ferroloop-vae-cli-'));
/** 16-pixel cards and 32-unit layers keep each training to about a second; the tests check the commands, not quality. */
const cards = ['--data', 'cards', '--count', '200', '--size', '16'];
const tiny = [...cards, '--hidden', '32', '--epochs', '2', '--quiet'];
const noFigures = '--no-figures';

describe('ferroloop vae', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('train → encode → decode for a jrvae ensemble; a reloaded model encodes bit-identically in a new process', async () => {
    const model = join(dir, 'jr');
    const t = await runCli(['vae', 'train', '--model', 'jrvae', ...tiny, '--ensemble', '2', '--out', model]);
    assert.equal(t.code, 0, t.stderr);
    assert.match(t.stderr, /member 2\/2 epoch 2\/2 loss [\d.]+ recon [\d.]+ kl_z [\d.]+ kl_angle [\d.]+ kl_shift [\d.]+ kl_class [\d.]+/);
    // Figures: the latent distribution (SVG, 2x PNG, Vega-Lite spec), a manifold per class, the ensemble's dispersion.
    for (const f of ['latent.svg', 'latent.png', 'latent.vl.json', 'manifold-class-0.png', 'manifold-class-3.png', 'ensemble-dispersion.png']) {
      assert.ok(existsSync(join(model, f)), f);
    }
    const spec = JSON.parse(readFileSync(join(model, 'latent.vl.json'), 'utf8'));
    assert.equal(spec.encoding.color.field, 'class');
    const manifold = JSON.parse(readFileSync(join(model, 'manifold-class-0.vl.json'), 'utf8'));
    assert.equal(manifold.mark.type, 'image');
    assert.deepEqual([manifold.encoding.x.title, manifold.encoding.y.title], ['z₁ (latent units)', 'z₂ (latent units)']);
    assert.match(readFileSync(join(model, 'manifold-class-0.svg'), 'utf8'), /−1\.64/, 'tile centres labelled with their latent values');
    assert.equal(spec.data.values.length, 200);
    const a = await runCli(['vae', 'encode', '--model', model, ...cards, '--out', join(dir, 'a.csv')]);
    assert.equal(a.code, 0, a.stderr);
    const b = await runCli(['vae', 'encode', '--model', model, ...cards, '--out', join(dir, 'b.csv')]);
    assert.equal(b.code, 0, b.stderr);
    const csv = readFileSync(join(dir, 'a.csv'), 'utf8');
    assert.equal(csv, readFileSync(join(dir, 'b.csv'), 'utf8'));
    const lines = csv.trim().split('\n');
    assert.equal(lines[0], 'angle,shift_x,shift_y,z1,z2,class,p1,p2,p3,p4,class_dispersion');
    assert.equal(lines.length, 201);
    for (const line of lines.slice(1)) {
      const cells = line.split(',').map(Number);
      assert.equal(cells.length, 11);
      assert.ok(Number.isInteger(cells[5]) && cells[5] >= 0 && cells[5] < 4);
      assert.ok(Math.abs(cells.slice(6, 10).reduce((s, v) => s + v, 0) - 1) < 1e-5);
      assert.ok(cells[10] === 0 || cells[10] === 0.5);
    }
    const d = await runCli(['vae', 'decode', '--model', model, '--grid', '3x5', '--class', '2', '--out', join(dir, 'm.png')]);
    assert.equal(d.code, 0, d.stderr);
    const png = PNG.sync.read(readFileSync(join(dir, 'm.png')));
    // 5 tiles of 16 px at 2× with 2 px gaps across, 3 down.
    assert.deepEqual([png.width, png.height], [5 * 34 + 2, 3 * 34 + 2]);
  });

  it('trains a cvae and an ssvae from a user .npy stack with labels', async () => {
    const c = generateCards({ count: 120, size: 12, seed: 1 });
    const stack = join(dir, 'stack.npy');
    writeFileSync(stack, formatNpy({ shape: [120, 12, 12], dtype: 'float32', data: c.images }));
    const labels = join(dir, 'labels.csv');
    writeFileSync(labels, `label\n${Array.from(c.labels, (l, i) => (i < 40 ? l : -1)).join('\n')}\n`);
    const ss = await runCli(['vae', 'train', '--model', 'ssvae', '--data', stack, '--labels', labels, '--hidden', '16', '--epochs', '1', '--quiet', noFigures, '--out', join(dir, 'ss')]);
    assert.equal(ss.code, 0, ss.stderr);
    const e = await runCli(['vae', 'encode', '--model', join(dir, 'ss'), '--data', stack, '--out', join(dir, 'ss.csv')]);
    assert.equal(e.code, 0, e.stderr);
    assert.equal(readFileSync(join(dir, 'ss.csv'), 'utf8').split('\n')[0], 'z1,z2,class,p1,p2,p3,p4');
    const cv = await runCli(['vae', 'train', '--model', 'cvae', '--data', stack, '--labels', labels, '--epochs', '1', '--out', join(dir, 'cv')]);
    assert.equal(cv.code, 2);
    assert.match(cv.stderr, /cvae needs a class label/);
  });

  it('Ctrl-C during training keeps the best epoch and exits 130', async () => {
    const model = join(dir, 'stopped');
    const r = await runCli(['vae', 'train', '--model', 'rvae', ...cards, '--hidden', '32', '--epochs', '500', '--quiet', '--out', model], {
      signalWhen: { pattern: /epoch 1\/500/, signal: 'SIGINT' },
    });
    assert.equal(r.code, 130, r.stderr);
    assert.match(r.stderr, /stopping after this minibatch/);
    assert.ok(existsSync(join(model, 'ensemble.json')) && existsSync(join(model, 'member-0', 'weights.bin')));
    const d = await runCli(['vae', 'decode', '--model', model, '--grid', '2x2', '--out', join(dir, 's.png')]);
    assert.equal(d.code, 0, d.stderr);
  });

  it('classes: an ensemble per K, stability per K in classes.csv, the chosen K printed; a conv encoder trains too', async () => {
    const out = join(dir, 'classes');
    const r = await runCli(['vae', 'classes', '--model', 'jvae', ...tiny, '--encoder', 'conv', '--conv', '4', '--classes', '2,3', '--ensemble', '2', '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    const rows = readFileSync(join(out, 'classes.csv'), 'utf8').trim().split('\n');
    assert.equal(rows[0], 'classes,members,mean_pairwise_ari,mean_dispersion,worst_class_dispersion,chosen');
    assert.deepEqual(rows.slice(1).map((l) => Number(l.split(',')[0])), [2, 3]);
    const chosen = rows.slice(1).filter((l) => l.endsWith(',1'));
    assert.equal(chosen.length, 1);
    for (const l of rows.slice(1)) {
      const [, members, ari, disp] = l.split(',').map(Number);
      assert.equal(members, 2);
      assert.ok(ari >= -1 && ari <= 1 && disp >= 0 && disp <= 0.5, l);
    }
    assert.match(r.stdout, new RegExp(`chosen: ${chosen[0].split(',')[0]} classes`));
    assert.ok(existsSync(join(out, 'k-3', 'member-1', 'model.json')));
  });

  it('bad input gets one line and exit 2', async () => {
    for (const [args, pattern] of [
      [['vae', 'train', '--data', 'cards', '--out', dir], /--model: is required/],
      [['vae', 'train', '--model', 'xvae', '--data', 'cards', '--out', dir], /--model/],
      [['vae', 'train', '--model', 'vae', '--data', join(dir, 'missing.npy'), '--out', dir], /missing\.npy: no such file/],
      [['vae', 'decode', '--model', dir, '--grid', '3by3', '--out', join(dir, 'x.png')], /--grid: expected ROWSxCOLS/],
      [['vae', 'frobnicate'], /unknown sub-command/],
      [['vae', 'train', '--model', 'vae', '--data', 'cards', '--conv', '8', '--out', dir], /--conv: applies to --encoder conv/],
      [['vae', 'classes', '--model', 'vae', '--data', 'cards', '--classes', '2:3', '--out', dir], /--model: must be jvae or jrvae/],
      [['vae', 'classes', '--model', 'jvae', '--data', 'cards', '--classes', '4:2', '--out', dir], /--classes: empty range/],
    ] as const) {
      const r = await runCli([...args]);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, pattern);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    }
  });
});
