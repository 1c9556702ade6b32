import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { serialConfig } from '../drivers/serial/memory-rig.ts';
import { type PtyRig, SOCAT_MISSING, startPtyRig } from '../drivers/serial/pty-rig.ts';
import { repoRoot } from '../helpers/repo-paths.ts';

const bin = join(repoRoot, 'bin', 'ferroloop.mjs');

function probeSync(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, 'probe', ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Async spawn: the pty rig lives in this process's children, so the event loop must keep running. */
function probe(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, 'probe', ...args], { cwd: repoRoot });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('ferroloop probe', () => {
  let dir: string;
  before(() => { dir = mkdtempSync(join(tmpdir(), 'ferroloop-probe-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints identity, capabilities and limits, runs a read-only scan, and prints a JSON summary (ferrosim)', () => {
    const r = probeSync('--config', join(repoRoot, 'configs', 'instruments', 'ferrosim.json'));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^identity {4}ferroloop,FerroSIM digital twin/m);
    assert.match(r.stderr, /^limits {6}pole: \{"maxVolts":1000/m);
    const summary = JSON.parse(r.stdout);
    assert.deepEqual(summary.capabilities, ['pole', 'scan', 'spectroscopy', 'simulate']);
    assert.equal(summary.measurement.command.kind, 'scan');
    assert.deepEqual(summary.measurement.arrays.PX.shape, [8, 8]);
  });

  it('accepts a campaign config with an instrument block and names the path of a bad field (exit 2)', () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ instrument: { kind: 'poling-serial', transport: {}, amplifier: { gain: 1, maxVolts: 1 } } }));
    const r = probeSync('--config', file);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /ferroloop probe: instrument\.transport\.path: Required/);
  });

  it('fails with exit 1 and one line when the port does not exist', () => {
    const file = join(dir, 'missing.json');
    writeFileSync(file, JSON.stringify(serialConfig('microscope-serial', { awg: '', pfm: join(dir, 'no-such-tty') })));
    const r = probeSync('--config', file);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /cannot open/);
  });

  describe('against the virtual rig on socat ptys', { skip: SOCAT_MISSING }, () => {
    let pty: PtyRig;
    before(async () => { pty = await startPtyRig(); });
    after(async () => pty?.cleanup());

    it('probes the poling rig: both identities, and a zero-field pole when asked for --measure auto on poling only', async () => {
      const rigFile = join(dir, 'rig.json');
      writeFileSync(rigFile, JSON.stringify(serialConfig('poling-rig', pty.paths)));
      const r = await probe('--config', rigFile);
      assert.equal(r.code, 0, r.stderr);
      const summary = JSON.parse(r.stdout);
      assert.match(summary.identity, /^ferroloop,VAWG-33500,EMU-1,1\.0 \+ ferroloop,VPFM-1,EMU-1,1\.0$/);
      assert.equal(summary.measurement.command.kind, 'scan');
      const awgFile = join(dir, 'awg.json');
      writeFileSync(awgFile, JSON.stringify(serialConfig('poling-serial', pty.paths)));
      const p = await probe('--config', awgFile);
      assert.equal(p.code, 0, p.stderr);
      const pole = JSON.parse(p.stdout).measurement;
      assert.equal(pole.command.kind, 'pole');
      assert.equal(pole.command.peak, 0);
      assert.equal(pole.arrays.V.max, 0);
    });
  });
});
