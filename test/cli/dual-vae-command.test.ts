import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.ts';
import { parseNpy } from '../../src/data/npy.ts';

const dir = mkdtempSync(join(tmpdir(), 'ferroloop-dual-vae-cli-'));
/** The im2spec CLI test's 32² twin and scan with 24-point loops: 60 pairs in about a second; the tests check the commands, not quality. */
const small = [
  '--set', 'instrument.twin.n=32', '--set', 'instrument.twin.sizeUm=3.3', '--set', 'instrument.twin.clusterCount=27', '--set', 'instrument.twin.relaxSteps=500',
  '--set', 'workflow.scan.pixels=[32,32]', '--set', 'workflow.spectroscopy.points=24',
];
const tiny = ['--hidden', '16', '--epochs', '3', '--quiet'];
const env = { FERROLOOP_SOURCE: '1' };

describe('ferroloop vae train --model dual-vae / vae predict of a dual VAE', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('train → figures; predict loops from structures (.csv, figures, latents) and structures from loops (.npy), reproducibly', async () => {
    const npz = join(dir, 'pairs.npz');
    const p = await runCli(['twin', 'pairs', '--count', '60', '--workers', '2', '--quiet', '--out', npz, ...small], { env });
    assert.equal(p.code, 0, p.stderr);
    const model = join(dir, 'm');
    const t = await runCli(['vae', 'train', '--model', 'dual-vae', '--data', npz, ...tiny, '--out', model], { env });
    assert.equal(t.code, 0, t.stderr);
    assert.match(t.stderr, /dual VAE on 60 pairs \(8×8 patches, loops of 24\) saved to /);
    for (const f of ['dual-vae.json', 'member-0/model.json', 'member-0/weights.bin', 'latent-space.png', 'latent-map.png']) assert.ok(existsSync(join(model, f)), f);

    const csv = join(dir, 'pred.csv');
    const latents = join(dir, 'z.csv');
    const r = await runCli(['vae', 'predict', '--model', model, '--data', npz, '--out', csv, '--latents', latents, '--figures', join(dir, 'fig')], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /dual VAE structure → loop on 60 pairs of .*: R² loop -?[\d.]+, R² descriptor \(area\) -?[\d.]+/);
    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    assert.equal(lines.length, 61);
    assert.deepEqual(lines[0].split(',').slice(0, 6), ['pair', 'ix', 'iy', 'descriptor', 'descriptor_predicted', 'y1']);
    assert.equal(lines[0].split(',').length, 5 + 24);
    for (const line of lines.slice(1)) assert.ok(line.split(',').every((c) => Number.isFinite(Number(c)) && c !== ''), line);
    const z = readFileSync(latents, 'utf8').trim().split('\n');
    assert.equal(z.length, 61);
    assert.equal(z[0], 'pair,ix,iy,descriptor,s1,s2,p1,p2');
    for (const f of ['predicted-loops.png', 'descriptor-map.png', 'latent-space.png', 'latent-space.vl.json', 'latent-map.svg']) assert.ok(existsSync(join(dir, 'fig', f)), f);

    const npy = join(dir, 'patches.npy');
    const s = await runCli(['vae', 'predict', '--model', model, '--data', npz, '--direction', 'spec2im', '--out', npy], { env });
    assert.equal(s.code, 0, s.stderr);
    assert.match(s.stderr, /dual VAE loop → structure on 60 pairs of .*: R² patch -?[\d.]+/);
    // Patches of the default channels AMPL, PX, PY: 3 × 8 × 8 values each.
    assert.deepEqual(parseNpy(readFileSync(npy), npy).shape, [60, 192]);

    // Same seed, same data: the same model (bit-identical predictions).
    const again = join(dir, 'm2');
    assert.equal((await runCli(['vae', 'train', '--model', 'dual-vae', '--data', npz, ...tiny, '--no-figures', '--out', again], { env })).code, 0);
    assert.ok(!existsSync(join(again, 'latent-space.png')));
    const csv2 = join(dir, 'pred2.csv');
    assert.equal((await runCli(['vae', 'predict', '--model', again, '--data', npz, '--out', csv2], { env })).code, 0);
    assert.equal(readFileSync(csv2, 'utf8'), readFileSync(csv, 'utf8'));
  });

  it('--help; bad input is a clear error', async () => {
    for (const args of [['vae', 'train', '--model', 'dual-vae', '--help'], ['vae', 'predict', '--help'], ['vae', '--help']]) {
      const h = await runCli(args, { env });
      assert.equal(h.code, 0, args.join(' '));
      assert.match(h.stdout, /^usage: ferroloop /, args.join(' '));
      assert.match(h.stdout, /dual-vae/, args.join(' '));
    }
    assert.match((await runCli(['vae', 'predict', '--help'], { env })).stdout, /--direction D/);
    const npz = join(dir, 'pairs.npz');
    const model = join(dir, 'm');
    const cases: [string[], RegExp][] = [
      [['vae', 'train', '--model', 'dual-vae', '--data', join(dir, 'missing.npz'), '--out', join(dir, 'x')], /missing\.npz: no such file/],
      [['vae', 'train', '--model', 'dual-vae', '--data', 'twin', '--tie=-1', '--out', join(dir, 'x')], /options\.tie/],
      [['vae', 'train', '--model', 'dual-vae', '--data', 'twin', '--encoder', 'cnn', '--out', join(dir, 'x')], /options\.encoder/],
      [['vae', 'train', '--model', 'dual-vae', '--data', 'twin', '--ensemble', '2', '--out', join(dir, 'x')], /ensemble/],
      [['vae', 'train', '--model', 'dual-vae', '--data', npz], /--out: is required/],
      [['vae', 'predict', '--model', model, '--data', npz, '--direction', 'sideways', '--out', join(dir, 'y.csv')], /--direction: .*sideways/],
      [['vae', 'predict', '--model', model, '--data', npz, '--latents', join(dir, 'z.txt'), '--out', join(dir, 'y.csv')], /--latents: expected a \.csv file/],
    ];
    for (const [args, pattern] of cases) {
      const r = await runCli(args, { env });
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, pattern, args.join(' '));
    }
    // Pairs of another shape than the model's: a clear input error naming both.
    const other = join(dir, 'other.npz');
    assert.equal((await runCli(['twin', 'pairs', '--count', '20', '--workers', '2', '--quiet', '--out', other, ...small, '--set', 'workflow.spectroscopy.points=16'], { env })).code, 0);
    const shape = await runCli(['vae', 'predict', '--model', model, '--data', other, '--out', join(dir, 'y.csv')], { env });
    assert.equal(shape.code, 2, shape.stderr);
    assert.match(shape.stderr, /loops of 16; the dual VAE was trained on 3×8×8 patches and loops of 24/);
    // A dual-VAE directory with a corrupt manifest: MODEL_INVALID (exit 1).
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'm2', 'dual-vae.json'), '{"format":"nope"}');
    const bad = await runCli(['vae', 'predict', '--model', join(dir, 'm2'), '--data', npz, '--out', join(dir, 'y.csv')], { env });
    assert.equal(bad.code, 1, bad.stderr);
    assert.match(bad.stderr, /m2\/dual-vae\.json: format/);
  });
});
