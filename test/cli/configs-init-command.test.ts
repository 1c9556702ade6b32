import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli } from '../helpers/run-cli.ts';
import { repoRoot } from '../helpers/repo-paths.ts';

const dir = mkdtempSync(join(tmpdir(), 'ferroloop-init-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('ferroloop --version, configs, init', () => {
  it('--version prints the package version', async () => {
    const r = await runCli(['--version']);
    const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
    assert.equal(r.code, 0);
    assert.equal(r.stdout, `ferroloop ${version}\n`);
  });

  it('configs lists every shipped config with a summary (and --json)', async () => {
    const [text, json] = await Promise.all([runCli(['configs']), runCli(['configs', '--json'])]);
    assert.equal(text.code, 0);
    assert.match(text.stdout, /^param-bo\.json +param-bo on ferrosim/m);
    assert.match(text.stdout, /^instruments\/poling-rig\.json +instrument: poling-rig$/m);
    assert.ok(JSON.parse(json.stdout).some((c: { name: string }) => c.name === 'latent-bo.rig.json'));
  });

  it('init copies a shipped config to edit, keeps an existing copy unless --force, and refuses unknown names', async () => {
    const first = await runCli(['init', 'param-bo', dir]);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.stdout.trim(), join(dir, 'param-bo.json'));
    assert.equal(readFileSync(join(dir, 'param-bo.json'), 'utf8'), readFileSync(join(repoRoot, 'configs', 'param-bo.json'), 'utf8'));
    const [again, forced, unknown] = await Promise.all([
      runCli(['init', 'param-bo', dir]), runCli(['init', 'param-bo.json', dir, '--force']), runCli(['init', 'nope', dir]),
    ]);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /exists already \(use --force to overwrite\)/);
    assert.equal(forced.code, 0);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /^ferroloop init: nope: no such file, and no shipped config of that name/);
  });

  it('run finds a shipped config by name from any folder, as serve --campaign does', async () => {
    const r = await runCli(['run', 'param-bo.json', '--runs-dir', join(dir, 'runs'), '--quiet', '--set', 'agent.budget=10',
      '--set', 'workflow.k.count=8', '--set', 'workflow.depAlpha.count=8']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).evaluations, 10);
  });
});
