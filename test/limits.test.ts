import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadCampaignConfig } from '../src/config-loader.ts';
import { parseInstrumentConfig } from '../src/drivers/instrument-config.ts';
import { readConfigText } from '../src/cli/read-text-file.ts';
import { SimSpecSchema } from '../src/sim/sim-spec.ts';
import { gridPlan } from '../src/sweep/sweep-plan.ts';
import { DEFAULT_SIM_SPEC } from '../src/sim/sim-spec.ts';
import { MAX_CANDIDATES, MAX_FIELD_STEPS, MAX_LATTICE } from '../src/limits.ts';
import { runCli } from './helpers/run-cli.ts';
import { repoRoot } from './helpers/repo-paths.ts';

const dir = mkdtempSync(join(tmpdir(), 'ferroloop-limits-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const text = (file: string): string => readFileSync(join(repoRoot, 'configs', file), 'utf8');

/** The one-line error of loading a shipped config with overrides (fails the test when it loads). */
function refusal(file: string, overrides: string[]): string {
  try {
    loadCampaignConfig(text(file), file, overrides);
  } catch (err) {
    const message = (err as Error).message;
    assert.equal(message.split('\n').length, 1, message);
    assert.equal((err as { code?: string }).code, 'CONFIG_INVALID');
    return message;
  }
  assert.fail(`${overrides.join(' ')} was accepted`);
}

describe('bounded inputs: every size in a config has a documented limit', () => {
  it('a field of 2^31 steps is refused at once, naming the field and the limit', () => {
    assert.match(refusal('param-bo.json', ['workflow.field.steps=2147483648']), new RegExp(`workflow\\.field\\.steps: .*${MAX_FIELD_STEPS}`));
    assert.match(refusal('param-bo.json', ['workflow.field={"kind":"trajectory","A":1,"alpha":1,"omega":1,"B":0,"hold":2000000}']), /workflow\.field\.hold: .*1000000/);
  });

  it('search spaces are bounded by their product, not only per axis', () => {
    assert.match(refusal('param-bo.json', ['workflow.k.count=1000', 'workflow.depAlpha.count=1000']), new RegExp(`workflow\\.k\\.count: k\\.count × depAlpha\\.count is at most ${MAX_CANDIDATES} candidates, got 1000000`));
    assert.match(refusal('latent-bo.json', ['workflow.grid.nx=1000', 'workflow.grid.ny=1000']), new RegExp(`workflow\\.grid: nx × ny is at most ${MAX_CANDIDATES}`));
    assert.match(refusal('dkl-microscope.json', ['workflow.scan.pixels=[1024,1024]']), /workflow\.scan\.pixels: nx × ny is at most 100000 pixels/);
    assert.match(refusal('latent-bo.json', ['workflow.trajectories.count=1000000']), /workflow\.trajectories\.count: .*100000/);
  });

  it('model sizes, agent counts and names are bounded', () => {
    assert.match(refusal('latent-bo.json', ['workflow.vae.epochs=1e9']), /workflow\.vae\.epochs: .*100000/);
    assert.match(refusal('latent-bo.json', ['workflow.vae.hidden=[100000]']), /workflow\.vae\.hidden\[0\]: .*4096/);
    assert.match(refusal('dkl-microscope.json', ['surrogate.options.hidden=[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]']), /surrogate\.options\.hidden: .*16/);
    assert.match(refusal('param-bo.json', ['surrogate={"kind":"gp","maxFitPoints":1000000}']), /surrogate\.maxFitPoints: .*10000/);
    assert.match(refusal('param-bo.json', ['agent.initialPoints=1e7']), /agent\.initialPoints: .*1000000/);
    assert.match(refusal('param-bo.json', [`name=${'x'.repeat(200)}`]), /name: .*128/);
  });

  it('instrument configs bound pixels, points, paths and names', () => {
    const rig = JSON.parse(text('latent-bo.rig.json')).instrument;
    assert.throws(() => parseInstrumentConfig({ ...rig, poleScan: { pixels: [100000, 20] } }), /instrument\.poleScan\.pixels\.0: .*4096/);
    assert.throws(() => parseInstrumentConfig({ ...rig, name: 'n'.repeat(500) }), /instrument\.name: .*128/);
    assert.throws(() => parseInstrumentConfig({ ...rig, poling: { ...rig.poling, transport: { path: '/'.repeat(5000) } } }), /instrument\.poling\.transport\.path: .*4096/);
    assert.throws(() => parseInstrumentConfig({ kind: 'ferrosim', scan: { defaultPixels: [5000, 5] } }), /instrument\.scan\.defaultPixels\.0: .*4096/);
  });

  it('sim specs bound the lattice, the field and per-site lists', () => {
    const tooBig = (spec: unknown): string => {
      const r = SimSpecSchema.safeParse(spec);
      assert.equal(r.success, false);
      return `${r.error!.issues[0].path.join('.')}: ${r.error!.issues[0].message}`;
    };
    assert.match(tooBig({ n: 4096 }), new RegExp(`^n: .*${MAX_LATTICE}`));
    assert.match(tooBig({ field: { kind: 'sine', amplitude: 1, steps: 2 ** 31 } }), /^field\.steps: .*1000000/);
    assert.match(tooBig({ defects: { kind: 'random', count: 2 ** 30, seed: 1 } }), /^defects\.count: .*1048576/);
  });

  it('a grid sweep plan shares one field between its runs (memory grows with runs, not runs × steps)', () => {
    const plan = gridPlan(DEFAULT_SIM_SPEC, { name: 'k', min: 0.1, max: 10, count: 3, scale: 'linear' }, { name: 'd', min: 0, max: 2, count: 2, scale: 'linear' });
    assert.equal(plan.tasks.length, 6);
    assert.ok(plan.tasks.every((t) => t.options.field === plan.tasks[0].options.field && t.options.timeVec === plan.tasks[0].options.timeVec));
  });
});

describe('bounded inputs: sweeps and config files', () => {
  it('sweep grid refuses 10^10 runs in one line, before planning; more than 10^6 needs --force', async () => {
    const huge = await runCli(['sweep', 'grid', '--k', '0.1:10:100000', '--dep-alpha', '0:2:100000', '--quiet']);
    assert.equal(huge.code, 2);
    assert.equal(huge.stderr.trim().split('\n').length, 1, huge.stderr);
    assert.match(huge.stderr, /--k × --dep-alpha: 10000000000 runs exceed the limit of 10000000 runs, even with --force/);
    const big = await runCli(['sweep', 'grid', '--k', '0.1:10:2000', '--dep-alpha', '0:2:1000', '--quiet']);
    assert.equal(big.code, 2);
    assert.match(big.stderr, /--k × --dep-alpha: 2000000 runs exceed the limit of 1000000 runs \(--force allows up to 10000000\)/);
    const count = await runCli(['sweep', 'trajectories', '--count', '2000000', '--quiet']);
    assert.equal(count.code, 2);
    assert.match(count.stderr, /--count: .*100000/);
  });

  it('a config file: UTF-8 BOM accepted; non-UTF-8 refused by offset without echoing bytes; over 1 MiB refused', async () => {
    const json = text('param-bo.json');
    const bom = join(dir, 'bom.json');
    writeFileSync(bom, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json)]));
    assert.equal(loadCampaignConfig(await readConfigText(bom), bom).name, 'param-bo');
    const latin1 = join(dir, 'latin1.json');
    writeFileSync(latin1, Buffer.concat([Buffer.from('{"name": "caf'), Buffer.from([0xe9, 0xff, 0xfe]), Buffer.from('"}')]));
    await assert.rejects(readConfigText(latin1), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'CONFIG_INVALID');
      assert.match(err.message, /config is not valid UTF-8 \(first bad byte at offset 13\)$/);
      assert.ok(!/[\u0080-\uffff]/.test(err.message.replace('×', '')), 'no raw bytes in the message');
      return true;
    });
    const big = join(dir, 'big.json');
    writeFileSync(big, `{"name":"${'x'.repeat(2 * 1024 * 1024)}"}`);
    await assert.rejects(readConfigText(big), /config is \d+ bytes; at most 1048576 bytes are accepted/);
  });

  it('every config-reading command refuses binary junk in one line that quotes none of it', async () => {
    const junk = join(dir, 'junk.json');
    writeFileSync(junk, Buffer.from([0x67, 0x61, 0x72, 0x62, 0xc3, 0x28, 0x0a, 0x1b, 0x5b, 0x33, 0x31, 0x6d]));
    const garbage = join(dir, 'plain.json');
    writeFileSync(garbage, 'garbage-text-SECRET\n');
    for (const args of [['probe', '--config', junk], ['probe', '--config', garbage], ['emulate', '--awg', 'a', '--microscope', 'b', '--twin', junk],
      ['emulate', '--awg', 'a', '--microscope', 'b', '--twin', garbage], ['run', junk], ['run', garbage]]) {
      const r = await runCli(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stderr.trim().split('\n').length, 1, `${args.join(' ')}: ${r.stderr}`);
      assert.ok(!r.stderr.includes('SECRET') && !r.stderr.includes('\u001b') && !r.stderr.includes('garb'), `${args.join(' ')}: ${r.stderr}`);
    }
  });
});
